import { describe, expect, it } from 'vitest';
import {
  caseDocumentValues,
  documentsOfTransition,
  raiseOf,
  type RaiseFacts,
} from '../../domain/documents/case-documents.js';
import { caseVariables } from '../../domain/documents/kinds.js';
import { defaultTemplates, renderTemplate } from '../../domain/documents/templates.js';
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

  describe('提级督办: the words follow who raised the case', () => {
    const facts = (raise?: RaiseFacts) =>
      caseDocumentValues({
        caseNo: 7,
        title: '除尘系统未设置泄爆装置',
        description: '铝镁粉尘除尘器未设置泄爆装置',
        enterpriseName: '武汉示例机械制造有限公司',
        level: 'city', // the case's level after the raise
        listingAuthority: '武汉市安委办',
        supervisingUnit: '武汉市应急管理局',
        listedAt: '2026-03-01T16:30:00Z',
        rectificationDeadline: '2026-06-02T15:59:59.999Z',
        rung: { ...rung('level_raise'), reason: '由洪山区安委办提级至武汉市安委办督办：逾期未整改' },
        ...(raise ? { raise } : {}),
        occurredAt: '2026-07-01T02:00:00Z',
        date: '2026-07-01',
      });
    const raise = (takeover: boolean): RaiseFacts => ({
      fromLevel: 'county',
      toLevel: 'city',
      fromAuthority: '洪山区安委办',
      reason: '经督办、约谈、通报仍未完成整改。',
      ...(takeover ? { takeover } : {}),
    });
    const words = (kind: 'level_raise_letter' | 'level_raise_notice', values: Record<string, string>) => {
      const r = renderTemplate(defaultTemplates[kind], { values: { ...values, 发文机关: '某安委办' } });
      return { ...r, text: r.blocks.map((b) => (b.type === 'paragraph' ? b.text : '')).join('\n') };
    };

    it('a request from below (the ladder rung, or the listing authority raising its own listing) is the 提请 letter', () => {
      for (const r of [undefined, raise(false)])
        expect(documentsOfTransition('c', 'escalated', rung('level_raise'), r)).toEqual([
          {
            kind: 'level_raise_letter',
            idempotencyKey: 'case:c:rung:c:esc:1:level_raise',
            escalationId: 'c:esc:1:level_raise',
          },
        ]);
      const letter = words('level_raise_letter', facts(raise(false)));
      expect(letter.title).toBe('关于提请提级督办武汉示例机械制造有限公司重大事故隐患的函');
      expect(letter.text).toContain('特提请提级督办');
      expect(letter.text).toContain('实行县级挂牌督办'); // the level it was listed at, before the raise
    });

    it('the authority above taking the case over itself issues its notice, to the office below and the enterprise', () => {
      expect(documentsOfTransition('c', 'escalated', rung('level_raise'), raise(true))).toEqual([
        {
          kind: 'level_raise_notice',
          idempotencyKey: 'case:c:rung:c:esc:1:level_raise',
          escalationId: 'c:esc:1:level_raise',
        },
      ]);
      // Only a 提级 rung: a raise recorded on another step changes nothing.
      expect(documentsOfTransition('c', 'escalated', rung('urging_letter'), raise(true))[0]!.kind).toBe(
        'urging_letter',
      );
      const notice = words('level_raise_notice', facts(raise(true)));
      expect(notice.title).toBe('关于对武汉示例机械制造有限公司重大事故隐患提级督办的通知');
      expect(notice.addressee).toBe('洪山区安委办、武汉示例机械制造有限公司');
      expect(notice.text).not.toContain('提请');
      expect(notice.text).toContain('于2026年3月2日由洪山区安委办实行县级挂牌督办，整改期限为2026年6月2日。');
      // The reason set into the sentence without its own full stop; the new authority and level named.
      expect(notice.text).toContain(
        '因经督办、约谈、通报仍未完成整改，根据重大事故隐患挂牌督办有关规定，经研究，决定对该隐患提级督办，自即日起由武汉市安委办实行市级挂牌督办，督办单位为武汉市应急管理局。',
      );
      expect(notice.text).toContain('请洪山区安委办于2026年12月9日前将该隐患督办材料移交武汉市应急管理局');
    });

    it('reads the raise from the event: takeover only when recorded as one (older raises were requests)', () => {
      const payload = {
        step: 'level_raise',
        raise: {
          fromLevel: 'county',
          toLevel: 'city',
          fromAuthority: '洪山区安委办',
          reason: '提级',
          regionPath: '420000/420100/',
        },
      };
      expect(raiseOf(payload)).toEqual({
        fromLevel: 'county',
        toLevel: 'city',
        fromAuthority: '洪山区安委办',
        reason: '提级',
      });
      expect(raiseOf({ ...payload, raise: { ...payload.raise, takeover: true } })?.takeover).toBe(true);
      expect(raiseOf({ step: 'urging_letter' })).toBeUndefined();
    });
  });
});
