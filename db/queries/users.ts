import { and, asc, desc, eq, ilike, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../client.js';
import { hashPassword, verifyPassword } from '../password.js';
import { departments, enterprises, regions, sessions, users } from '../schema/index.js';
import { sha256Hex } from '../hash-chain.js';
import { DomainError } from '../../domain/errors.js';
import { roles } from '../../domain/roles.js';
import { pageOf, type ListQuery, type ListResult } from './list-params.js';

/** 密码规则: at least 10 characters with letters and digits; the console checks the same before sending. */
export const passwordSchema = z
  .string({ error: '请输入密码' })
  .min(10, { error: '密码至少10位，且须同时包含字母和数字' })
  .max(128, { error: '密码不能超过128位' })
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { error: '密码至少10位，且须同时包含字母和数字' });

const phone = z
  .string()
  .regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, { error: '电话号码格式不正确' })
  .nullable()
  .optional();

/** What an administrator sets on an account; the unit a role needs is checked with the database below. */
export const userInput = z.object({
  displayName: z.string().trim().min(1, { error: '姓名不能为空' }).max(50, { error: '姓名不能超过50个字' }),
  role: z.enum(roles, { error: '角色无效' }),
  regionCode: z
    .string()
    .regex(/^\d{6,12}$/, { error: '区划代码应为6至12位数字' })
    .nullable()
    .optional(),
  departmentId: z.uuid({ error: '部门编号无效' }).nullable().optional(),
  enterpriseId: z.uuid({ error: '企业编号无效' }).nullable().optional(),
  phone,
  /** 所属单位, e.g. 洪山区安委办: shown with the person's name wherever they act. */
  unit: z.string().trim().max(60, { error: '所属单位不能超过60个字' }).nullable().optional(),
  active: z.boolean().optional(),
});
export const createUserInput = userInput.extend({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{3,64}$/, { error: '用户名为3至64位字母、数字或 . _ -' }),
  password: passwordSchema,
});
export type UserInput = z.infer<typeof userInput>;

/** An account as the API shows it: never the password hash, nor the lockout counters. */
const publicColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  regionCode: users.regionCode,
  departmentId: users.departmentId,
  enterpriseId: users.enterpriseId,
  phone: users.phone,
  unit: users.unit,
  active: users.active,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};
export type PublicUser = Omit<typeof users.$inferSelect, 'passwordHash'>;

const userFilter = z
  .object({
    q: z.string().max(100).optional(),
    role: z.enum(roles).optional(),
    active: z.boolean().optional(),
    regionCode: z.string().max(12).optional(),
    enterpriseId: z.uuid().optional(),
    id: z.array(z.uuid()).max(1000).optional(),
  })
  .strict();

const SORTABLE = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  createdAt: users.createdAt,
  active: users.active,
};

export async function listUsers(db: Db, q: ListQuery): Promise<ListResult<PublicUser>> {
  const parsed = userFilter.safeParse(q.filter ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `filter.${issue.path.join('.') || ''}`;
    throw new DomainError('VALIDATION', issue.message, { [field]: issue.message });
  }
  const f = parsed.data;
  const where: SQL[] = [];
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`;
    where.push(or(ilike(users.username, like), ilike(users.displayName, like))!);
  }
  if (f.role) where.push(eq(users.role, f.role));
  if (f.active !== undefined) where.push(eq(users.active, f.active));
  if (f.regionCode) where.push(eq(users.regionCode, f.regionCode));
  if (f.enterpriseId) where.push(eq(users.enterpriseId, f.enterpriseId));
  if (f.id) where.push(sql`${users.id} in ${f.id}`);
  const [field, order] = q.sort ?? ['username', 'ASC'];
  const column = SORTABLE[field as keyof typeof SORTABLE];
  if (!column)
    throw new DomainError('VALIDATION', `不能按 ${field} 排序`, {
      sort: `可排序字段：${Object.keys(SORTABLE).join(', ')}`,
    });
  const { offset, limit } = pageOf(q);
  const cond = where.length ? and(...where) : undefined;
  const [rows, [count]] = await Promise.all([
    db
      .select(publicColumns)
      .from(users)
      .where(cond)
      .orderBy(order === 'ASC' ? asc(column) : desc(column), asc(users.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(cond),
  ]);
  return { rows: rows as PublicUser[], total: count?.n ?? 0, from: offset };
}

export async function getUser(db: Db, id: string): Promise<PublicUser> {
  const [row] = await db.select(publicColumns).from(users).where(eq(users.id, id));
  if (!row) throw new DomainError('NOT_FOUND', '用户不存在');
  return row as PublicUser;
}

/** The unit each role works for must exist: a region for territorial roles, an enterprise for enterprise users. */
async function checkUnit(db: Db, input: UserInput): Promise<void> {
  const needsRegion = ['supervisor', 'leader', 'grid_member', 'expert'].includes(input.role);
  if (needsRegion && !input.regionCode)
    throw new DomainError('VALIDATION', '该角色须指定所属区域', { regionCode: '该角色须指定所属区域' });
  if (input.role === 'enterprise' && !input.enterpriseId)
    throw new DomainError('VALIDATION', '企业用户须指定所属企业', { enterpriseId: '企业用户须指定所属企业' });
  if (input.regionCode) {
    const [r] = await db
      .select({ code: regions.code })
      .from(regions)
      .where(eq(regions.code, input.regionCode));
    if (!r) throw new DomainError('VALIDATION', '区域不存在', { regionCode: '区域不存在' });
  }
  if (input.enterpriseId) {
    const [e] = await db
      .select({ id: enterprises.id })
      .from(enterprises)
      .where(eq(enterprises.id, input.enterpriseId));
    if (!e) throw new DomainError('VALIDATION', '企业不存在', { enterpriseId: '企业不存在' });
  }
  if (input.departmentId) {
    const [d] = await db
      .select({ id: departments.id })
      .from(departments)
      .where(eq(departments.id, input.departmentId));
    if (!d) throw new DomainError('VALIDATION', '监管部门不存在', { departmentId: '监管部门不存在' });
  }
}

export async function createUser(db: Db, input: z.infer<typeof createUserInput>): Promise<PublicUser> {
  await checkUnit(db, input);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (existing) throw new DomainError('CONFLICT', '用户名已存在', { username: '用户名已存在' });
  const [row] = await db
    .insert(users)
    .values({
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      regionCode: input.regionCode ?? null,
      departmentId: input.departmentId ?? null,
      enterpriseId: input.role === 'enterprise' ? (input.enterpriseId ?? null) : null,
      phone: input.phone ?? null,
      unit: input.unit || null,
      active: input.active ?? true,
      passwordHash: await hashPassword(input.password),
    })
    .returning({ id: users.id });
  return getUser(db, row!.id);
}

/** Updates an account; disabling it (or changing its role) ends every session it has. */
export async function updateUser(db: Db, id: string, input: UserInput, actorId: string): Promise<PublicUser> {
  const before = await getUser(db, id);
  await checkUnit(db, input);
  if (id === actorId && (input.active === false || input.role !== 'admin'))
    throw new DomainError('CONFLICT', '不能停用自己的账户或取消自己的管理员角色');
  await db
    .update(users)
    .set({
      displayName: input.displayName,
      role: input.role,
      regionCode: input.regionCode ?? null,
      departmentId: input.departmentId ?? null,
      enterpriseId: input.role === 'enterprise' ? (input.enterpriseId ?? null) : null,
      phone: input.phone ?? null,
      unit: input.unit || null,
      active: input.active ?? before.active,
      updatedAt: new Date(),
    })
    .where(eq(users.id, id));
  // A change of what the account may see ends its sessions; an unchanged region given as absent (null) is no change
  // (comparing undefined with null ended the administrator's own sessions on every edit of their name). An
  // administrator editing their own account keeps the session they are using: their role and activity cannot change
  // (refused above), and scope is read afresh on every request.
  if (
    id !== actorId &&
    (input.active === false || input.role !== before.role || (input.regionCode ?? null) !== before.regionCode)
  )
    await db.delete(sessions).where(eq(sessions.userId, id));
  return getUser(db, id);
}

/** An administrator sets a new password: the user's sessions end. */
export async function resetPassword(db: Db, id: string, password: string): Promise<void> {
  await getUser(db, id);
  await db
    .update(users)
    .set({
      passwordHash: await hashPassword(password),
      updatedAt: new Date(),
    })
    .where(eq(users.id, id));
  await db.delete(sessions).where(eq(sessions.userId, id));
}

/** The user changes their own password; every other session of theirs ends, the current one stays. */
export async function changeOwnPassword(
  db: Db,
  userId: string,
  currentToken: string | undefined,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const [u] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!u || !(await verifyPassword(u.hash, currentPassword)))
    throw new DomainError('VALIDATION', '当前密码不正确', { currentPassword: '当前密码不正确' });
  if (currentPassword === newPassword)
    throw new DomainError('VALIDATION', '新密码不能与当前密码相同', {
      newPassword: '新密码不能与当前密码相同',
    });
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(newPassword), updatedAt: new Date() })
    .where(eq(users.id, userId));
  await db
    .delete(sessions)
    .where(
      and(eq(sessions.userId, userId), currentToken ? ne(sessions.id, sha256Hex(currentToken)) : undefined),
    );
}
