import type { AuthProvider } from 'react-admin';
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
 * GET /api/auth/session answers 200 with the user or null: a logged-out first visit makes no failing request (no
 * console error, nothing for react-query to retry) and goes straight to the login page.
 */
function session(): Promise<Me | null> {
  if (me !== undefined) return Promise.resolve(me);
  asking ??= httpClient('/api/auth/session')
    .then(({ json }) => (me = (json as { user: Me | null }).user))
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
  },
  async logout() {
    const was = me;
    me = null;
    if (was !== null) await httpClient('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
  },
  async checkAuth() {
    if (!(await session())) throw loggedOut;
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      me = null;
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
