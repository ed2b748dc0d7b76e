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
      'request-suspension',
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
    // No withdrawal after sign-off (销号): only the delisting notice remains.
    expect(allowedActions(kase('signed_off'), sup)).toEqual(['confirm-publication']);
  });

  it('offers sign-off (销号) to the listing authority or above, not to a street office on a district listing', () => {
    const listed = (level: 'county' | 'city', published = true) =>
      kase('accepted', {
        view: {
          level,
          regionPath: '420000/420100/420111/',
          details: published
            ? { listingPublication: { kind: 'listing', publishedOn: '2026-11-20', reference: '公示' } }
            : {},
          escalations: [],
        },
      });
    const district = { regionPath: '420000/420100/420111/' };
    const street = { regionPath: '420000/420100/420111/420111002000/' };
    // Not before the listing is published (挂牌公示): the publication is offered instead.
    expect(allowedActions(listed('county', false), { ...sup, ...district })).toEqual([
      'confirm-publication',
      'withdraw',
    ]);
    expect(allowedActions(listed('county'), { ...leader, ...district })).toEqual(['sign-off']);
    expect(allowedActions(listed('county'), { ...sup, ...district })).toContain('sign-off');
    expect(allowedActions(listed('county'), { ...sup, ...street })).not.toContain('sign-off');
    expect(allowedActions(listed('city'), { ...sup, ...district })).not.toContain('sign-off');
    expect(allowedActions(listed('city'), { ...sup, regionPath: '420000/420100/' })).toContain('sign-off');
    expect(allowedActions(listed('county'), { role: 'admin', enterpriseId: null })).toContain('sign-off');
  });

  it('offers an uninvited expert nothing; offers nothing on a closed case', () => {
    expect(allowedActions(kase('acceptance_requested'), expert)).toEqual([]);
    expect(allowedActions(kase('rectifying'), expert)).toEqual([]);
    for (const s of ['closed', 'withdrawn', 'dismissed', 'downgraded'] as const)
      expect(allowedActions(kase(s), sup)).toEqual([]);
  });

  it('offers supervisors the invitation during acceptance, and the invited expert their opinion once per round', () => {
    expect(allowedActions(kase('acceptance_requested'), sup)).toEqual([
      'confirm-publication',
      'invite-experts',
      'record-acceptance',
      'withdraw',
      'escalate',
    ]);
    expect(allowedActions(kase('rectifying'), sup)).not.toContain('invite-experts');
    expect(allowedActions(kase('acceptance_requested'), leader)).toEqual([]);
    expect(allowedActions(kase('acceptance_requested'), ent)).toEqual([]);

    const wang = { role: 'expert' as const, enterpriseId: null, id: 'u-wang' };
    const li = { role: 'expert' as const, enterpriseId: null, id: 'u-li' };
    const invited = (round: number, failures = 0, opinions: string[] = []) =>
      kase('acceptance_requested', {
        view: {
          acceptanceFailures: failures,
          details: {
            invitedExperts: [{ id: 'u-wang', round }],
            expertOpinions: opinions.map((expertId) => ({ expertId, round })),
          },
        },
      });
    expect(allowedActions(invited(1), wang)).toEqual(['submit-expert-opinion', 'record-acceptance']);
    expect(allowedActions(invited(1), li)).toEqual([]); // not invited
    expect(allowedActions(invited(1, 0, ['u-wang']), wang)).toEqual(['record-acceptance']); // opinion given
    // Invited to the first acceptance, which failed: the second round needs a new invitation.
    expect(allowedActions(invited(1, 1), wang)).toEqual([]);
    expect(allowedActions(invited(2, 1), wang)).toEqual(['submit-expert-opinion', 'record-acceptance']);
    // The case moved on: nothing left to do, though the expert still reads it.
    expect(allowedActions({ ...invited(1), status: 'accepted' }, wang)).toEqual([]);
    // Without the caller's id nothing marks them as invited.
    expect(allowedActions(invited(1), expert)).toEqual([]);
  });

  it('offers an escalation outcome only while a rung is open', () => {
    expect(allowedActions(kase('rectifying'), sup)).not.toContain('record-escalation-outcome');
    const open = kase('rectifying', { view: { escalations: [{ status: 'open' }] } });
    expect(allowedActions(open, sup)).toContain('record-escalation-outcome');
  });
});
