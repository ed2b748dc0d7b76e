import type { AuthProvider } from 'react-admin';
import { httpClient } from './http';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: 'admin' | 'supervisor' | 'leader' | 'enterprise' | 'expert' | 'grid_member';
  regionCode: string | null;
  enterpriseId: string | null;
}

let me: Me | undefined;
const loadMe = async (): Promise<Me> => {
  me ??= (await httpClient('/api/me')).json as Me;
  return me;
};

/** Cookie sessions: the API sets an HTTP-only cookie on login; /api/me tells who is logged in. */
export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    me = undefined;
    await httpClient('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) });
  },
  async logout() {
    me = undefined;
    await httpClient('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
  },
  async checkAuth() {
    await loadMe();
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      me = undefined;
      throw new Error('unauthenticated');
    }
  },
  async getIdentity() {
    const u = await loadMe();
    return {
      id: u.id,
      fullName: u.displayName,
      role: u.role,
      enterpriseId: u.enterpriseId,
      regionCode: u.regionCode,
    };
  },
  async getPermissions() {
    return (await loadMe()).role;
  },
};
