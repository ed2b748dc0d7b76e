/**
 * Whether a worker serves the product's task queues, as Temporal sees it (DescribeTaskQueue's pollers): the case
 * queue's workflow and activity pollers, the notification queue's activity pollers. A live worker keeps a long poll
 * open on each; Temporal records when each poller last polled, and an idle worker re-polls once per long-poll interval
 * (matching.longPollExpirationInterval, 60 s by default). A queue whose newest poll is older than
 * WORKER_POLL_STALE_SECONDS (that interval plus a margin) has no worker: a killed one is noticed within it.
 *
 * GET /api/health reports it (503 with the reason), and every case command and report asks first (cached for a
 * second or two, so a burst of commands costs one call): with no worker the command is not sent — a 503 with
 * Retry-After, nothing applied — instead of waiting on a workflow nobody runs. docs/fault-model.md.
 */
import type { Client } from '@temporalio/client';
import { NOTIFY_TASK_QUEUE, TASK_QUEUE } from '../workflows/definitions.js';
import { DomainError } from '../domain/errors.js';
import { temporalCall, TEMPORAL_RETRY_AFTER_S } from './temporal-call.js';

// temporal.api.enums.v1: TaskQueueKind NORMAL = 1; TaskQueueType WORKFLOW = 1, ACTIVITY = 2.
const NORMAL = 1;
const WORKFLOW = 1;
const ACTIVITY = 2;

export interface QueueHealth {
  queue: string;
  type: 'workflow' | 'activity';
  /** Pollers that polled within the staleness window. */
  pollers: number;
  /** Seconds since the newest poll; null when no poller was ever seen. */
  lastPollAgeSeconds: number | null;
}
export interface WorkerHealth {
  status: 'up' | 'down';
  queues: QueueHealth[];
  /** Why it is down, in Chinese (the case queue first). */
  reason?: string;
}

const QUEUES = [
  { queue: TASK_QUEUE, type: 'workflow' as const, label: '案件流程' },
  { queue: TASK_QUEUE, type: 'activity' as const, label: '案件活动' },
  { queue: NOTIFY_TASK_QUEUE, type: 'activity' as const, label: '通知发送' },
];

export async function describeWorkers(
  client: Client,
  opts: { staleSeconds: number; queues?: typeof QUEUES; now?: number },
): Promise<WorkerHealth> {
  const queues = opts.queues ?? QUEUES;
  const now = opts.now ?? Date.now();
  const described = await temporalCall(client, () =>
    Promise.all(
      queues.map((q) =>
        client.workflowService.describeTaskQueue({
          namespace: client.options.namespace,
          taskQueue: { name: q.queue, kind: NORMAL },
          taskQueueType: q.type === 'workflow' ? WORKFLOW : ACTIVITY,
        }),
      ),
    ),
  );
  const out: QueueHealth[] = described.map((d, i) => {
    const ages = (d.pollers ?? []).map((p) => {
      const t = p.lastAccessTime;
      const ms = t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;
      return (now - ms) / 1000;
    });
    const fresh = ages.filter((a) => a <= opts.staleSeconds);
    return {
      queue: queues[i]!.queue,
      type: queues[i]!.type,
      pollers: fresh.length,
      lastPollAgeSeconds: ages.length ? Math.max(0, Math.round(Math.min(...ages))) : null,
    };
  });
  const dead = out.findIndex((q) => q.pollers === 0);
  if (dead < 0) return { status: 'up', queues: out };
  const q = out[dead]!;
  const since =
    q.lastPollAgeSeconds === null ? '从未有处理程序接入' : `最近一次接入在 ${q.lastPollAgeSeconds} 秒前`;
  return {
    status: 'down',
    queues: out,
    reason: `没有处理程序（worker）在处理${queues[dead]!.label}队列 ${q.queue}（${since}）`,
  };
}

/**
 * The case queue's worker, asked at most once per `cacheMs` (concurrent callers share the answer). Throws the 503 a
 * command answers when no worker polls: the command was not sent, so nothing is applied and a retry is safe.
 */
export function caseWorkerGate(client: Client, opts: { staleSeconds: number; cacheMs?: number }) {
  const cacheMs = opts.cacheMs ?? 2_000;
  let last: { at: number; answer: Promise<WorkerHealth> } | undefined;
  const check = () => {
    const now = Date.now();
    if (!last || now - last.at > cacheMs) {
      const answer = describeWorkers(client, {
        staleSeconds: opts.staleSeconds,
        queues: QUEUES.filter((q) => q.queue === TASK_QUEUE),
      });
      last = { at: now, answer };
      // A failed call (Temporal unreachable) is not cached: the next caller asks again.
      answer.catch(() => {
        if (last?.answer === answer) last = undefined;
      });
    }
    return last.answer;
  };
  return async function requireCaseWorker(): Promise<void> {
    const health = await check();
    if (health.status === 'down') {
      last = undefined; // ask again next time: a worker that comes back is seen at once
      throw workerUnavailable();
    }
  };
}

export function workerUnavailable(): DomainError {
  return new DomainError(
    'UNAVAILABLE',
    '案件处理程序暂时未运行，本次操作未执行，请稍后重试',
    undefined,
    TEMPORAL_RETRY_AFTER_S,
  );
}

/** The default staleness: the server's default long poll (60 s) plus a margin. */
export const WORKER_POLL_STALE_SECONDS = 70;
const gates = new WeakMap<Client, ReturnType<typeof caseWorkerGate>>();
/** 503 UNAVAILABLE (nothing sent) when no worker polls the case queue; one shared, cached check per client. */
export async function requireCaseWorker(deps: {
  temporal: Client;
  config?: { WORKER_POLL_STALE_SECONDS?: number };
}): Promise<void> {
  let gate = gates.get(deps.temporal);
  if (!gate)
    gates.set(
      deps.temporal,
      (gate = caseWorkerGate(deps.temporal, {
        staleSeconds: deps.config?.WORKER_POLL_STALE_SECONDS ?? WORKER_POLL_STALE_SECONDS,
      })),
    );
  await gate();
}
