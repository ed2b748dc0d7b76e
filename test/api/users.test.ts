import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const ROLES = ['admin', 'sup', 'sup-other', 'leader', 'ent', 'ent-other', 'expert', 'grid'] as const;
const NEW_PASSWORD = 'Hongshan2026new';

async function login(h: Harness, username: string, password: string) {
  return h.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

/** 用户管理 and password changes on the real stack (PostgreSQL, Temporal dev server, worker). */
describe('users and passwords', () => {
  let h: Harness;
  const as: Record<string, Client> = {};

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ROLES) as[u] = await loginAs(h.app, u);
  });
  afterAll(async () => h?.stop());

  it('lets only administrators list, read and create accounts; every other role gets 403', async () => {
    const list = await as.admin!.get('/api/users?sort=["username","ASC"]&range=[0,49]');
    expect(list.status).toBe(200);
    expect(list.headers.get('content-range')).toMatch(/^users 0-\d+\/8$/);
    expect(list.body.map((u: { username: string }) => u.username)).toContain('ent-other');
    for (const u of list.body) expect(u).not.toHaveProperty('passwordHash');
    const one = await as.admin!.get(`/api/users/${h.ids.users.sup}`);
    expect(one.body).toMatchObject({ username: 'sup', role: 'supervisor', regionCode: '420111' });
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      expect((await as[role]!.get('/api/users')).status, role).toBe(403);
      expect((await as[role]!.get(`/api/users/${h.ids.users.sup}`)).status, role).toBe(403);
      const create = await as[role]!.post('/api/users', {
        username: `x-${role}`,
        displayName: 'x',
        role: 'admin',
        password: NEW_PASSWORD,
      });
      expect(create.status, role).toBe(403);
    }
    expect((await as.admin!.get('/api/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('creates an account that can log in, with field errors for a weak password, a missing unit or a taken name', async () => {
    const weak = await as.admin!.post('/api/users', {
      username: 'gs.new',
      displayName: '关山街 新同事',
      role: 'supervisor',
      regionCode: '420111',
      password: 'short1',
    });
    expect(weak.status).toBe(422);
    expect(weak.body.errors.password).toContain('至少10位');
    const noRegion = await as.admin!.post('/api/users', {
      username: 'gs.new',
      displayName: '关山街 新同事',
      role: 'supervisor',
      password: NEW_PASSWORD,
    });
    expect(noRegion.status).toBe(422);
    expect(noRegion.body.errors.regionCode).toBe('该角色须指定所属区域');
    const taken = await as.admin!.post('/api/users', {
      username: 'sup',
      displayName: '重名',
      role: 'supervisor',
      regionCode: '420111',
      password: NEW_PASSWORD,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.errors.username).toBe('用户名已存在');

    const created = await as.admin!.post('/api/users', {
      username: 'gs.new',
      displayName: '关山街 新同事',
      role: 'supervisor',
      regionCode: '420111',
      phone: '13900001111',
      password: NEW_PASSWORD,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'gs.new', active: true });
    expect((await login(h, 'gs.new', NEW_PASSWORD)).status).toBe(200);
    const audit = await h.db.pool!.query(
      "select action, payload from audit_log where resource = 'users' and resource_id = $1",
      [created.body.id],
    );
    expect(audit.rows[0].action).toBe('create');
    expect(JSON.stringify(audit.rows[0].payload)).not.toContain(NEW_PASSWORD);
  });

  it('disabling an account ends its sessions and refuses its logins; an administrator cannot disable themself', async () => {
    const grid = as.grid!;
    expect((await grid.get('/api/me')).status).toBe(200);
    const record = (await as.admin!.get(`/api/users/${h.ids.users.grid}`)).body;
    const res = await as.admin!.put(`/api/users/${h.ids.users.grid}`, { ...record, active: false });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await grid.get('/api/me')).status).toBe(401);
    expect((await login(h, 'grid', PASSWORD)).status).toBe(401);
    const self = (await as.admin!.get(`/api/users/${h.ids.users.admin}`)).body;
    const refused = await as.admin!.put(`/api/users/${h.ids.users.admin}`, { ...self, active: false });
    expect(refused.status).toBe(409);
    expect((await as.admin!.get(`/api/users/${h.ids.users.admin}`)).body.active).toBe(true);
    expect((await as.sup!.put(`/api/users/${h.ids.users.grid}`, { ...record, active: true })).status).toBe(
      403,
    );
  });

  it('resets a password for a user (their sessions end) and lets a user change their own', async () => {
    const expert = await loginAs(h.app, 'expert');
    const reset = await as.admin!.post(`/api/users/${h.ids.users.expert}/reset-password`, {
      password: NEW_PASSWORD,
    });
    expect(reset.status).toBe(200);
    expect((await expert.get('/api/me')).status).toBe(401);
    expect((await login(h, 'expert', PASSWORD)).status).toBe(401);
    expect((await login(h, 'expert', NEW_PASSWORD)).status).toBe(200);

    // Changing one's own password: the wrong current one is a field error; other sessions end, this one stays.
    const second = await loginAs(h.app, 'leader');
    const wrong = await as.leader!.post('/api/me/password', {
      currentPassword: 'nope',
      newPassword: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.currentPassword).toBe('当前密码不正确');
    const weak = await as.leader!.post('/api/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'abcdefghij',
    });
    expect(weak.status).toBe(422);
    expect(weak.body.errors.newPassword).toContain('字母和数字');
    const ok = await as.leader!.post('/api/me/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(ok.status).toBe(200);
    expect((await as.leader!.get('/api/me')).status).toBe(200);
    expect((await second.get('/api/me')).status).toBe(401);
    expect((await login(h, 'leader', NEW_PASSWORD)).status).toBe(200);
  });
});
