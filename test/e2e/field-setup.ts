/** What the on-site (phone) browser tests share: where the phone stands, its photo, and a unit due for a patrol. */
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { PASSWORD, loginAs } from '../api/harness.js';
import { repoRoot } from '../helpers/paths.js';
import type { Stack } from './stack.js';

/** The picture the camera input takes. */
export const PHOTO = path.join(repoRoot, 'test/fixtures/photos/site.png');
/** 洪山区 (the harness's district), where the emulated phone stands. */
export const HERE = { latitude: 30.5058, longitude: 114.4181, accuracy: 12 };

/**
 * A grid in 洪山区 with the harness's grid member, one leader and two responsible supervisors (seed 002), holding the
 * harness's enterprise, whose patrol fell due yesterday (its first is due a full interval after assignment): the grid
 * member's home lists it as overdue. Answers the enterprise's name as the pages show it.
 */
export async function seedPatrolDue(
  s: Stack,
  grid: { code: string; name: string },
): Promise<{ gridId: string; enterpriseName: string }> {
  const { h } = s;
  const q = async (sql: string, params: unknown[] = []) => (await h.db.pool!.query(sql, params)).rows;
  const [sup2] = await h.db.db
    .insert(schema.users)
    .values({
      username: 'sup2',
      displayName: '监管二',
      passwordHash: await hashPassword(PASSWORD),
      role: 'supervisor',
      regionCode: '420111',
    })
    .returning({ id: schema.users.id });
  const sup = await loginAs(h.app, 'sup');
  const created = await sup.post('/api/grids', {
    ...grid,
    level: 'town',
    regionCode: '420111',
    leaderId: h.ids.users.leader,
    supervisorIds: [h.ids.users.sup, sup2!.id],
    memberIds: [h.ids.users.grid],
  });
  expect(created.status).toBe(201);
  const assigned = await sup.post(`/api/grids/${created.body.id}/enterprises`, {
    enterpriseIds: [h.ids.enterpriseId],
  });
  expect(assigned.status).toBe(200);
  await q('update grid_enterprises set patrol_due_on = $1 where grid_id = $2', [
    addCalendarDays(shanghaiDate(new Date()), -1),
    created.body.id,
  ]);
  const [enterprise] = await q('select name from enterprises where id = $1', [h.ids.enterpriseId]);
  return { gridId: created.body.id, enterpriseName: enterprise.name };
}

/** A new 390×844 phone context in Shanghai, standing at HERE with the location granted unless `gps` is false. */
export async function phoneContext(s: Stack, opts: { gps?: boolean } = {}): Promise<BrowserContext> {
  const ctx = await s.context({ phone: true, timezoneId: 'Asia/Shanghai' });
  if (opts.gps !== false) {
    await ctx.grantPermissions(['geolocation'], { origin: s.base });
    await ctx.setGeolocation(HERE);
  }
  return ctx;
}
