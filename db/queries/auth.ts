import { randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { sha256Hex } from '../hash-chain.js';
import { dummyPasswordHash, verifyPassword } from '../password.js';
import { departments, regions, sessions, users } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';
import {
  LOGIN_WINDOW_MINUTES,
  decideAttempt,
  throttleKeys,
  type ThrottleKeyKind,
} from '../../domain/login-throttle.js';
import { consumeCaptcha, countAttempt, forgiveAttempt } from './login-throttle.js';

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

export interface LoginAttempt {
  username: string;
  password: string;
  /** The client's address (api/client-address.ts): the throttle counts attempts per address too. */
  address: string;
  /** A 图形验证码 answer, when the previous answer asked for one. */
  captcha?: { id: string; answer: string };
}

const INVALID = '用户名或密码错误';

/**
 * Checks a username and password under the login throttle (domain/login-throttle.ts). The attempt is counted first,
 * in one statement, and only then is the password checked: concurrent guesses cannot slip past the count. A known
 * and an unknown username take the same path, the same time (an Argon2 check against a dummy hash) and the same
 * answers: 401 UNAUTHENTICATED, 401 CAPTCHA_REQUIRED, 429 RATE_LIMITED.
 */
export async function authenticate(db: Db, attempt: LoginAttempt): Promise<SessionUser> {
  const keys = throttleKeys(attempt.username, attempt.address);
  const [counted, solved] = await Promise.all([
    countAttempt(db, { keys: Object.values(keys), windowMinutes: LOGIN_WINDOW_MINUTES }),
    attempt.captcha ? consumeCaptcha(db, attempt.captcha) : Promise.resolve(false),
  ]);
  const count = (k: ThrottleKeyKind) => counted.get(keys[k])?.count ?? 0;
  const decision = decideAttempt(
    { account: count('account'), accountAddress: count('accountAddress'), address: count('address') },
    solved,
  );
  if (decision === 'refuse') {
    const oldest = Math.min(...[...counted.values()].map((v) => v.windowStart.getTime()));
    const retryAfter = Math.max(1, Math.ceil((oldest + LOGIN_WINDOW_MINUTES * 60_000 - Date.now()) / 1000));
    throw new DomainError('RATE_LIMITED', '登录尝试过于频繁，请稍后再试', undefined, retryAfter);
  }
  if (decision === 'challenge') {
    const message = attempt.captcha ? '图形验证码错误或已过期，请重新输入' : '请输入图形验证码';
    throw new DomainError('CAPTCHA_REQUIRED', message, { captcha: message });
  }
  const [u] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .where(eq(users.username, attempt.username));
  const ok = await verifyPassword(u?.active ? u.passwordHash : await dummyPasswordHash(), attempt.password);
  if (!u?.active || !ok) throw new DomainError('UNAUTHENTICATED', INVALID);
  // A success is not a guess: it leaves the counters as they were before it.
  await forgiveAttempt(db, { keys: Object.values(keys) });
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

/**
 * The user of a live session: not past its expiry, not idle for `idleMinutes`, its user still active. Seeing the
 * session moves its idle clock on, written at most once a minute (a read per request, not a write).
 */
export async function userForToken(
  db: Db,
  token: string,
  idleMinutes: number,
): Promise<SessionUser | undefined> {
  const id = sha256Hex(token);
  const now = Date.now();
  const [row] = await db
    .select({ ...userColumns, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(regions, eq(regions.code, users.regionCode))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(
      and(
        eq(sessions.id, id),
        gt(sessions.expiresAt, new Date(now)),
        gt(sessions.lastSeenAt, new Date(now - idleMinutes * 60_000)),
        eq(users.active, true),
      ),
    );
  if (!row) return undefined;
  const { lastSeenAt, ...user } = row;
  if (now - lastSeenAt.getTime() > 60_000)
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.id, id));
  return user as SessionUser;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sha256Hex(token)));
}

export async function countUsers(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return r?.n ?? 0;
}
