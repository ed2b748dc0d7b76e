/**
 * This deployment's face (system name, operating authority, emblem, 备案 numbers) and limits, as the server wrote
 * them into index.html (<meta name="duban-deployment">; api/routes/deployment.routes.ts). Read once, synchronously,
 * so the login page paints with them. The Vite dev server serves the plain index.html: then the defaults below hold
 * until GET /api/deployment answers (loadDeployment).
 */
export interface Deployment {
  systemName: string;
  authority: string;
  emblemUrl: string | null;
  icp: string | null;
  psb: string | null;
  support: string | null;
  uploadMaxBytes: number;
}

const DEFAULTS: Deployment = {
  systemName: '重大事故隐患挂牌督办系统',
  authority: '',
  emblemUrl: null,
  icp: null,
  psb: null,
  support: null,
  uploadMaxBytes: 20 * 1024 * 1024,
};

function fromMeta(): Deployment | undefined {
  const content = document.querySelector('meta[name="duban-deployment"]')?.getAttribute('content');
  if (!content) return undefined;
  try {
    return { ...DEFAULTS, ...(JSON.parse(content) as Partial<Deployment>) };
  } catch {
    return undefined;
  }
}

let current: Deployment = (typeof document !== 'undefined' && fromMeta()) || DEFAULTS;
const fromServer = typeof document !== 'undefined' && !!fromMeta();

export const deployment = (): Deployment => current;

/** Only needed when index.html came without the meta (the Vite dev server). */
export async function loadDeployment(): Promise<Deployment> {
  if (fromServer) return current;
  try {
    const res = await fetch('/api/deployment');
    if (res.ok) current = { ...DEFAULTS, ...((await res.json()) as Partial<Deployment>) };
  } catch {
    // The defaults stand.
  }
  return current;
}

/** "20 MB": the upload limit as the upload box states it. */
export const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
