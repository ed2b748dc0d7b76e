import type { zhDomain } from './zh';
import { caseStatusLabelsEn } from '../../../domain/case/labels';

/** English for the switch; typed against zh so a missing key fails the typecheck. */
export const enDomain: typeof zhDomain = {
  app: {
    title: 'Duban · Major hazard supervision',
    overdue: 'Overdue',
    deadline_left: '%{days} days left',
    deadline_passed: '%{days} days overdue',
  },
  status: { ...caseStatusLabelsEn },
  source: {
    self_report: 'Self-report',
    inspection: 'Inspection',
    grid_patrol: 'Grid patrol',
    public_report: 'Public report',
    covert_check: 'Covert check',
  },
  level: { province: 'Province', city: 'City', county: 'County', town: 'Town' },
  resources: {
    cases: {
      name: 'Case |||| Cases',
      fields: {
        caseNo: 'Case no.',
        title: 'Hazard',
        description: 'Description',
        enterpriseName: 'Enterprise',
        status: 'Status',
        source: 'Source',
        level: 'Level',
        deadline: 'Current deadline',
        overdue: 'Overdue',
        reportedAt: 'Found at',
        location: 'Location',
        listingAuthority: 'Listing authority',
        supervisingUnit: 'Supervising unit',
        owningLeaderName: 'Leader in charge',
        q: 'Search',
        regionCode: 'Region',
        industryCategory: 'Industry',
        enterpriseId: 'Enterprise',
        dueAfter: 'Due after',
        dueBefore: 'Due before',
        suspectedClauseId: 'Suspected standard clause',
      },
    },
    tasks: {
      name: 'Task |||| Tasks',
      fields: {
        title: 'Task',
        caseId: 'Case',
        assigneeRole: 'Assignee',
        dueAt: 'Due',
        status: 'Status',
        mine: 'Mine only',
      },
    },
    escalations: {
      name: 'Escalation |||| Escalations',
      fields: {
        caseId: 'Case',
        step: 'Measure',
        reason: 'Reason',
        triggeredAt: 'Started',
        dueAt: 'Due',
        status: 'Status',
        outcome: 'Outcome',
      },
    },
    documents: {
      name: 'Document |||| Documents',
      fields: { filename: 'File', kind: 'Kind', uploadedAt: 'Uploaded' },
    },
  },
};
