import type { WorkflowHandle } from '@temporalio/client';
import type { Actor, SubmitPlanInput } from '../../domain/commands.js';
import * as defs from '../../workflows/definitions.js';
import { supervisor } from './fixture.js';

export const planInput = (timeLimit: string): SubmitPlanInput => ({
  responsiblePerson: '赵厂长',
  responsiblePhone: '13800138000',
  measures: '加装泄爆片与无焰泄放装置，更换防爆电机',
  funds: 380000,
  timeLimit,
  emergencyPlan: '粉尘爆炸专项应急预案（2026版）',
  objectives: '消除粉尘爆炸重大事故隐患',
  interimSafetyMeasures: '除尘系统停用，二号车间停产',
  documentIds: [],
});

/**
 * Drives a reported case to `rectifying` with the given rectification deadline; the listing is published (挂牌公示)
 * on the day it is listed unless `publish: false`.
 */
export async function toRectifying(
  handle: WorkflowHandle,
  opts: { clauseId: string; company: Actor; deadline: string; publish?: boolean },
) {
  await handle.executeUpdate(defs.judgeUpdate, {
    args: [
      { actor: supervisor, input: { decision: 'major', clauseId: opts.clauseId, reason: '符合判定标准' } },
    ],
  });
  await handle.executeUpdate(defs.listUpdate, {
    args: [
      {
        actor: supervisor,
        input: {
          level: 'county',
          listingAuthority: '洪山区安委办',
          supervisingUnit: '洪山区应急管理局',
          rectificationDeadline: opts.deadline,
          interimControls: ['stop_use'],
        },
      },
    ],
  });
  if (opts.publish !== false) {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await handle.executeUpdate(defs.confirmPublicationUpdate, {
      args: [{ actor: supervisor, input: { kind: 'listing', publishedOn: today, reference: '挂牌公示' } }],
    });
  }
  await handle.executeUpdate(defs.submitPlanUpdate, {
    args: [{ actor: opts.company, input: planInput(opts.deadline) }],
  });
  return handle.executeUpdate(defs.reviewPlanUpdate, {
    args: [{ actor: supervisor, input: { decision: 'approve' } }],
  });
}

/** A refusal's text: "field: message" when the refusal names a field (a `CaseRefusal` carries it in its details). */
export const rejection = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    const cause = (e as { cause?: Error & { details?: Array<{ field?: string }> } }).cause;
    const field = cause?.details?.[0]?.field;
    return field ? `${field}: ${cause!.message}` : String(cause?.message ?? e);
  }
  throw new Error('expected the command to be rejected');
};
