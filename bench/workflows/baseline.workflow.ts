/**
 * The benchmark's yardstick: a workflow taking the same number of updates as a full case lifecycle, each calling
 * one no-op activity, with none of the case logic. The case workflow's throughput is reported against it. The
 * activity is local or regular as asked, so the yardstick can do its I/O the way the case workflow does its own
 * (local activities since the `local-io-activities` patch) and the ratio compares like with like.
 */
import {
  condition,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';

type Noop = { noop(): Promise<void> };
const regular = proxyActivities<Noop>({ startToCloseTimeout: '10 seconds' });
const local = proxyLocalActivities<Noop>({ startToCloseTimeout: '10 seconds' });
export const stepUpdate = defineUpdate<number, [unknown]>('step');

export async function baselineWorkflow(steps: number, io: 'local' | 'regular' = 'regular'): Promise<number> {
  const { noop } = io === 'local' ? local : regular;
  let done = 0;
  setHandler(stepUpdate, async () => {
    await noop();
    return ++done;
  });
  await noop(); // the case workflow's start also runs activities (policy, first transition)
  await condition(() => done >= steps);
  return done;
}
