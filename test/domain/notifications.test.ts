import { describe, expect, it } from 'vitest';
import { notificationsForTransition, type TransitionFacts } from '../../domain/notifications.js';

const facts = (rung: TransitionFacts['firedRungs'][number]): TransitionFacts => ({
  caseId: '00000000-0000-4000-8000-000000000001',
  seq: 7,
  type: 'escalated',
  caseTitle: '除尘系统未设置泄爆装置',
  enterpriseId: '00000000-0000-4000-8000-000000000002',
  regionPath: '420000/420100/420111/',
  industryCategory: 'industry_trade',
  owningLeaderId: '00000000-0000-4000-8000-000000000003',
  payload: {},
  openedTasks: [],
  firedRungs: [rung],
  issuedDocuments: [],
});
const toEnterprise = (f: TransitionFacts) =>
  notificationsForTransition(f).find((n) => 'enterprise' in n.audience && n.kind === 'escalated');

describe('escalation notices to the enterprise', () => {
  it('give the reason the rung fired for, not always a missed rectification', () => {
    // A raise by the authority above is not the enterprise's lateness: the notice says what happened.
    const raise = toEnterprise(
      facts({
        id: 'r1',
        step: 'level_raise',
        reason: '由洪山区安委办提级至武汉市安委办督办：涉及多个部门，需市级协调',
        dueAt: null,
      }),
    );
    expect(raise?.body).toBe(
      '你单位“除尘系统未设置泄爆装置”已升级为提级督办：由洪山区安委办提级至武汉市安委办督办：涉及多个部门，需市级协调。请立即整改并按要求报告。',
    );
    expect(raise?.body).not.toContain('逾期未完成整改');
    const misses = toEnterprise(
      facts({ id: 'r2', step: 'urging_letter', reason: '连续2次未按期报送整改进展', dueAt: null }),
    );
    expect(misses?.body).toContain('已升级为督办函：连续2次未按期报送整改进展');
  });

  it('are not sent for a warning, which stays with the supervisors and the 包案领导', () => {
    const all = notificationsForTransition(
      facts({ id: 'r3', step: 'warning', reason: '整改逾期未完成', dueAt: null }),
    );
    expect(all.map((n) => Object.keys(n.audience)[0]).sort()).toEqual(['role', 'user']);
  });
});
