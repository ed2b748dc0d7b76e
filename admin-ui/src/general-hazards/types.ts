/** The ledger's record as the API sends it (api/routes/general-hazards.routes.ts, GeneralHazard). */
import type { HazardAction } from '../../../domain/hazards/lifecycle';

export interface HazardRecord {
  id: string;
  hazardNo: number;
  enterpriseId: string;
  regionCode: string;
  industryCategory: string;
  source: string;
  category: string;
  description: string;
  location: string | null;
  lat: number | null;
  lng: number | null;
  responsiblePerson: string | null;
  foundOn: string;
  reportedAt: string;
  reporterRole: string;
  reportedLate: boolean;
  deadline: string;
  status: string;
  light: string;
  rectifiedOn: string | null;
  rectification: string | null;
  onTime: boolean | null;
  closedAt: string | null;
  spotCheck: string | null;
  spotCheckedAt: string | null;
  reopenCount: number;
  lastFollowUpAt: string | null;
  allowedActions: HazardAction[];
}

export interface HazardEvent {
  id: number;
  type: string;
  at: string;
  actorId: string | null;
  actorRole: string;
  payload: Record<string, unknown> | null;
}
export interface HazardPhoto {
  id: string;
  kind: string;
  filename: string;
  mimeType: string;
  uploadedAt: string;
}
export interface HazardDetail extends HazardRecord {
  events: HazardEvent[];
  photos: HazardPhoto[];
}
