import { existsSync } from 'node:fs';
import path from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';

/** An unset variable passed through docker compose (`${X:-}`) arrives empty: treat it as unset. */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema);

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable the processes read, validated once at boot (documented in .env.example). */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// or postgresql:// URL' })
      .optional(),
    DATA_DIR: z.string().default('.data'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8080), // 0: any free port (tests)
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^:]+:\d+$/, { error: 'must be host:port' })
      .default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    /**
     * A task queue whose newest poll is older than this has no worker (api/worker-health.ts): the server's long-poll
     * interval (matching.longPollExpirationInterval, 60 s by default) plus a margin.
     */
    WORKER_POLL_STALE_SECONDS: z.coerce.number().positive().default(70),
    TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
    UPLOAD_DIR: z.string().optional(),
    UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(20 * 1024 * 1024),
    SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
    /**
     * The reverse proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, or proxy-addr's names loopback,
     * linklocal, uniquelocal), comma-separated. Empty: the socket's address is the client, whatever a header says.
     */
    TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .superRefine((list, ctx) => {
        for (const entry of list) {
          try {
            proxyaddr.compile([entry]);
          } catch {
            ctx.addIssue({
              code: 'custom',
              message: `not an IP address, CIDR range or one of loopback, linklocal, uniquelocal: ${entry}`,
            });
          }
        }
      }),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DEMO_SEED: bool.default(true),
    /** Unset: true in production (NODE_ENV=production), false otherwise. */
    COOKIE_SECURE: bool.optional(),
    // The deployment's face: who runs this console, shown in the title bar, on the login page and in the
    // footer. The defaults are the demo district's; a real deployment sets its own.
    BRAND_SYSTEM_NAME: z.string().trim().min(1).max(40).default('重大事故隐患挂牌督办系统'),
    BRAND_AUTHORITY: z.string().trim().max(60).default('武汉市洪山区安全生产委员会办公室'),
    /** An image file (SVG or PNG) for the emblem slot; unset, a neutral shield is drawn. */
    BRAND_EMBLEM_FILE: z.string().optional(),
    /** ICP 备案号, e.g. 鄂ICP备2026000001号-1 (linked to beian.miit.gov.cn); unset, the footer omits it. */
    BRAND_ICP: z.string().trim().max(60).optional(),
    /** 公安机关互联网站安全备案号, e.g. 鄂公网安备42011102000001号 (linked to beian.mps.gov.cn). */
    BRAND_PSB: z.string().trim().max(60).optional(),
    /** A support line shown in the footer, e.g. 技术支持：027-87654321. */
    BRAND_SUPPORT: z.string().trim().max(80).optional(),
    /** Outgoing mail for notifications: smtp://user:pass@host:587 or smtps://…:465; unset, e-mail is not offered. */
    SMTP_URL: unsetIfEmpty(
      z
        .string()
        .regex(/^smtps?:\/\//, { error: 'must be an smtp:// or smtps:// URL' })
        .optional(),
    ),
    MAIL_FROM: z.string().default('督办系统 <duban@localhost>'),
    /** The SMS gateway (docs/notifications.md has the contract); unset, SMS is not offered. */
    SMS_GATEWAY_URL: unsetIfEmpty(z.url({ error: 'must be an http(s) URL' }).optional()),
    SMS_GATEWAY_TOKEN: unsetIfEmpty(z.string().optional()),
    /** The console's address as people reach it, for links in e-mails, e.g. https://duban.example.gov.cn */
    PUBLIC_BASE_URL: unsetIfEmpty(z.url({ error: 'must be an http(s) URL' }).optional()),
    /** How often the outbox dispatcher runs (seconds). */
    OUTBOX_DISPATCH_EVERY_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
    /** Extra font directories for official documents, ':'-separated (licensed 仿宋_GB2312 etc.; ADR 0008). */
    DOCUMENT_FONT_DIRS: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(':').filter(Boolean) : []))
      .refine((dirs) => dirs.every((d) => existsSync(d)), { error: 'every directory must exist' }),
  })
  .transform((c) => ({ ...c, COOKIE_SECURE: c.COOKIE_SECURE ?? c.NODE_ENV === 'production' }));
export type Config = z.infer<typeof configSchema> & { uploadDir: string };

/** Parses the environment; on a bad value prints which variable and why, and exits. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    console.error(`Invalid configuration:\n${lines.join('\n')}`);
    process.exit(1);
  }
  const c = parsed.data;
  return { ...c, uploadDir: c.UPLOAD_DIR ?? path.join(c.DATA_DIR, 'uploads') };
}
