import { CustomRoutes } from 'react-admin';
import { Route } from 'react-router-dom';
import { PatrolPage, RectifyPage, ReportHazardPage } from './FieldForms';

export { FieldToday } from './FieldToday';
export { OutboxSender } from './parts';

/** The on-site pages (现场): report a hazard, record a patrol, record a rectification. */
export const fieldRoutes = (
  <CustomRoutes>
    <Route path="/field/report" element={<ReportHazardPage />} />
    <Route path="/field/rectify/:id" element={<RectifyPage />} />
    <Route path="/field/patrol/:gridId/:enterpriseId" element={<PatrolPage />} />
  </CustomRoutes>
);
