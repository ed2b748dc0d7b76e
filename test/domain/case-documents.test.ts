import { describe, expect, it } from 'vitest';
import { caseDocumentValues, documentsOfTransition } from '../../domain/documents/case-documents.js';
import { caseVariables } from '../../domain/documents/kinds.js';
import { escalationSteps } from '../../domain/case-status.js';

const rung = (step: (typeof escalationSteps)[number]) => ({
  id: `c:esc:1:${step}`,
  step,
  reason: '整改期限逾期未完成',
  dueAt: '2026-12-09T15:59:59.999Z',
});

describe('the documents of the case steps', () => {
  it('issues one document per issuing step, keyed by case and step, and none on other transitions', () => {
    expect(documentsOfTransition('c', 'listed')).toEqual([
      { kind: 'listing_notice', idempotencyKey: 'case:c:listing_notice' },
    ]);
    expect(documentsOfTransition('c', 'signed_off')).toEqual([
      { kind: 'delisting_notice', idempotencyKey: 'case:c:delisting_notice' },
    ]);
    const byStep = Object.fromEntries(
      escalationSteps.map((s) => [s, documentsOfTransition('c', 'escalated', rung(s))[0]?.kind ?? null]),
    );
    expect(byStep).toEqual({
      warning: null, // 预警 is a light, not a document
      urging_letter: 'urging_letter',
      interview: 'interview_notice',
      public_notice: 'public_notice',
      level_raise: 'level_raise_letter',
      enforcement: 'enforcement_advice',
      joint_punishment: 'joint_punishment_letter',
    });
    // Two rungs of the same step are two documents (their escalation ids differ).
    const a = documentsOfTransition('c', 'escalated', { ...rung('enforcement'), id: 'c:esc:4:enforcement' });
    const b = documentsOfTransition('c', 'escalated', { ...rung('enforcement'), id: 'c:esc:5:enforcement' });
    expect(a[0]!.idempotencyKey).not.toBe(b[0]!.idempotencyKey);
    for (const type of [
      'reported',
      'judged',
      'plan_submitted',
      'deadline_reminder',
      'closed',
      'listing_published',
    ])
      expect(documentsOfTransition('c', type)).toEqual([]);
  });

  it('fills every placeholder a case template may use, dates in Chinese on the Shanghai day', () => {
    const values = caseDocumentValues({
      caseNo: 123,
      title: '除尘系统未设置泄爆装置',
      description: '铝镁粉尘除尘器未设置泄爆装置',
      location: '二号车间',
      enterpriseName: '武汉示例机械制造有限公司',
      clause: { standardTitle: '工贸企业重大事故隐患判定标准', clauseNo: '第十二条（二）' },
      level: 'county',
      listingAuthority: '洪山区安委办',
      supervisingUnit: '洪山区应急管理局',
      listedAt: '2026-03-01T16:30:00Z', // 2026-03-02 00:30 in Shanghai
      rectificationDeadline: '2026-12-02T15:59:59.999Z',
      planDeadline: '2026-03-16T15:59:59.999Z',
      rung: rung('urging_letter'),
      acceptance: { heldOn: '2026-12-18', opinions: [{ expert: '王专家', opinion: '整改到位' }] },
      occurredAt: '2026-12-19T17:00:00Z', // 2026-12-20 in Shanghai
      date: '2026-12-20',
    });
    expect(Object.keys(values).sort()).toEqual(
      Object.keys(caseVariables)
        .filter((k) => k !== '发文机关') // the authority's, added by issueDocument
        .sort(),
    );
    expect(values).toMatchObject({
      案件编号: 'ZD-000123',
      判定依据: '《工贸企业重大事故隐患判定标准》第十二条（二）',
      挂牌层级: '县级',
      挂牌日期: '2026年3月2日',
      整改期限: '2026年12月2日',
      方案提交期限: '2026年3月16日',
      督办事由: '整改期限逾期未完成',
      办理期限: '2026年12月9日',
      销号日期: '2026年12月20日',
      验收意见: '2026年12月18日组织验收，结论为合格（王专家：整改到位）。',
      成文日期: '2026年12月20日',
    });
  });
});
