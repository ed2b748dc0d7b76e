import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleError } from '../../api/errors.js';
import { refuseUpdate, type RefusalSpec } from '../fixtures/workflows/refusing.workflow.js';
import { createTimeSkippingEnv } from '../helpers/temporal.js';

/**
 * The API maps a workflow's refusal by its type and details, never by parsing its message: CaseRefusal forbidden →
 * 403, conflict → 409, invalid → 422 naming the field; untyped refusals keep today's mapping. The refusals cross a
 * real Temporal server and client.
 */
describe('case refusals through a real Temporal client', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const app = new Hono();
  const taskQueue = `refusals-${randomUUID()}`;
  let workflowId: string;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: path.join(import.meta.dirname, '../fixtures/workflows/refusing.workflow.ts'),
        logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never,
      }),
    });
    running = worker.run();
    workflowId = `refusing-${randomUUID()}`;
    await env.client.workflow.start('refusingWorkflow', { taskQueue, workflowId });
    app.use(async (c, next) => {
      c.set('requestId' as never, 'req-1' as never);
      await next();
    });
    app.post('/refuse', async (c) => {
      const spec = (await c.req.json()) as RefusalSpec;
      const handle = env.client.workflow.getHandle(workflowId);
      return c.json({ result: await handle.executeUpdate(refuseUpdate, { args: [spec] }) });
    });
    app.onError(handleError);
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const refuse = async (spec: RefusalSpec) => {
    const res = await app.request('/refuse', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });
    return { status: res.status, body: await res.json() };
  };

  it('maps forbidden to 403, conflict to 409 and invalid to 422 naming the field, with the Chinese message', async () => {
    // Messages shaped like the old "field: reason" strings: the type decides, not the text.
    expect(
      await refuse({ kind: 'typed', code: 'forbidden', message: 'rectificationDeadline: 企业用户无权验收' }),
    ).toEqual({
      status: 403,
      body: {
        error: { code: 'FORBIDDEN', message: 'rectificationDeadline: 企业用户无权验收', requestId: 'req-1' },
      },
    });
    expect(
      await refuse({ kind: 'typed', code: 'conflict', message: '案件当前状态为“待研判”，不能销号' }),
    ).toEqual({
      status: 409,
      body: {
        error: {
          code: 'INVALID_TRANSITION',
          message: '案件当前状态为“待研判”，不能销号',
          requestId: 'req-1',
        },
      },
    });
    expect(
      await refuse({
        kind: 'typed',
        code: 'invalid',
        field: 'newDeadline',
        message: '新的整改期限必须晚于今天',
      }),
    ).toEqual({
      status: 422,
      body: {
        error: { code: 'VALIDATION', message: '新的整改期限必须晚于今天', requestId: 'req-1' },
        errors: { newDeadline: '新的整改期限必须晚于今天' },
      },
    });
    const noField = await refuse({ kind: 'typed', code: 'invalid', message: '输入无效' });
    expect(noField.status).toBe(422);
    expect(noField.body.errors).toEqual({ input: '输入无效' });
  });

  it('keeps mapping untyped refusals: "field: reason" is a 422 on the field, anything else a 409', async () => {
    const fielded = await refuse({ kind: 'plain', message: 'heldOn: 日期无效' });
    expect(fielded.status).toBe(422);
    expect(fielded.body.errors).toEqual({ heldOn: '日期无效' });
    const plain = await refuse({ kind: 'plain', message: '已有待审批的延期申请' });
    expect(plain.status).toBe(409);
    expect(plain.body.error).toMatchObject({ code: 'INVALID_TRANSITION', message: '已有待审批的延期申请' });
  });
});
