import { HttpError, type AuthProvider } from 'react-admin';
import { httpClient } from './http';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: 'admin' | 'supervisor' | 'leader' | 'enterprise' | 'expert' | 'grid_member';
  regionCode: string | null;
  /** The region's path: 销号 belongs to the listing authority or above, which the case page's buttons follow. */
  regionPath?: string | null;
  enterpriseId: string | null;
}

/** The logged-in user: undefined until asked, null when nobody is logged in. */
let me: Me | null | undefined;
let asking: Promise<Me | null> | undefined;

/**
 * Who was logged in when the server last said so, kept in the browser: a grid member who opens the console with no
 * network (a basement; the service worker serves the console, src/sw.ts) gets the on-site pages and the outbox, not
 * the login page. It is not a credential: every request still needs the session cookie, a 401 afterwards sends the
 * user to the login page, and the outbox keeps what waits (a 401 is "try again later" there, field/outbox.ts).
 */
const KEPT_USER = 'duban-session-user';
function keep(user: Me | null) {
  try {
    if (user) localStorage.setItem(KEPT_USER, JSON.stringify(user));
    else localStorage.removeItem(KEPT_USER);
  } catch {
    // Storage refused (private mode, full): an offline start then shows the login page.
  }
}
function kept(): Me | null {
  try {
    const v = localStorage.getItem(KEPT_USER);
    return v ? (JSON.parse(v) as Me) : null;
  } catch {
    return null;
  }
}

/**
 * GET /api/auth/session answers 200 with the user or null: a logged-out first visit makes no failing request (no
 * console error, nothing for react-query to retry) and goes straight to the login page. No answer at all (no
 * network): the user kept from the last answer, asked again at the next check.
 */
function session(): Promise<Me | null> {
  if (me !== undefined) return Promise.resolve(me);
  asking ??= httpClient('/api/auth/session')
    .then(({ json }) => {
      me = (json as { user: Me | null }).user;
      keep(me);
      return me;
    })
    .catch((err: unknown) => {
      if (err instanceof HttpError) throw err;
      return kept();
    })
    .finally(() => (asking = undefined));
  return asking;
}

/** What checkAuth rejects with when nobody is logged in: to the login page, without a "please log in" toast. */
const loggedOut = { message: false, redirectTo: '/login' } as const;

/** Cookie sessions: the API sets an HTTP-only cookie on login. */
export const authProvider: AuthProvider = {
  async login({ username, password, ...extra }: { username: string; password: string }) {
    me = undefined;
    const { json } = await httpClient('/api/auth/login', {
      method: 'POST',
      // `extra` carries what the login challenge adds (the 图形验证码 answer).
      body: JSON.stringify({ username, password, ...extra }),
    });
    me = (json as { user: Me }).user;
    keep(me);
  },
  async logout() {
    const was = me;
    me = null;
    keep(null);
    if (was !== null) await httpClient('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
  },
  async checkAuth() {
    if (!(await session())) throw loggedOut;
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      me = null;
      keep(null);
      throw loggedOut;
    }
  },
  async getIdentity() {
    const u = await session();
    if (!u) throw loggedOut;
    return {
      id: u.id,
      fullName: u.displayName,
      role: u.role,
      enterpriseId: u.enterpriseId,
      regionCode: u.regionCode,
      regionPath: u.regionPath ?? null,
    };
  },
  /** The role; null while logged out (the login page needs no role, and asking again would be a failed request). */
  async getPermissions() {
    return (await session())?.role ?? null;
  },
};
