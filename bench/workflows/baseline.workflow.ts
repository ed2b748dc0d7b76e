/**
 * The benchmark's yardstick: a workflow taking the same number of updates as a full case lifecycle, each calling
 * one no-op activity, with none of the case logic. The case workflow's throughput is reported against it.
 */
import { condition, proxyActivities, setHandler, defineUpdate } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });
export const stepUpdate = defineUpdate<number, [unknown]>('step');

export async function baselineWorkflow(steps: number): Promise<number> {
  let done = 0;
  setHandler(stepUpdate, async () => {
    await noop();
    return ++done;
  });
  await noop(); // the case workflow's start also runs activities (policy, first transition)
  await condition(() => done >= steps);
  return done;
}
