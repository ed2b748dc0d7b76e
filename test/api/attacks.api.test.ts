/**
 * The attacks of issue #13, each against a real server: the production API entry (api/server.ts) as its own
 * process behind a trusted proxy on loopback (so each test can be its own client address), and the same app served
 * in this process with no trusted proxy and small limits. PostgreSQL, Temporal and the worker are real
 * (test/api/harness.ts).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { configSchema } from '../../config/config.js';
import { serveApp } from '../../api/http-server.js';
import { schema } from '../../db/client.js';
import { startApiProcess, type ApiProcess } from '../helpers/api-process.js';
import { PASSWORD, startHarness, type Harness } from './harness.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Answer {
  status: number;
  headers: Headers;
  body: Json;
  ms: number;
}

async function call(
  base: string,
  method: string,
  url: string,
  opts: { body?: unknown; headers?: Record<string, string>; raw?: BodyInit } = {},
): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(base + url, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const text = await res.text();
  let body: Json = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: kept as text, which the assertions then see
  }
  return { status: res.status, headers: res.headers, body, ms: performance.now() - started };
}

const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('attacks on the real API', () => {
  let h: Harness;
  let api: ApiProcess;
  let local: { url: string; close(): Promise<void>; uploadDir: string };
  let caseId: string;
  const uploadDir = mkdtempSync(path.join(tmpdir(), 'duban-attacks-up-'));

  /** Logs in through the API process as the client at `address` (a trusted proxy on loopback says so). */
  const login = (
    username: string,
    password: string,
    address: string,
    captcha?: { captchaId: string; captcha: string },
    base = api.url,
  ) =>
    call(base, 'POST', '/api/auth/login', {
      body: { username, password, ...captcha },
      headers: { 'x-forwarded-for': address },
    });
  /** A challenge and its answer, as the person reading the picture would type it. */
  const solveCaptcha = async (base = api.url) => {
    const { body } = await call(base, 'GET', '/api/auth/captcha');
    expect(body.image).toMatch(/^data:image\/svg\+xml;base64,/);
    const [row] = await h.db.db
      .select({ answer: schema.captchaChallenges.answer })
      .from(schema.captchaChallenges)
      .where(eq(schema.captchaChallenges.id, body.id));
    return { captchaId: body.id as string, captcha: row!.answer };
  };
  const cookieOf = (a: Answer) => a.headers.get('set-cookie')!.split(';')[0]!;

  beforeAll(async () => {
    h = await startHarness();
    api = await startApiProcess({
      DATABASE_URL: h.db.url,
      TEMPORAL_ADDRESS: h.env.address,
      TEMPORAL_NAMESPACE: h.env.namespace ?? 'default',
      TRUSTED_PROXIES: 'loopback',
      UPLOAD_DIR: uploadDir,
      UPLOAD_MAX_BYTES: String(512 * 1024 * 1024),
    });
    const localUploads = mkdtempSync(path.join(tmpdir(), 'duban-attacks-local-'));
    const uiDir = mkdtempSync(path.join(tmpdir(), 'duban-attacks-ui-'));
    mkdirSync(path.join(uiDir, 'assets'));
    writeFileSync(
      path.join(uiDir, 'index.html'),
      '<!doctype html><meta property="csp-nonce" nonce="DUBAN_CSP_NONCE"><div id="root"></div>',
    );
    const app = createApp({
      db: h.db.db,
      temporal: h.env.client,
      uiDir,
      config: {
        ...configSchema.parse({
          LOG_LEVEL: 'silent',
          UPLOAD_MAX_BYTES: String(1024 * 1024),
          SESSION_IDLE_MINUTES: '1',
          COOKIE_SECURE: 'true',
        }),
        uploadDir: localUploads,
      },
    });
    const server = serveApp(app, { hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => server.once('listening', () => r()));
    local = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      uploadDir: localUploads,
      close: () => new Promise<void>((r) => server.close(() => r())),
    };
    const sup = await login('sup', PASSWORD, '192.0.2.1');
    const created = await call(api.url, 'POST', '/api/cases', {
      headers: { cookie: cookieOf(sup) },
      body: {
        source: 'inspection',
        enterpriseId: h.ids.enterpriseId,
        regionCode: '420111',
        title: '粉尘涉爆除尘系统未按规定设置锁气卸灰装置',
        description: '现场检查发现',
      },
    });
    expect(created.status).toBe(201);
    caseId = created.body.id;
  });
  afterAll(async () => {
    await local?.close();
    await api?.stop();
    await h?.stop();
  });

  describe('5. login guessing under concurrency', () => {
    it('checks at most 5 passwords per account in the window, however many arrive at once or from where', async () => {
      const burst = await Promise.all(
        Array.from({ length: 30 }, () => login('leader', 'wrong-password', '198.51.100.5')),
      );
      const codes = burst.map((a) => a.body.error.code as string);
      const guesses = codes.filter((c) => c === 'UNAUTHENTICATED').length;
      expect(guesses).toBe(5);
      expect(codes.filter((c) => c === 'CAPTCHA_REQUIRED').length).toBe(5);
      expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBe(20);
      // Thirty more at once, each from another address: not one more password is checked.
      const spread = await Promise.all(
        Array.from({ length: 30 }, (_, i) => login('leader', 'wrong-password', `198.51.101.${i + 1}`)),
      );
      expect(new Set(spread.map((a) => a.body.error.code))).toEqual(new Set(['CAPTCHA_REQUIRED']));
      // Every refusal is in the audit trail with the address and why.
      const audit = await h.db.db
        .select({ action: schema.auditLog.action, payload: schema.auditLog.payload })
        .from(schema.auditLog)
        .where(eq(schema.auditLog.resourceId, 'leader'));
      expect(audit.filter((a) => a.action === 'login_failed')).toHaveLength(5);
      expect(audit.filter((a) => a.action === 'login_refused')).toHaveLength(55);
      expect(audit[0]!.payload).toMatchObject({ address: expect.stringMatching(/^198\.51\./) });
    });

    it('asks the owner for the picture, not for patience: with it solved the right password logs in', async () => {
      const plain = await login('leader', PASSWORD, '198.51.100.77');
      expect([plain.status, plain.body.error.code]).toEqual([401, 'CAPTCHA_REQUIRED']);
      expect(plain.body.errors.captcha).toBe('请输入图形验证码');
      const wrongAnswer = await login('leader', PASSWORD, '198.51.100.77', {
        ...(await solveCaptcha()),
        captcha: 'zzzz',
      });
      expect(wrongAnswer.body.error.code).toBe('CAPTCHA_REQUIRED');
      const challenge = await solveCaptcha();
      const ok = await login('leader', PASSWORD, '198.51.100.77', challenge);
      expect(ok.status).toBe(200);
      // A challenge is used once.
      const replayed = await login('leader', PASSWORD, '198.51.100.77', challenge);
      expect(replayed.body.error.code).toBe('CAPTCHA_REQUIRED');
    });
  });

  describe('6. enumeration and locking others out', () => {
    it('answers an unknown and a known username alike, in the same time', async () => {
      const known: Answer[] = [];
      const unknown: Answer[] = [];
      for (let i = 0; i < 4; i++) {
        known.push(await login('grid', 'not-the-password', '198.51.102.1'));
        unknown.push(await login(`nobody-${i}`, 'not-the-password', '198.51.102.1'));
      }
      const shape = (a: Answer) => [a.status, a.body.error.code, a.body.error.message];
      expect(new Set([...known, ...unknown].map((a) => JSON.stringify(shape(a))))).toEqual(
        new Set([JSON.stringify([401, 'UNAUTHENTICATED', '用户名或密码错误'])]),
      );
      const median = (xs: Answer[]) => xs.map((a) => a.ms).sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      // Both run one Argon2 check: an unknown name is no quicker (it was ~15× quicker, 20 ms against 300 ms+).
      expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
      // The throttle's answers do not tell either: the same sequence for a real and a made-up account.
      const seq = async (username: string, address: string) => {
        const out: string[] = [];
        for (let i = 0; i < 12; i++) out.push((await login(username, 'x', address)).body.error.code);
        return out;
      };
      const real = await seq('ent', '198.51.102.2');
      expect(await seq('ghost-account', '198.51.102.3')).toEqual(real);
      expect(real).toEqual([
        ...Array<string>(5).fill('UNAUTHENTICATED'),
        ...Array<string>(5).fill('CAPTCHA_REQUIRED'),
        'RATE_LIMITED',
        'RATE_LIMITED',
      ]);
    });

    it('an attacker hammering the administrator shuts out only himself', async () => {
      for (let i = 0; i < 12; i++) await login('admin', 'guess', '198.51.103.1');
      const attacker = await login('admin', PASSWORD, '198.51.103.1', await solveCaptcha());
      expect([attacker.status, attacker.body.error.code]).toEqual([429, 'RATE_LIMITED']);
      expect(Number(attacker.headers.get('retry-after'))).toBeGreaterThan(0);
      const owner = await login('admin', PASSWORD, '198.51.103.2', await solveCaptcha());
      expect(owner.status).toBe(200);
    });

    it('one address spraying many accounts is asked for the picture after 20 attempts', async () => {
      const codes: string[] = [];
      for (let i = 0; i < 21; i++)
        codes.push((await login(`spray-${i}`, 'Passw0rd!', '198.51.104.1')).body.error.code);
      expect(codes.slice(0, 20)).toEqual(Array<string>(20).fill('UNAUTHENTICATED'));
      expect(codes[20]).toBe('CAPTCHA_REQUIRED');
    });
  });

  describe('7. forged client addresses', () => {
    const report = {
      enterpriseName: '某某化工厂',
      regionCode: '420111',
      title: '夜间偷偷生产，储罐无人看守',
      description: '附近居民反映该厂夜间违规生产',
    };
    it('ignores X-Forwarded-For from a client that is no trusted proxy', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push(
          (
            await call(local.url, 'POST', '/api/public/reports', {
              body: report,
              headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
            })
          ).status,
        );
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    });

    it('believes X-Forwarded-For from the configured proxy', async () => {
      const from = (address: string) =>
        call(api.url, 'POST', '/api/public/reports', {
          body: report,
          headers: { 'x-forwarded-for': address },
        });
      for (let i = 0; i < 5; i++) expect((await from('203.0.113.50')).status).toBe(201);
      expect((await from('203.0.113.50')).status).toBe(429);
      expect((await from('203.0.113.51')).status).toBe(201);
    });
  });

  describe('8. bodies', () => {
    /** A chunked multipart upload of `fileBytes` bytes (a PDF header, then zeros), streamed 1 MiB at a time. */
    const streamUpload = (
      base: string,
      /** pauseAfter: stop sending after that many chunks and wait for the answer (one that needs no more). */
      opts: { cookie?: string; fileBytes: number; pauseAfter?: number },
    ): Promise<{ status: number; body: Json; sent: number }> =>
      new Promise((resolve, reject) => {
        const boundary = 'duban-test-boundary';
        const head = Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="caseId"\r\n\r\n${caseId}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n` +
            `Content-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
        );
        const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
        const chunk = Buffer.alloc(1024 * 1024);
        let remaining = opts.fileBytes - 9;
        let sent = 0;
        let answered = false;
        const req = http.request(`${base}/api/documents`, {
          method: 'POST',
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'transfer-encoding': 'chunked',
            ...(opts.cookie ? { cookie: opts.cookie } : {}),
          },
        });
        req.on('response', (res) => {
          answered = true;
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text), sent }));
        });
        req.on('error', (err) => (answered ? undefined : reject(err)));
        const pump = () => {
          while (!answered && sent !== opts.pauseAfter) {
            let ok: boolean;
            if (sent === 0) ok = req.write(head);
            else if (remaining > 0) {
              const n = Math.min(remaining, chunk.length);
              ok = req.write(n === chunk.length ? chunk : chunk.subarray(0, n));
              remaining -= n;
            } else {
              req.end(tail);
              return;
            }
            sent += 1;
            if (!ok) {
              req.once('drain', pump);
              return;
            }
          }
        };
        pump();
      });

    it('answers 401 to an unauthenticated upload without reading its body', async () => {
      // 50 MiB announced, 2 MiB sent, then the client waits: the answer must not need the rest (it used to: the
      // form validator read the whole body before the route asked for a session).
      const res = await streamUpload(api.url, { fileBytes: 50 * 1024 * 1024, pauseAfter: 3 });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('streams a 400 MB upload to disk: the API grows by less than 50 MB', async () => {
      const sup = cookieOf(await login('sup', PASSWORD, '192.0.2.1'));
      const warm = await streamUpload(api.url, { cookie: sup, fileBytes: 2 * 1024 * 1024 });
      expect(warm.status).toBe(201);
      // The peak so far may be the start's (module loading); measure this upload's own.
      const startPeak = api.memory().peak;
      api.resetPeak();
      const before = api.memory();
      const size = 400 * 1024 * 1024;
      const res = await streamUpload(api.url, { cookie: sup, fileBytes: size });
      const after = api.memory();
      expect(res.status).toBe(201);
      expect(res.body.size).toBe(size);
      expect(res.body.mimeType).toBe('application/pdf');
      const growth = after.peak - before.rss;
      console.log(
        `400 MB upload: API RSS ${Math.round(before.rss / 2 ** 20)} MiB → peak ${Math.round(after.peak / 2 ** 20)} MiB (growth ${Math.round(growth / 2 ** 20)} MiB; peak before the upload ${Math.round(startPeak / 2 ** 20)} MiB)`,
      );
      expect(growth).toBeLessThan(50 * 1024 * 1024);
      const expected = createHash('sha256').update('%PDF-1.4\n');
      const zeros = Buffer.alloc(1024 * 1024);
      for (let left = size - 9; left > 0; left -= zeros.length)
        expected.update(left >= zeros.length ? zeros : zeros.subarray(0, left));
      expect(res.body.sha256).toBe(expected.digest('hex'));
    });

    it('applies the size limit while streaming and keeps nothing of a refused file', async () => {
      const sup = cookieOf(await login('sup', PASSWORD, '127.0.0.1', undefined, local.url));
      const res = await streamUpload(local.url, { cookie: sup, fileBytes: 32 * 1024 * 1024 });
      expect([res.status, res.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      expect(res.sent).toBeLessThan(16); // answered at the limit (1 MiB), not at the end of 32 MiB
      expect(readdirSync(path.join(local.uploadDir, '.incoming'))).toEqual([]);
      // A declared length over the limit is refused before a byte of the body.
      const declared = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${local.url}/api/documents`, {
          method: 'POST',
          headers: {
            cookie: sup,
            'content-type': 'multipart/form-data; boundary=x',
            'content-length': String(400 * 1024 * 1024),
          },
        });
        req.on('response', (r) => resolve(r.statusCode!));
        req.on('error', reject);
        req.flushHeaders();
      });
      expect(declared).toBe(413);
      // JSON bodies: 1 MiB. On a connection of its own: the server reads no more of a refused body and closes.
      const big = await new Promise<{ status: number; body: Json }>((resolve, reject) => {
        const req = http.request(`${local.url}/api/cases`, {
          method: 'POST',
          agent: false,
          headers: { cookie: sup, 'content-type': 'application/json' },
        });
        req.on('response', (r) => {
          let text = '';
          r.on('data', (d: Buffer) => (text += d.toString()));
          r.on('end', () => resolve({ status: r.statusCode!, body: JSON.parse(text) }));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }));
      });
      expect([big.status, big.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    });
  });

  describe('9. uploads are what they claim', () => {
    const upload = async (bytes: Buffer, type: string, name: string) => {
      const sup = cookieOf(await login('sup', PASSWORD, '192.0.2.1'));
      const form = new FormData();
      form.set('caseId', caseId);
      form.set('kind', 'evidence');
      form.set('file', new File([new Uint8Array(bytes)], name, { type }));
      return call(api.url, 'POST', '/api/documents', { headers: { cookie: sup }, raw: form });
    };

    it('refuses HTML declared as a picture, and a JPEG declared as a PNG', async () => {
      const html = await upload(Buffer.from('<html><script>alert(1)</script></html>'), 'image/png', 'x.png');
      expect(html.status).toBe(422);
      expect(html.body.errors.file).toContain('image/png');
      const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
      expect((await upload(jpeg, 'image/png', 'x.png')).status).toBe(422);
    });

    it('stores a real picture and serves it with its sniffed type, nosniff and a sandbox', async () => {
      const png = await upload(PNG_1X1, 'image/png', '现场.png');
      expect(png.status).toBe(201);
      expect(png.body.mimeType).toBe('image/png');
      expect(png.body.filename).toBe('现场.png');
      const sup = cookieOf(await login('sup', PASSWORD, '192.0.2.1'));
      const res = await fetch(`${api.url}/api/documents/${png.body.id}/content`, {
        headers: { cookie: sup },
      });
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain('sandbox');
      expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG_1X1);
    });
  });

  describe('10. headers, cross-site posts, media types', () => {
    it('sends the security headers, and the console page carries a fresh CSP nonce', async () => {
      const res = await fetch(`${local.url}/api/health`);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const pages = await Promise.all([fetch(`${local.url}/`), fetch(`${local.url}/cases/1/show`)]);
      const nonces = await Promise.all(
        pages.map(async (p) => {
          const csp = p.headers.get('content-security-policy')!;
          expect(csp).toContain("script-src 'self';");
          const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
          expect(await p.text()).toContain(`nonce="${nonce}"`);
          return nonce;
        }),
      );
      expect(nonces[0]).not.toBe(nonces[1]);
    });

    it('refuses a cross-site form post carrying the session cookie', async () => {
      const sup = cookieOf(await login('sup', PASSWORD, '127.0.0.1', undefined, local.url));
      const before = await h.db.db.select({ n: sql<number>`count(*)::int` }).from(schema.documents);
      const form = new FormData();
      form.set('caseId', caseId);
      form.set('kind', 'evidence');
      form.set('file', new File([PNG_1X1], 'a.png', { type: 'image/png' }));
      const forged = await call(local.url, 'POST', '/api/documents', {
        headers: { cookie: sup, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        raw: form,
      });
      expect([forged.status, forged.body.error.code]).toEqual([403, 'FORBIDDEN']);
      const after = await h.db.db.select({ n: sql<number>`count(*)::int` }).from(schema.documents);
      expect(after[0]!.n).toBe(before[0]!.n);
      const own = await call(local.url, 'POST', '/api/documents', {
        headers: { cookie: sup, origin: local.url, 'sec-fetch-site': 'same-origin' },
        raw: form,
      });
      expect(own.status).toBe(201);
    });

    it('answers 415 to a body of a media type the operation does not take', async () => {
      const sup = cookieOf(await login('sup', PASSWORD, '127.0.0.1', undefined, local.url));
      const res = await call(local.url, 'POST', '/api/cases', {
        headers: { cookie: sup, 'content-type': 'text/plain' },
        raw: JSON.stringify({ title: 'x' }),
      });
      expect([res.status, res.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      expect(res.body.error.message).toContain('application/json');
    });
  });

  describe('11. experts see their acceptances, not the register', () => {
    it('shows an expert invited nowhere no enterprise, no penalties, no export rows', async () => {
      const expert = cookieOf(await login('expert', PASSWORD, '192.0.2.9'));
      const get = (url: string) => call(api.url, 'GET', url, { headers: { cookie: expert } });
      expect((await get('/api/enterprises')).body).toEqual([]);
      expect((await get(`/api/enterprises/${h.ids.enterpriseId}`)).status).toBe(404);
      expect((await get(`/api/enterprises/${h.ids.enterpriseId}/penalties`)).status).toBe(404);
      const csv = await fetch(`${api.url}/api/enterprises/export`, { headers: { cookie: expert } });
      expect(csv.headers.get('x-total-count')).toBe('0');
    });
  });

  describe('12. sessions', () => {
    it('ends a session left idle, and marks the cookie Secure', async () => {
      const res = await login('sup', PASSWORD, '127.0.0.1', undefined, local.url);
      expect(res.headers.get('set-cookie')).toMatch(/; Secure/i);
      const cookie = cookieOf(res);
      expect((await call(local.url, 'GET', '/api/me', { headers: { cookie } })).status).toBe(200);
      const token = decodeURIComponent(cookie.split('=')[1]!);
      await h.db.db
        .update(schema.sessions)
        .set({ lastSeenAt: new Date(Date.now() - 2 * 60_000) })
        .where(eq(schema.sessions.id, createHash('sha256').update(token).digest('hex')));
      expect((await call(local.url, 'GET', '/api/me', { headers: { cookie } })).status).toBe(401);
    });

    it('makes the cookie Secure by default in production', () => {
      expect(configSchema.parse({ NODE_ENV: 'production' }).COOKIE_SECURE).toBe(true);
      expect(configSchema.parse({}).COOKIE_SECURE).toBe(false);
      expect(configSchema.parse({ NODE_ENV: 'production', COOKIE_SECURE: 'false' }).COOKIE_SECURE).toBe(
        false,
      );
    });
  });

  describe('13. unreadable requests', () => {
    it('answers malformed JSON in the envelope, in Chinese', async () => {
      const res = await call(api.url, 'POST', '/api/auth/login', {
        headers: { 'content-type': 'application/json' },
        raw: '{"username": "sup", ',
      });
      expect([res.status, res.body.error.code, res.body.error.message]).toEqual([
        400,
        'BAD_REQUEST',
        '请求体不是有效的 JSON',
      ]);
    });

    it('answers an oversized query string in the envelope, not with a bare 431', async () => {
      const res = await call(api.url, 'GET', `/api/cases?filter=${'x'.repeat(20_000)}`);
      expect(res.status).toBe(431);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST', message: '请求头或查询字符串过长' });
    });
  });
});
