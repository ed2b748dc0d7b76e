/// <reference lib="webworker" />
/**
 * The console's service worker (vite-plugin-pwa, strategy injectManifest; docs/adr/0013-offline-console.md). A grid
 * member in a basement starts the app with no network at all: the console's own files come from the precache, the
 * page from the network when it answers and from the precache when it does not.
 *
 * - Precache: every file of the build (Workbox's manifest, each with its revision); a new deploy installs a new worker
 *   that takes over at once (skipWaiting + clientsClaim) and drops the previous build's cache; the page reloads once
 *   it does (registerSW in main.tsx, registerType autoUpdate).
 * - Pages (navigations): network first, since each answer carries its own CSP nonce (api/app.ts) and the deployment's
 *   name; offline, or no answer within a few seconds, the precached index.html (fetched from the API at install, so
 *   its CSP header and the nonce in its body still agree).
 * - Not cached, ever: /api (reads are the live data; the on-site pages keep their last lists themselves, writes go
 *   through the outbox, admin-ui/src/field/outbox.ts) and /public (the server-rendered public pages).
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

/** How long a page load waits for the network before the phone opens the copy it keeps. */
const NAVIGATION_TIMEOUT_MS = 4000;

void self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

async function page(request: Request): Promise<Response> {
  const kept = () => matchPrecache('index.html');
  let timer: number | undefined;
  try {
    const network = fetch(request);
    // Answered after the timeout, or failing after it: nobody waits for it any more.
    network.catch(() => undefined);
    const timeout = new Promise<undefined>((resolve) => {
      timer = self.setTimeout(resolve, NAVIGATION_TIMEOUT_MS);
    });
    const first = await Promise.race([network, timeout]);
    if (first === undefined) return (await kept()) ?? (await network);
    // A proxy's error page when the API is down says less than the console itself would.
    if (first.status >= 500) return (await kept()) ?? first;
    return first;
  } catch {
    return (await kept()) ?? Response.error();
  } finally {
    self.clearTimeout(timer);
  }
}

registerRoute(
  new NavigationRoute(({ request }) => page(request), {
    denylist: [/^\/api(\/|$)/, /^\/public(\/|$)/],
  }),
);
