import { CustomRoutes } from 'react-admin';
import { Route } from 'react-router-dom';
import { PatrolPage, RectifyPage, ReportHazardPage, SelfInspectionPage } from './FieldForms';

export { FieldToday } from './FieldToday';
export { OutboxSender } from './parts';

/** The on-site pages (现场): report a hazard, record a patrol, a rectification, a self-inspection sheet. */
export const fieldRoutes = (
  <CustomRoutes>
    <Route path="/field/report" element={<ReportHazardPage />} />
    <Route path="/field/rectify/:id" element={<RectifyPage />} />
    <Route path="/field/patrol/:gridId/:enterpriseId" element={<PatrolPage />} />
    <Route path="/field/self-inspection" element={<SelfInspectionPage />} />
  </CustomRoutes>
);
