import type { zhDomain } from './zh';

/** English for the switch; typed against zh so a missing key fails the typecheck. */
export const enDomain: typeof zhDomain = {
  app: {
    title: 'Duban · Major hazard supervision',
    overdue: 'Overdue',
    deadline_left: '%{days} days left',
    deadline_passed: '%{days} days overdue',
  },
  status: {
    reported: 'Awaiting judgement',
    judged: 'Confirmed, awaiting listing',
    downgraded: 'Downgraded to general',
    dismissed: 'Not a hazard',
    listed: 'Listed, awaiting plan',
    plan_submitted: 'Plan under review',
    rectifying: 'Rectifying',
    suspended: 'Clock stopped',
    acceptance_requested: 'Awaiting acceptance',
    accepted: 'Accepted, awaiting sign-off',
    signed_off: 'Signed off, awaiting notice',
    closed: 'Closed',
    withdrawn: 'Withdrawn',
  },
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
        q: 'Search',
      },
    },
  },
};
