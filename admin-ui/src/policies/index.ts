import GavelIcon from '@mui/icons-material/Gavel';
import { lazy } from 'react';

const load = () => import('./PolicyPages');

export default {
  list: lazy(() => load().then((m) => ({ default: m.PolicyList }))),
  show: lazy(() => load().then((m) => ({ default: m.PolicyShow }))),
  create: lazy(() => load().then((m) => ({ default: m.PolicyCreate }))),
  icon: GavelIcon,
  recordRepresentation: (r: { regionName: string; version: number }) => `${r.regionName} 第${r.version}版`,
};
