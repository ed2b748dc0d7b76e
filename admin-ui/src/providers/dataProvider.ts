import simpleRestProvider from 'ra-data-simple-rest';
import { httpClient } from './http';

/** The API follows ra-data-simple-rest's conventions (sort/range/filter, Content-Range). */
export const dataProvider = simpleRestProvider('/api', httpClient);
