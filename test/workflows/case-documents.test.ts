import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { asc, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseWorker, createNotificationWorker } from '../../activities/worker.js';
import { schema } from '../../db/client.js';
import * as defs from '../../workflows/definitions.js';
import { createTestDatabase } from '../helpers/db.js';
import { createTimeSkippingEnv } from '../helpers/temporal.js';
import {
  DISTRICT,
  dateIn,
  enterpriseActor,
  report,
  seedRegistry,
  supervisor,
  workflowBundle,
  type TestDb,
} from './fixture.js';
import { toRectifying } from './steps.js';

const flat = (s: string) => s.replace(/\s+/g, '');
async function pdfText(file: string): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync(file)));
  const { text } = await extractText(pdf, { mergePages: true });
  return flat(text as string);
}

/**
 * The documents and notifications of the case steps, against real PostgreSQL, the time-skipping Temporal test
 * server (the ladder's rungs fire on its clock) and a real SMTP server the dispatcher delivers to.
 */
describe('documents and notifications of the case steps (time-skipping, real SMTP)', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let ids: Awaited<ReturnType<typeof seedRegistry>>;
  let smtp: SMTPServer;
  let smtpUrl = '';
  const uploadDir = mkdtempSync(path.join(tmpdir(), 'duban-case-docs-'));
  const mails: { to: string; subject: string; body: string }[] = [];
  const people = { ent: randomUUID(), entOther: randomUUID() };

  beforeAll(async () => {
    [env, db] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
    ids = await seedRegistry(db.db);
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => {
          const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
          const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1]?.trim() ?? '';
          mails.push({ to: header('To'), subject: decodeMime(header('Subject')), body: raw });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    await db.db.insert(schema.users).values([
      {
        id: supervisor.id!,
        username: 'docs-sup',
        displayName: supervisor.name,
        passwordHash: 'x',
        role: 'supervisor',
        regionCode: DISTRICT.code,
      },
      {
        id: people.ent,
        username: 'docs-ent',
        displayName: '企业安全员',
        passwordHash: 'x',
        role: 'enterprise',
        regionCode: DISTRICT.code,
        enterpriseId: ids.enterpriseId,
      },
      {
        id: people.entOther,
        username: 'docs-ent-other',
        displayName: '别家安全员',
        passwordHash: 'x',
        role: 'enterprise',
        regionCode: DISTRICT.code,
        enterpriseId: ids.otherEnterpriseId,
      },
    ]);
    await db.db.insert(schema.notificationPreferences).values([
      { userId: supervisor.id!, email: 'sup@duban.test', channels: ['email'] },
      { userId: people.ent, email: 'ent@duban.test', channels: ['email'] },
      { userId: people.entOther, email: 'other@duban.test', channels: ['email'] },
    ]);
  });
  afterAll(async () => {
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
    await env?.teardown();
    await db?.drop();
  });

  /** A case worker and a notification worker (SMTP) on their own queues while `fn` runs. */
  async function withWorkers<T>(fn: (queue: string) => Promise<T>): Promise<T> {
    const queue = `docs-${randomUUID().slice(0, 8)}`;
    const caseWorker = await createCaseWorker({
      taskQueue: queue,
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      db: db.db,
      uploadDir,
      workflowBundle: await workflowBundle(),
      calendarCacheMs: 0,
    });
    const notifier = await createNotificationWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      db: db.db,
      config: { SMTP_URL: smtpUrl, MAIL_FROM: 'duban@duban.test', PUBLIC_BASE_URL: 'https://duban.test' },
    });
    return caseWorker.runUntil(notifier.runUntil(fn(queue)));
  }
  const start = async (queue: string) => {
    const caseId = randomUUID();
    const handle = await env.client.workflow.start('caseWorkflow', {
      taskQueue: queue,
      workflowId: defs.caseWorkflowId(caseId),
      args: [
        {
          caseId,
          report: report(ids.enterpriseId),
          reportedBy: supervisor,
          reportedAt: new Date().toISOString(),
          regionPath: DISTRICT.path,
          industryCategory: 'machinery',
          indexSearchAttributes: false,
        } satisfies defs.CaseWorkflowInput,
      ],
    });
    return { caseId, handle };
  };
  const issuedOf = (caseId: string) =>
    db.db
      .select()
      .from(schema.officialDocuments)
      .where(eq(schema.officialDocuments.caseId, caseId))
      .orderBy(asc(schema.officialDocuments.serial));
  const fileOf = async (documentId: string) => {
    const [d] = await db.db.select().from(schema.documents).where(eq(schema.documents.id, documentId));
    return d!;
  };

  it('issues the listing notice and each rung’s document in the transition, links them, and tells the enterprise once by e-mail', async () => {
    // A district's own 督办函 wording, in force before the rung fires: the letter is issued under it.
    await db.db.insert(schema.documentTemplates).values({
      regionCode: DISTRICT.code,
      kind: 'urging_letter',
      version: 1,
      effectiveFrom: '2020-01-01',
      body: {
        title: '关于督促{{企业名称}}限期整改的督办函',
        addressee: '{{企业名称}}',
        body: '你单位“{{隐患名称}}”（{{案件编号}}）{{督办事由}}。请于{{办理期限}}前书面报告洪山区专用督办措辞。',
      },
    });
    await withWorkers(async (queue) => {
      const { caseId, handle } = await start(queue);
      const deadline = await dateIn(env, 3);
      await toRectifying(handle, {
        clauseId: ids.clauseId,
        company: enterpriseActor(ids.enterpriseId),
        deadline,
        publish: false, // published below, where its notice is checked
      });

      // 挂牌: the notice is numbered, laid out and stored in the `listed` transition, and its event names it.
      const [listing] = await issuedOf(caseId);
      expect(listing).toMatchObject({ kind: 'listing_notice', serial: 1, templateVersion: 0 });
      expect(listing!.number).toMatch(/^洪安委办〔\d{4}〕1号$/);
      expect(listing!.recipientEnterpriseId).toBe(ids.enterpriseId);
      const evs = await db.db
        .select()
        .from(schema.caseEvents)
        .where(eq(schema.caseEvents.caseId, caseId))
        .orderBy(asc(schema.caseEvents.seq));
      const listed = evs.find((e) => e.type === 'listed')!;
      expect(listed.payload).toMatchObject({
        documentId: listing!.documentId,
        documentNumber: listing!.number,
      });
      const file = await fileOf(listing!.documentId);
      const bytes = readFileSync(path.join(uploadDir, file.storagePath));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
      const [caseRow] = await db.db.select().from(schema.cases).where(eq(schema.cases.id, caseId));
      const text = await pdfText(path.join(uploadDir, file.storagePath));
      const [y, m, d] = deadline.split('-').map(Number);
      for (const s of [
        '重大事故隐患挂牌督办通知书',
        listing!.number,
        '武汉测试机械制造有限公司1',
        '粉尘爆炸危险场所除尘系统未设置泄爆装置',
        `ZD-${String(caseRow!.caseNo).padStart(6, '0')}`,
        '《工贸企业重大事故隐患判定标准》第十二条（二）',
        `${y}年${m}月${d}日前完成整改`,
        '县级挂牌督办',
      ])
        expect(text).toContain(flat(s));

      // 挂牌公示 feeds the public notice page.
      await handle.executeUpdate(defs.confirmPublicationUpdate, {
        args: [
          {
            actor: supervisor,
            input: {
              kind: 'listing',
              publishedOn: await dateIn(env, 0),
              reference: '洪安委办公示〔2026〕1号',
            },
          },
        ],
      });
      const notices = await db.db
        .select()
        .from(schema.publicNotices)
        .where(eq(schema.publicNotices.caseId, caseId));
      expect(notices).toMatchObject([
        {
          kind: 'listing',
          regionName: '洪山区',
          enterpriseName: '武汉测试机械制造有限公司1',
          level: 'county',
          rectificationDeadline: deadline,
        },
      ]);

      // The deadline passes; the ladder fires 预警, 督办函, 约谈 and 通报 on the test server's clock.
      await env.sleep('20 days');
      const view = await handle.query(defs.getCaseQuery);
      expect(view.escalations.map((e) => e.step)).toEqual(
        expect.arrayContaining(['warning', 'urging_letter', 'interview', 'public_notice']),
      );
      const rungs = await db.db
        .select()
        .from(schema.escalations)
        .where(eq(schema.escalations.caseId, caseId))
        .orderBy(asc(schema.escalations.triggeredAt));
      const issued = await issuedOf(caseId);
      // Numbered without gaps in the order issued; each rung's record names its document, 预警 has none.
      expect(issued.map((x) => x.serial)).toEqual(issued.map((_, i) => i + 1));
      for (const r of rungs) {
        const doc = issued.find((x) => x.escalationId === r.id);
        if (r.step === 'warning') {
          expect(r.documentId).toBeNull();
          expect(doc).toBeUndefined();
        } else {
          expect(doc, r.step).toBeDefined();
          expect(r.documentId).toBe(doc!.documentId);
        }
      }
      const letter = issued.find((x) => x.kind === 'urging_letter')!;
      expect(letter.templateVersion).toBe(1);
      const letterText = await pdfText(path.join(uploadDir, (await fileOf(letter.documentId)).storagePath));
      expect(letterText).toContain('洪山区专用督办措辞');
      expect(letterText).toContain(flat('整改期限逾期未完成'));
      const interview = issued.find((x) => x.kind === 'interview_notice')!;
      expect(interview.templateVersion).toBe(0);
      expect(await pdfText(path.join(uploadDir, (await fileOf(interview.documentId)).storagePath))).toContain(
        '约谈通知书',
      );
      const escalated = (
        await db.db.select().from(schema.caseEvents).where(eq(schema.caseEvents.caseId, caseId))
      ).filter((e) => e.type === 'escalated');
      expect(
        escalated
          .filter((e) => (e.payload as { step: string }).step === 'urging_letter')
          .map((e) => (e.payload as { documentId: string }).documentId),
      ).toEqual([letter.documentId]);

      // The dispatcher delivers the outbox over real SMTP: the enterprise learns of every document issued to it,
      // its tasks, the reminder and the rungs; the other enterprise of nothing.
      await env.client.workflow.execute('outboxDispatchWorkflow', {
        taskQueue: queue,
        workflowId: `dispatch-${randomUUID()}`,
        args: [{}],
      });
      const toEnt = mails.filter((x) => x.to.includes('ent@duban.test')).map((x) => x.subject);
      for (const s of [
        `公文送达：重大事故隐患挂牌督办通知书（${listing!.number}）`,
        `公文送达：关于督促武汉测试机械制造有限公司1限期整改的督办函（${letter.number}）`,
        '新待办：提交整改方案',
        '督办升级（督办函）',
        '期限提醒',
      ])
        expect(
          toEnt.some((x) => x.includes(s)),
          `${s} in ${toEnt.join(' | ')}`,
        ).toBe(true);
      expect(mails.some((x) => x.to.includes('other@duban.test'))).toBe(false);
      const toSup = mails.filter((x) => x.to.includes('sup@duban.test')).map((x) => x.subject);
      expect(toSup.some((x) => x.startsWith('督办升级（约谈）'))).toBe(true);
      expect(toSup.some((x) => x.startsWith('公文送达'))).toBe(false); // internal readers are told of rungs, not served
      // Each message once: the in-app inbox holds one row per message, and a second run sends nothing new.
      const inbox = await db.db
        .select()
        .from(schema.notifications)
        .where(eq(schema.notifications.userId, people.ent));
      expect(inbox.filter((n) => n.kind === 'document_issued')).toHaveLength(
        issued.filter((x) => x.audience === 'enterprise').length,
      );
      const before = mails.length;
      await env.client.workflow.execute('outboxDispatchWorkflow', {
        taskQueue: queue,
        workflowId: `dispatch-${randomUUID()}`,
        args: [{}],
      });
      expect(mails.length).toBe(before);
      await handle.terminate('test finished');
    });
  });

  it('issues the delisting notice at sign-off and publishes the delisting', async () => {
    await withWorkers(async (queue) => {
      const { caseId, handle } = await start(queue);
      const company = enterpriseActor(ids.enterpriseId);
      await toRectifying(handle, { clauseId: ids.clauseId, company, deadline: await dateIn(env, 60) });
      await handle.executeUpdate(defs.applyAcceptanceUpdate, {
        args: [
          { actor: company, input: { completionReport: '已加装泄爆装置', documentIds: [randomUUID()] } },
        ],
      });
      await handle.executeUpdate(defs.recordAcceptanceUpdate, {
        args: [
          {
            actor: supervisor,
            input: {
              passed: true,
              heldOn: await dateIn(env, 0),
              opinions: [{ expert: '王专家', opinion: '泄爆装置安装到位' }],
            },
          },
        ],
      });
      await handle.executeUpdate(defs.signOffUpdate, {
        args: [{ actor: supervisor, input: { comment: '同意销号' } }],
      });
      const delisting = (await issuedOf(caseId)).find((x) => x.kind === 'delisting_notice')!;
      expect(delisting).toBeDefined();
      const text = await pdfText(path.join(uploadDir, (await fileOf(delisting.documentId)).storagePath));
      expect(text).toContain(flat('重大事故隐患销号（摘牌）通知书'));
      expect(text).toContain(flat('王专家：泄爆装置安装到位'));
      expect(text).toContain(flat('销号（摘牌）'));
      await handle.executeUpdate(defs.confirmPublicationUpdate, {
        args: [
          {
            actor: supervisor,
            input: {
              kind: 'delisting',
              publishedOn: await dateIn(env, 1),
              reference: '洪安委办公示〔2026〕9号',
            },
          },
        ],
      });
      const notices = await db.db
        .select()
        .from(schema.publicNotices)
        .where(eq(schema.publicNotices.caseId, caseId));
      // The listing was published before the sign-off (销号 waits for it), then the delisting.
      expect(notices.map((n) => n.kind).sort()).toEqual(['delisting', 'listing']);
      expect(notices.find((n) => n.kind === 'delisting')!.delistedOn).toBe(await dateIn(env, 0));
    });
  });
});

/** `=?UTF-8?B?...?=` encoded words of a header, decoded (nodemailer encodes Chinese subjects). */
function decodeMime(s: string): string {
  return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data
            .replace(/_/g, ' ')
            .replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}
