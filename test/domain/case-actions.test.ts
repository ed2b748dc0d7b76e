import { describe, expect, it } from 'vitest';
import { allowedActions, type ActionableCase } from '../../domain/case-actions.js';
import type { CaseStatus } from '../../domain/case-status.js';

const kase = (status: CaseStatus, extra: Partial<ActionableCase> = {}): ActionableCase => ({
  status,
  enterpriseId: 'e1',
  view: { escalations: [], details: {} },
  ...extra,
});
const sup = { role: 'supervisor' as const, enterpriseId: null };
const ent = { role: 'enterprise' as const, enterpriseId: 'e1' };
const otherEnt = { role: 'enterprise' as const, enterpriseId: 'e2' };
const leader = { role: 'leader' as const, enterpriseId: null };
const expert = { role: 'expert' as const, enterpriseId: null };

describe('which commands the console offers', () => {
  it('offers a supervisor judgement only on a reported case, listing only on a judged one', () => {
    expect(allowedActions(kase('reported'), sup)).toEqual(['judge', 'withdraw']);
    expect(allowedActions(kase('judged'), sup)).toEqual(['list', 'withdraw']);
  });

  it("offers the enterprise its own steps on its own case, and nothing on another's", () => {
    expect(allowedActions(kase('listed'), ent)).toEqual(['submit-plan']);
    expect(allowedActions(kase('rectifying'), ent)).toEqual([
      'report-progress',
      'request-extension',
      'apply-acceptance',
    ]);
    expect(allowedActions(kase('listed'), otherEnt)).toEqual([]);
    expect(allowedActions(kase('rectifying'), otherEnt)).toEqual([]);
  });

  it('hides a second extension request while one is pending, and offers the supervisor the decision', () => {
    const pending = kase('rectifying', {
      view: { details: { pendingExtension: { newDeadline: '2027-02-01' } } },
    });
    expect(allowedActions(pending, ent)).not.toContain('request-extension');
    expect(allowedActions(pending, sup)).toContain('decide-extension');
  });

  it('offers the listing notice once, the delisting notice after sign-off, and sign-off to leaders', () => {
    expect(allowedActions(kase('rectifying'), sup)).toContain('confirm-publication');
    const published = kase('rectifying', {
      view: { details: { listingPublication: { publishedOn: '2026-11-20' } } },
    });
    expect(allowedActions(published, sup)).not.toContain('confirm-publication');
    expect(allowedActions(kase('signed_off'), sup)).toEqual(['confirm-publication', 'withdraw']);
    expect(allowedActions(kase('accepted'), leader)).toEqual(['sign-off']);
  });

  it('lets experts record an acceptance and nothing else; offers nothing on a closed case', () => {
    expect(allowedActions(kase('acceptance_requested'), expert)).toEqual(['record-acceptance']);
    expect(allowedActions(kase('rectifying'), expert)).toEqual([]);
    for (const s of ['closed', 'withdrawn', 'dismissed', 'downgraded'] as const)
      expect(allowedActions(kase(s), sup)).toEqual([]);
  });

  it('offers an escalation outcome only while a rung is open', () => {
    expect(allowedActions(kase('rectifying'), sup)).not.toContain('record-escalation-outcome');
    const open = kase('rectifying', { view: { escalations: [{ status: 'open' }] } });
    expect(allowedActions(open, sup)).toContain('record-escalation-outcome');
  });
});
