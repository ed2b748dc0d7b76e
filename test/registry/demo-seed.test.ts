import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseWorker } from '../../activities/worker.js';
import { schema } from '../../db/client.js';
import { seedDemo } from '../../db/seed/demo.js';
import { DEMO_USERS } from '../../db/seed/demo-registry.js';
import { caseStatuses } from '../../domain/case-status.js';
import { isValidCreditCode } from '../../domain/credit-code.js';
import { roles } from '../../domain/roles.js';
import { createTestDatabase } from '../helpers/db.js';
import { createDevServerEnv } from '../helpers/temporal.js';
import { workflowBundle, type TestDb } from '../workflows/fixture.js';

describe('demo district seed', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  beforeAll(async () => {
    [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.drop();
  });

  it('seeds the district once: registry, users for every role, and real cases in every state', async () => {
    const worker = await createCaseWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      db: db.db,
      uploadDir: mkdtempSync(path.join(tmpdir(), 'duban-seed-')),
      workflowBundle: await workflowBundle(),
    });
    await worker.runUntil(async () => {
      const first = await seedDemo({ db: db.db, client: env.client });
      expect(first.created).toBe(true);
      const again = await seedDemo({ db: db.db, client: env.client });
      expect(again.created).toBe(false);
    });

    const streets = await db.db
      .select()
      .from(schema.regions)
      .where(sql`level = 'street'`);
    expect(streets.map((s) => s.name)).toEqual(
      expect.arrayContaining(['关山街', '梨园街', '青菱街', '卓刀泉街', '和平街', '狮子山街']),
    );
    const enterprises = await db.db
      .select({ creditCode: schema.enterprises.creditCode, status: schema.enterprises.status })
      .from(schema.enterprises);
    expect(enterprises.length).toBe(4000);
    expect(enterprises.every((e) => isValidCreditCode(e.creditCode))).toBe(true);
    expect(new Set(enterprises.map((e) => e.status))).toEqual(new Set(['operating', 'suspended', 'closed']));
    const users = await db.db
      .select({ role: schema.users.role, username: schema.users.username })
      .from(schema.users);
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(roles));
    expect(users.map((u) => u.username).sort()).toEqual(DEMO_USERS.map((u) => u.username).sort());
    const standards = await db.db.select({ code: schema.hazardStandards.code }).from(schema.hazardStandards);
    expect(standards.map((s) => s.code)).toEqual(
      expect.arrayContaining([
        '应急管理部令第10号',
        '安监总管三〔2017〕121号',
        '建质规〔2022〕2号',
        'GB 35181-2025',
      ]),
    );

    const cases = await db.db.select({ status: schema.cases.status }).from(schema.cases);
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(caseStatuses));
    const open = await db.db.select().from(schema.escalations);
    expect(open.length).toBeGreaterThan(0);
  });
});
