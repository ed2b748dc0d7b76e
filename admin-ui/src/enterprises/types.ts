/** An enterprise as the API returns it (db/schema/registry.ts `enterprises`). */
export interface EnterpriseRecord {
  id: string;
  name: string;
  creditCode: string;
  regionCode: string;
  regionPath: string;
  industryCode: string;
  industryCategory: string;
  scale: 'above' | 'below';
  departmentId: string | null;
  riskGrade: 'A' | 'B' | 'C' | 'D';
  /** 差异化监管: risk colour (红橙黄蓝) and safety-management level (A–D), 'unassessed' a value of its own. */
  riskColour: string;
  managementLevel: string;
  status: 'operating' | 'suspended' | 'closed';
  statusChangedAt: string | null;
  address: string | null;
  principalName: string | null;
  principalPhone: string | null;
  safetyManagerName: string | null;
  safetyManagerPhone: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The fields a person edits (domain/registry.ts `enterpriseInputSchema`); the rest the server derives. */
export const ENTERPRISE_INPUT_FIELDS = [
  'name',
  'creditCode',
  'regionCode',
  'industryCode',
  'scale',
  'riskGrade',
  'status',
  'statusChangedAt',
  'address',
  'principalName',
  'principalPhone',
  'safetyManagerName',
  'safetyManagerPhone',
] as const;

export const pickInput = (data: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(ENTERPRISE_INPUT_FIELDS.filter((k) => k in data).map((k) => [k, data[k]]));
