import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../domain/credit-code.js';
import { caseWorkflowId, getCaseQuery } from '../../workflows/definitions.js';
import { loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const ROLES = ['admin', 'sup', 'sup-other', 'leader', 'ent', 'ent-other', 'expert', 'grid'] as const;

const enterprise = (serial: number, regionCode = '420111') => ({
  name: `武汉登记测试${serial}号有限公司`,
  creditCode: makeCreditCode('420111', 700_000 + serial),
  regionCode,
  industryCode: 'machinery.general',
  scale: 'above',
  riskGrade: 'C',
  status: 'operating',
  principalName: '刘强',
  principalPhone: '13900002222',
});

/** Registry writes on the real stack: who may write what, 谁家的孩子谁抱走, and a status change reaching the cases. */
describe('registry writes', () => {
  let h: Harness;
  const as: Record<string, Client> = {};

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ROLES) as[u] = await loginAs(h.app, u);
  });
  afterAll(async () => h?.stop());

  it('lets supervisors register enterprises in their territory only; other roles get 403', async () => {
    const ok = await as.sup!.post('/api/enterprises', enterprise(1));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ regionPath: '420000/420100/420111/', industryCategory: 'machinery' });
    const foreign = await as['sup-other']!.post('/api/enterprises', enterprise(2));
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors.regionCode).toBe('不在您的管辖范围内');
    for (const role of ['leader', 'ent', 'ent-other', 'expert', 'grid'] as const)
      expect((await as[role]!.post('/api/enterprises', enterprise(3))).status, role).toBe(403);
    const dup = await as.admin!.post('/api/enterprises', {
      ...enterprise(4),
      creditCode: enterprise(1).creditCode,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.errors.creditCode).toBe('统一社会信用代码已登记');
    const bad = await as.sup!.post('/api/enterprises', {
      ...enterprise(5),
      creditCode: '91420111MA4K00000X',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.creditCode).toBeTruthy();
    const count = await h.db.pool!.query(
      "select count(*)::int as n from enterprises where name like '武汉登记测试%'",
    );
    expect(count.rows[0].n).toBe(1);
  });

  it('places an enterprise with the department covering its territory and industry, and re-places on department change', async () => {
    const dept = await as.admin!.post('/api/departments', {
      name: '洪山区经济和信息化局',
      regionCode: '420111',
      industryCodes: ['machinery'],
    });
    expect(dept.status).toBe(201);
    const e = await as.sup!.post('/api/enterprises', enterprise(6));
    expect(e.body.departmentId).toBe(dept.body.id);
    const narrowed = await as.admin!.put(`/api/departments/${dept.body.id}`, {
      ...dept.body,
      industryCodes: ['chemicals'],
    });
    expect(narrowed.status).toBe(200);
    const after = await h.db.pool!.query('select department_id from enterprises where id = $1', [e.body.id]);
    expect(after.rows[0].department_id).toBeNull();
    expect((await as.sup!.post('/api/departments', { name: 'x部门', regionCode: '420111' })).status).toBe(
      403,
    );
    const unknown = await as.admin!.post('/api/departments', {
      name: '某局',
      regionCode: '420111',
      industryCodes: ['nope'],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.industryCodes).toContain('nope');
  });

  it('updates an enterprise; a foreign supervisor gets 404; closing it is signalled to its open case', async () => {
    const kase = await as.sup!.post('/api/cases', {
      source: 'inspection',
      enterpriseId: h.ids.enterpriseId,
      regionCode: '420111',
      title: '粉尘涉爆除尘系统未设锁气卸灰装置',
      description: '检查发现',
    });
    expect(kase.status).toBe(201);
    // The test registry's codes predate the taxonomy and the check character: the form would correct them.
    const current = {
      ...(await as.sup!.get(`/api/enterprises/${h.ids.enterpriseId}`)).body,
      industryCode: 'machinery.general',
      creditCode: makeCreditCode('420111', 424242),
    };
    expect((await as['sup-other']!.put(`/api/enterprises/${h.ids.enterpriseId}`, current)).status).toBe(404);
    expect((await as.ent!.put(`/api/enterprises/${h.ids.enterpriseId}`, current)).status).toBe(403);
    const closed = await as.sup!.put(`/api/enterprises/${h.ids.enterpriseId}`, {
      ...current,
      status: 'closed',
      statusChangedAt: '2026-11-20',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', statusChangedAt: '2026-11-20' });
    const handle = h.env.client.workflow.getHandle(caseWorkflowId(kase.body.id));
    await expect
      .poll(async () => (await handle.query(getCaseQuery)).details.enterpriseStatus, { timeout: 10_000 })
      .toEqual({ status: 'closed', at: '2026-11-20' });
    const audit = await h.db.pool!.query(
      "select action from audit_log where resource = 'enterprises' and resource_id = $1",
      [h.ids.enterpriseId],
    );
    expect(audit.rows.map((r) => r.action)).toContain('status_change');
  });

  it('lets administrators add and rename regions, never move them; others get 403', async () => {
    const street = await as.admin!.post('/api/regions', {
      code: '420111099',
      name: '测试街道',
      level: 'street',
      parentCode: '420111',
    });
    expect(street.status).toBe(201);
    expect(street.body).toMatchObject({ id: '420111099', path: '420000/420100/420111/420111099/' });
    const renamed = await as.admin!.put('/api/regions/420111099', {
      ...street.body,
      name: '测试街道（更名）',
    });
    expect(renamed.body.name).toBe('测试街道（更名）');
    const moved = await as.admin!.put('/api/regions/420111099', { ...street.body, parentCode: '420102' });
    expect(moved.status).toBe(422);
    expect(moved.body.errors.parentCode).toBeTruthy();
    expect((await as.admin!.post('/api/regions', street.body)).status).toBe(409);
    const orphan = await as.admin!.post('/api/regions', {
      code: '420111098',
      name: '孤儿',
      level: 'street',
      parentCode: '999999',
    });
    expect(orphan.status).toBe(422);
    expect(
      (
        await as.sup!.post('/api/regions', {
          code: '420111097',
          name: 'x',
          level: 'street',
          parentCode: '420111',
        })
      ).status,
    ).toBe(403);
  });
});
