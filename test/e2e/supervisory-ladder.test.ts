import type { BrowserContext } from 'playwright-core';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import type { Actor } from '../../domain/commands.js';
import * as defs from '../../workflows/definitions.js';
import { createLegacyImporter } from '../../scripts/seed/legacy-case.js';
import { loginAs, PASSWORD } from '../api/harness.js';
import { workflowBundle } from '../workflows/fixture.js';
import { screenshotPath } from './browser.js';
import { expectAccessible, expectNoRawText, overflowingElements } from './checks.js';
import { startStack, type Stack } from './stack.js';

/**
 * Issue 12 fix 8 as the people on the ladder see it. A case listed by the district (county level) with a 包案领导,
 * whose 挂牌公示 was never done: its 5-working-day clock ran out weeks ago and the supervisory ladder climbed — the
 * handling office at once, the 包案领导 after 2 working days, the 安委办 above (the city) after 5. The weeks pass the
 * only real way a running stack has: the case is imported as history (scripts/seed/legacy-case.ts: the real
 * workflow rehearses the commands, the case's own rules fire each missed deadline as of its moment, the real workflow
 * carries on). Then each of them logs in and finds the reminder on their own home page; a district supervisor
 * elsewhere, and a leader not bound to the case, do not.
 */
const DAY = 86_400_000;

describe('the supervisory ladder on each rung’s home page', () => {
  let s: Stack;
  let caseId: string;
  let caseTitle: string;

  beforeAll(async () => {
    s = await startStack();
    const { db } = s.h.db;
    const hash = await hashPassword(PASSWORD);
    // The city's 安委办 (the authority above a district listing) and a second district leader, not the case's.
    const extra = await db
      .insert(schema.users)
      .values([
        {
          username: 'city-sup',
          displayName: '武汉市安委办赵科长',
          role: 'supervisor' as const,
          regionCode: '420100',
          passwordHash: hash,
        },
        {
          username: 'leader-b',
          displayName: '钱副区长',
          role: 'leader' as const,
          regionCode: '420111',
          passwordHash: hash,
        },
      ])
      .returning({ id: schema.users.id });
    expect(extra).toHaveLength(2);
    // People's names, not the harness's usernames (a name like "leader" reads as a raw role code on screen).
    for (const [username, displayName] of [
      ['sup', '张监管'],
      ['leader', '李区长'],
      ['sup-other', '江岸区孙监管'],
    ])
      await db.update(schema.users).set({ displayName }).where(eq(schema.users.username, username!));
    const users = s.h.ids.users;
    const supervisor: Actor = {
      id: users.sup!,
      role: 'supervisor',
      name: 'sup',
      regionPath: '420000/420100/420111/',
    };

    const importer = await createLegacyImporter({
      db,
      client: s.h.env.client,
      uploadDir: s.h.config.uploadDir,
      workflowBundle: await workflowBundle(),
    });
    try {
      caseId = randomUUID();
      caseTitle = `挂牌未公示测试隐患${caseId.slice(0, 4)}`;
      const [enterprise] = await db
        .select()
        .from(schema.enterprises)
        .where(eq(schema.enterprises.id, s.h.ids.enterpriseId));
      const today = shanghaiDate(new Date());
      await importer.importCase({
        input: {
          caseId,
          report: {
            source: 'inspection',
            enterpriseId: enterprise!.id,
            enterpriseName: enterprise!.name,
            regionCode: enterprise!.regionCode,
            title: caseTitle,
            description: '执法检查发现除尘系统未设置泄爆装置',
            evidenceDocumentIds: [],
          },
          reportedBy: supervisor,
          reportedAt: new Date().toISOString(),
          regionPath: enterprise!.regionPath,
          industryCategory: enterprise!.industryCategory,
          departmentId: enterprise!.departmentId,
          trackingCode: null,
        },
        drive: async (handle) => {
          await handle.executeUpdate(defs.judgeUpdate, {
            args: [
              {
                actor: supervisor,
                input: { decision: 'major', clauseId: s.h.ids.clauseId, reason: '符合判定标准' },
              },
            ],
          });
          await handle.executeUpdate(defs.listUpdate, {
            args: [
              {
                actor: supervisor,
                input: {
                  level: 'county',
                  listingAuthority: '洪山区安全生产委员会办公室',
                  supervisingUnit: '洪山区应急管理局',
                  owningLeaderId: users.leader!,
                  rectificationDeadline: addCalendarDays(today, 150),
                  interimControls: ['stop_use'],
                },
              },
            ],
          });
        },
        // Reported, judged and listed about six weeks ago, a day apart, in office hours.
        times: (count) =>
          Array.from(
            { length: count },
            (_, i) => new Date(Date.parse(`${addCalendarDays(today, -44 + i)}T10:00:00+08:00`) + i * 60_000),
          ),
      });
    } finally {
      await importer.close();
    }
  }, 600_000);
  afterAll(async () => s?.stop());

  it('climbed all three rungs, each a task addressed to its rung', async () => {
    const rows = await s.h.db.db
      .select()
      .from(schema.tasks)
      .where(and(eq(schema.tasks.caseId, caseId), like(schema.tasks.kind, 'supervise:%')));
    const open = rows.filter((t) => t.status === 'open');
    expect(open.map((t) => t.kind)).toEqual([
      'supervise:publish_listing',
      'supervise:publish_listing',
      'supervise:publish_listing',
    ]);
    const byRole = Object.fromEntries(open.map((t) => [t.title, t]));
    expect(Object.keys(byRole).sort()).toEqual(
      [
        '催办：挂牌公示期限已逾期',
        '督促办理：挂牌公示期限已逾期（包案领导）',
        '督办：挂牌公示期限已逾期（上级安委办）',
      ].sort(),
    );
    expect(byRole['督促办理：挂牌公示期限已逾期（包案领导）']!.assigneeUserId).toBe(s.h.ids.users.leader);
    expect(byRole['督办：挂牌公示期限已逾期（上级安委办）']!.assigneeRegionPath).toBe('420000/420100/');
    expect(byRole['催办：挂牌公示期限已逾期']!.assigneeRegionPath).toBe('420000/420100/420111/');
    const events = await s.h.db.db
      .select()
      .from(schema.caseEvents)
      .where(and(eq(schema.caseEvents.caseId, caseId), eq(schema.caseEvents.type, 'supervisory_escalated')));
    // Each rung as of its own day: the leader's two working days after the handler's, the city's later still.
    const at = events.map((e) => e.occurredAt.getTime()).sort((a, b) => a - b);
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(2 * DAY - 60_000);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(3 * DAY - 60_000);
    expect(at[2]!).toBeLessThan(Date.now());
  });

  it('the task list answers each of them their own rungs, and nobody else', async () => {
    const mine = async (user: string) => {
      const c = await loginAs(s.h.app, user);
      const r = await c.get(
        `/api/tasks?filter=${encodeURIComponent(JSON.stringify({ mine: true, status: 'open', supervisory: true }))}`,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body as Array<{ title: string; caseId: string }>)
        .filter((t) => t.caseId === caseId)
        .map((t) => t.title)
        .sort();
    };
    expect(await mine('sup')).toEqual(['催办：挂牌公示期限已逾期']);
    expect(await mine('leader')).toEqual(['督促办理：挂牌公示期限已逾期（包案领导）']);
    // The city sees its own rung, and (as for every task of the districts below it) the handling office's.
    expect(await mine('city-sup')).toContain('督办：挂牌公示期限已逾期（上级安委办）');
    expect(await mine('leader-b')).toEqual([]);
    expect(await mine('sup-other')).toEqual([]);
  });

  const home = async (ctx: BrowserContext, user: string) => {
    const page = await s.login(ctx, user);
    await page.getByTestId('worklist').waitFor();
    return page;
  };
  const reminders = async (ctx: BrowserContext, user: string) => {
    const page = await home(ctx, user);
    const card = page.getByTestId('supervisory-reminders');
    await card.waitFor();
    return { page, card };
  };

  it('each rung finds its reminder on the home page, in Chinese with the date as yyyy-MM-dd', async () => {
    const cases: Array<[string, string, string?]> = [
      ['sup', '催办：挂牌公示期限已逾期', '（上级安委办）'],
      ['leader', '督促办理：挂牌公示期限已逾期（包案领导）', '催办：'],
      ['city-sup', '督办：挂牌公示期限已逾期（上级安委办）'],
    ];
    for (const [user, title, notMine] of cases) {
      for (const phone of [false, true]) {
        const ctx = await s.context({ phone });
        const { page, card } = await reminders(ctx, user);
        await expect(card.textContent()).resolves.toContain(title);
        const text = (await card.textContent()) ?? '';
        expect(text).toContain(caseTitle);
        expect(text).toMatch(/监管逾期督办（\d+）/);
        expect(text).toMatch(/办理期限 20\d\d-\d\d-\d\d/);
        if (notMine) expect(text).not.toContain(notMine);
        await expectNoRawText(page, { where: `${user} home` });
        await expectAccessible(page, `${user} home${phone ? ' (phone)' : ''}`);
        if (phone) expect(await overflowingElements(page)).toEqual([]);
        await page.screenshot({ path: screenshotPath(`supervisory-home-${user}${phone ? '-phone' : ''}`) });
        // The reminder leads to the case.
        if (!phone) {
          await card.getByTestId('supervisory-reminder').filter({ hasText: title }).first().click();
          await page.getByTestId('case-header').waitFor();
          expect(page.url()).toContain(`/cases/${caseId}/show`);
        }
        await ctx.close();
      }
    }
  });

  it('in English the card is named in English', async () => {
    const ctx = await s.context();
    const page = await home(ctx, 'leader');
    await page.getByTestId('supervisory-reminders').waitFor();
    await page.getByRole('button', { name: '简体中文' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByText(/Supervisory reminders \(\d+\)/).waitFor();
    await expect(page.getByTestId('supervisory-reminders').textContent()).resolves.toMatch(
      /Due 20\d\d-\d\d-\d\d/,
    );
    await ctx.close();
  });

  it('a supervisor of another district and a leader not bound to the case see no reminder of it', async () => {
    for (const user of ['sup-other', 'leader-b']) {
      const ctx = await s.context();
      const page = await home(ctx, user);
      // The home page has loaded its lists (the worklist answered) and its reminders query has settled.
      await page.waitForLoadState('networkidle');
      const body = (await page.locator('#main-content').textContent()) ?? '';
      expect(body).not.toContain('挂牌公示期限已逾期');
      expect(await page.getByTestId('supervisory-reminders').count()).toBe(0);
      await ctx.close();
    }
  });
});
