import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { appendAudit, type AuditEntry } from '../../db/queries/audit.js';
import { verifiedAuditChain } from '../helpers/audit.js';
import { createTestDatabase } from '../helpers/db.js';
import type { TestDb } from '../workflows/fixture.js';

const verifiedChain = (db: TestDb) => verifiedAuditChain(db.db);

const entry = (i: number, payload: unknown = { i }): AuditEntry => ({
  actorId: null,
  actorRole: 'supervisor',
  action: 'judge',
  resource: 'cases',
  resourceId: `case-${i}`,
  requestId: `req-${i}`,
  payload,
});

describe('the audit trail on real PostgreSQL', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('keeps one unbroken chain under many concurrent appends, each entry once', async () => {
    await Promise.all(Array.from({ length: 120 }, (_, i) => appendAudit(db.db, entry(i))));
    const log = await verifiedChain(db);
    expect(log.map((e) => e.resourceId).sort()).toEqual(
      Array.from({ length: 120 }, (_, i) => `case-${i}`).sort(),
    );
  });

  it('fails only the entry the database refuses; the others of its batch are written', async () => {
    const before = (await verifiedChain(db)).length;
    // PostgreSQL's jsonb refuses the NUL character: this entry cannot be stored.
    const results = await Promise.allSettled([
      appendAudit(db.db, entry(1000)),
      appendAudit(db.db, entry(1001, { note: 'a\u0000b' })),
      appendAudit(db.db, entry(1002)),
      appendAudit(db.db, entry(1003)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const log = await verifiedChain(db);
    expect(log.length).toBe(before + 3);
    expect(log.slice(-3).map((e) => e.resourceId)).toEqual(['case-1000', 'case-1002', 'case-1003']);
  });

  it('refuses to change or remove a record (append-only)', async () => {
    await expect(db.db.update(schema.auditLog).set({ action: 'x' })).rejects.toThrow();
    await expect(db.db.delete(schema.auditLog)).rejects.toThrow();
  });
});
