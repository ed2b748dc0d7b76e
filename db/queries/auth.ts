import { randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { sha256Hex } from '../hash-chain.js';
import { verifyPassword } from '../password.js';
import { departments, regions, sessions, users } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string | null;
  regionPath: string | null;
  departmentId: string | null;
  /**
   * The industries of the user's department (行业主管部门), which narrow a supervisor's or leader's scope; null
   * when the user belongs to no department (安委办, 街道), who sees every industry of the territory.
   */
  departmentIndustries: string[] | null;
  enterpriseId: string | null;
}

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  regionCode: users.regionCode,
  regionPath: regions.path,
  departmentId: users.departmentId,
  departmentIndustries: departments.industryCodes,
  enterpriseId: users.enterpriseId,
};

/**
 * Checks a username and password. Each failure is counted and slows the next answer; after MAX_FAILED_LOGINS the
 * account is locked for LOCK_MINUTES. The same message for an unknown user and a wrong password.
 */
export async function authenticate(
  db: Db,
  username: string,
  password: string,
  now = new Date(),
): Promise<SessionUser> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  const invalid = new DomainError('UNAUTHENTICATED', '用户名或密码错误');
  if (!u || !u.active) {
    await verifyPassword(
      '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$0000000000000000000000000000000000000000000',
      password,
    );
    throw invalid;
  }
  if (u.lockedUntil && u.lockedUntil > now) {
    throw new DomainError('RATE_LIMITED', `登录失败次数过多，账户已锁定至 ${u.lockedUntil.toISOString()}`);
  }
  if (!(await verifyPassword(u.passwordHash, password))) {
    const failed = u.failedLogins + 1;
    await db
      .update(users)
      .set({
        failedLogins: failed >= MAX_FAILED_LOGINS ? 0 : failed,
        lockedUntil: failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null,
      })
      .where(eq(users.id, u.id));
    await new Promise((r) => setTimeout(r, Math.min(2_000, 150 * 2 ** failed)));
    throw invalid;
  }
  if (u.failedLogins > 0 || u.lockedUntil)
    await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, u.id));
  return (await getSessionUser(db, u.id))!;
}

export async function getSessionUser(db: Db, userId: string): Promise<SessionUser | undefined> {
  const [row] = await db
    .select(userColumns)
    .from(users)
    .leftJoin(regions, eq(regions.code, users.regionCode))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.id, userId));
  return row as SessionUser | undefined;
}

/** Creates a session and returns its token; only the token's hash is stored. */
export async function createSession(
  db: Db,
  userId: string,
  ttlHours: number,
  kind: 'cookie' | 'bearer' = 'cookie',
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insert(sessions)
    .values({ id: sha256Hex(token), userId, kind, expiresAt: new Date(Date.now() + ttlHours * 3_600_000) });
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  return token;
}

export async function userForToken(db: Db, token: string): Promise<SessionUser | undefined> {
  const [row] = await db
    .select(userColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(regions, eq(regions.code, users.regionCode))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(
      and(eq(sessions.id, sha256Hex(token)), gt(sessions.expiresAt, new Date()), eq(users.active, true)),
    );
  return row as SessionUser | undefined;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sha256Hex(token)));
}

export async function countUsers(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return r?.n ?? 0;
}
