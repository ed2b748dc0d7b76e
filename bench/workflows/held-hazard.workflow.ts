/**
 * The road not taken (docs/adr/0012-general-hazards-swept-not-held.md): a general hazard held by a workflow of its
 * own, its yellow and red lights as timers and its rectification as a signal. bench/general-hazards.ts starts a few
 * hundred to measure what each costs Temporal (history bytes, starts per second) next to a ledger row.
 */
import { condition, defineSignal, setHandler } from '@temporalio/workflow';

export const rectifySignal = defineSignal('rectify');

export async function heldHazardWorkflow(input: { yellowInMs: number; redInMs: number }): Promise<string> {
  let rectified = false;
  setHandler(rectifySignal, () => {
    rectified = true;
  });
  if (await condition(() => rectified, input.yellowInMs)) return 'closed';
  if (await condition(() => rectified, input.redInMs)) return 'closed (yellow)';
  await condition(() => rectified);
  return 'closed (red)';
}
