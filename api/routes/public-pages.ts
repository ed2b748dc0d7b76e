/**
 * The public side (no login), as server-rendered pages that work without JavaScript and under a strict CSP (one
 * external stylesheet, no inline script or style): 群众举报 with photos and an optional contact, answered with a
 * tracking code; 进度查询 in plain Chinese; 公示 of listed and delisted major hazards per jurisdiction. Submissions
 * are rate-limited per client address. Readable on a 390×844 phone.
 */
import { randomBytes, createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html, raw } from 'hono/html';
import { fileTypeFromBuffer } from 'file-type';
import type { HtmlEscapedString } from 'hono/utils/html';
import { z } from 'zod';
import { findCaseByTrackingCode } from '../../db/queries/cases.js';
import { insertDocument } from '../../db/queries/documents.js';
import { countAttempt } from '../../db/queries/login-throttle.js';
import { PUBLIC_REPORT_LIMIT } from '../../domain/login-throttle.js';
import {
  dropPublicReport,
  listNotices,
  publicRegions,
  publicReportReceivedAt,
  receivePublicReport,
} from '../../db/queries/public.js';
import { DomainError } from '../../domain/errors.js';
import { listingLevelText, publicStatusText } from '../../domain/public.js';
import type { AppDeps } from '../context.js';
import { startCase } from '../services/cases.js';
import { PendingError } from '../temporal-call.js';
import { requireCaseWorker } from '../worker-health.js';
import { clientAddress, compileTrust } from '../client-address.js';

const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const MAX_PHOTOS = 6;

const reportForm = z.object({
  title: z
    .string()
    .trim()
    .min(2, { error: '请简要写明隐患（至少2个字）' })
    .max(200, { error: '隐患名称不能超过200个字' }),
  description: z
    .string()
    .trim()
    .min(5, { error: '请描述隐患情况（至少5个字）' })
    .max(5000, { error: '描述不能超过5000个字' }),
  location: z.string().trim().min(2, { error: '请写明隐患地点' }).max(500, { error: '地点不能超过500个字' }),
  regionCode: z.string().regex(/^\d{6,12}$/, { error: '请选择所在区域' }),
  enterpriseName: z.string().trim().max(200, { error: '单位名称不能超过200个字' }).optional(),
  contact: z.string().trim().max(100, { error: '联系方式不能超过100个字' }).optional(),
});

const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#f4f6f8}
header{background:#b3171c;color:#fff;padding:12px 16px}header a{color:#fff;text-decoration:none;margin-right:16px;white-space:nowrap}
header strong{display:block;font-size:18px;margin-bottom:4px}main{max-width:760px;margin:0 auto;padding:16px}
h1{font-size:22px;margin:8px 0 16px}.card{background:#fff;border-radius:8px;padding:16px;margin-bottom:16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
label{display:block;font-weight:600;margin:12px 0 4px}input,textarea,select{width:100%;font:inherit;padding:10px;border:1px solid #8a8f98;border-radius:6px;background:#fff}
textarea{min-height:120px}button{margin-top:16px;width:100%;padding:12px;font:inherit;font-weight:600;color:#fff;background:#b3171c;border:0;border-radius:6px}
.hint{color:#4a4f57;font-size:14px}.error{color:#a00;font-size:14px;margin-top:4px}.code{font-size:28px;letter-spacing:2px;font-weight:700;color:#b3171c}
table{width:100%;border-collapse:collapse;font-size:15px}th,td{text-align:left;padding:8px;border-bottom:1px solid #e3e5e8;vertical-align:top}
.notice dt{color:#4a4f57;font-size:14px}.notice dd{margin:0 0 8px}.tag{display:inline-block;padding:0 8px;border-radius:10px;font-size:13px;background:#fde8e8;color:#a00}
.tag.off{background:#e6f4ea;color:#13652f}footer{text-align:center;color:#4a4f57;font-size:13px;padding:24px}
`;

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
const page = (title: string, body: Html) =>
  html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · 重大事故隐患督办</title>
        <link rel="stylesheet" href="/public/assets/public.css" />
      </head>
      <body>
        <header>
          <strong>重大事故隐患督办 · 公众服务</strong>
          <nav aria-label="公众服务">
            <a href="/public/report">我要举报</a><a href="/public/track">进度查询</a
            ><a href="/public/notices">挂牌公示</a>
          </nav>
        </header>
        <main>${body}</main>
        <footer>举报电话 12350 · 举报人信息依法保密</footer>
      </body>
    </html>`;

const fieldError = (errors: Record<string, string>, f: string) =>
  errors[f] ? html`<div class="error" id="${f}-error">${errors[f]}</div>` : '';
const described = (errors: Record<string, string>, f: string) =>
  errors[f] ? raw(` aria-invalid="true" aria-describedby="${f}-error"`) : '';
const shanghaiDay = (d: Date | null | undefined) =>
  d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : '';

/** The answer to a report: its tracking code, and whether its case is registered yet or still being registered. */
const receivedPage = (trackingCode: string, pending: boolean) =>
  page(
    pending ? '举报已收到' : '举报已受理',
    html`<h1>${pending ? '举报已收到，正在登记' : '举报已受理'}</h1>
      <div class="card" aria-live="polite">
        ${
          pending
            ? html`<p data-testid="report-pending">
                您的举报已经收到，系统正在登记，稍后即可查询办理进度。照片和联系方式已随举报保存，请勿重复提交。
              </p>`
            : html`<p>感谢您的举报。</p>`
        }
        <p>请记下查询编号，凭编号查询办理进度：</p>
        <p class="code" data-testid="tracking-code">${trackingCode}</p>
        <p><a href="/public/track?code=${trackingCode}">查询办理进度</a></p>
      </div>`,
  );

export function publicPages(deps: AppDeps) {
  const app = new Hono();
  const { db, config } = deps;
  const trust = compileTrust(config.TRUSTED_PROXIES);
  // The same per-address limit as POST /api/public/reports, counted in the database (one statement per report), so
  // the form and the API share it across API processes, and X-Forwarded-For counts only from TRUSTED_PROXIES.
  const limited = async (c: Context) => {
    const key = `report:addr:${clientAddress(c, trust)}`;
    const counted = await countAttempt(db, { keys: [key], windowMinutes: PUBLIC_REPORT_LIMIT.windowMinutes });
    return counted.get(key)!.count > PUBLIC_REPORT_LIMIT.max;
  };

  const regionOptions = async (selected?: string) => {
    const rows = await publicRegions(db);
    return rows.map((r) => {
      const depth = r.path.split('/').filter(Boolean).length;
      return html`<option value="${r.code}" ${selected === r.code ? 'selected' : ''}>
        ${'　'.repeat(Math.max(0, depth - 2))}${r.name}
      </option>`;
    });
  };

  const reportPage = async (
    values: Record<string, string>,
    errors: Record<string, string>,
    message?: string,
  ) =>
    page(
      '我要举报',
      html`<h1>我要举报事故隐患</h1>
        <form class="card" method="post" action="/public/report" enctype="multipart/form-data" novalidate>
          ${message ? html`<p class="error" role="alert">${message}</p>` : ''}
          <label for="title">隐患名称（必填）</label>
          <input
            id="title"
            name="title"
            value="${values.title ?? ''}"
            maxlength="200"
            required
            ${described(errors, 'title')}
          />
          ${fieldError(errors, 'title')}
          <label for="regionCode">所在区域（必填）</label>
          <select id="regionCode" name="regionCode" required ${described(errors, 'regionCode')}>
            <option value="">请选择</option>
            ${await regionOptions(values.regionCode)}
          </select>
          ${fieldError(errors, 'regionCode')}
          <label for="location">隐患地点（必填）</label>
          <input
            id="location"
            name="location"
            value="${values.location ?? ''}"
            maxlength="500"
            required
            ${described(errors, 'location')}
          />
          ${fieldError(errors, 'location')}
          <label for="enterpriseName">涉及单位（选填）</label>
          <input
            id="enterpriseName"
            name="enterpriseName"
            value="${values.enterpriseName ?? ''}"
            maxlength="200"
          />
          ${fieldError(errors, 'enterpriseName')}
          <label for="description">隐患情况（必填）</label>
          <textarea
            id="description"
            name="description"
            maxlength="5000"
            required
            ${described(errors, 'description')}
          >
${values.description ?? ''}</textarea>
          ${fieldError(errors, 'description')}
          <label for="photos">现场照片（选填，最多${MAX_PHOTOS}张，JPG/PNG/WebP）</label>
          <input
            id="photos"
            name="photos"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            ${described(errors, 'photos')}
          />
          ${fieldError(errors, 'photos')}
          <label for="contact">联系方式（选填）</label>
          <input
            id="contact"
            name="contact"
            value="${values.contact ?? ''}"
            maxlength="100"
            autocomplete="tel"
          />
          <p class="hint">联系方式仅供核查人员联系您，依法保密，不会告知被举报单位。</p>
          ${fieldError(errors, 'contact')}
          <button type="submit">提交举报</button>
        </form>`,
    );

  app.get('/assets/public.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(CSS, 200, { 'content-type': 'text/css; charset=utf-8' });
  });

  app.get('/report', async (c) => c.html(await reportPage({}, {})));

  // The form's body is read whole (a few photos): Hono's bodyLimit bounds it first.
  const formLimit = bodyLimit({
    maxSize: MAX_PHOTOS * config.UPLOAD_MAX_BYTES + 64 * 1024,
    onError: async (c) => c.html(await reportPage({}, {}, '提交内容过大：请减少照片数量或大小后重试。'), 413),
  });
  app.post('/report', formLimit, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
    const values = Object.fromEntries(
      ['title', 'description', 'location', 'regionCode', 'enterpriseName', 'contact'].map((k) => [
        k,
        text(k),
      ]),
    );
    if (await limited(c)) return c.html(await reportPage(values, {}, '提交过于频繁，请稍后再试。'), 429);
    const parsed = reportForm.safeParse({
      ...values,
      enterpriseName: values.enterpriseName || undefined,
      contact: values.contact || undefined,
    });
    const errors: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
    const photos = ([] as unknown[])
      .concat(form.photos ?? [])
      .filter((f): f is File => f instanceof File && f.size > 0);
    if (photos.length > MAX_PHOTOS) errors.photos = `最多上传${MAX_PHOTOS}张照片`;
    for (const p of photos) {
      // The type the bytes say (file-type), not the one the browser declared: HTML named .png is no photo.
      const sniffed = (await fileTypeFromBuffer(new Uint8Array(await p.arrayBuffer())))?.mime;
      if (!PHOTO_TYPES.has(p.type) || sniffed !== p.type)
        errors.photos = `“${p.name}”不是 JPG、PNG 或 WebP 图片`;
      else if (p.size > config.UPLOAD_MAX_BYTES) errors.photos = `“${p.name}”超过大小限制`;
    }
    if (!parsed.success || Object.keys(errors).length > 0)
      return c.html(await reportPage(values, errors), 422);
    const input = parsed.data;
    // With the worker known down nothing is stored and nothing started: the reporter is told so, the form kept.
    try {
      await requireCaseWorker(deps);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'UNAVAILABLE') return notTaken(c, values, err);
      throw err;
    }
    // Photos first, without a case (nobody can see them yet), then what waits for the case under the tracking code
    // (the photos and the contact: public_report_intake), then the case. The worker's first transition attaches
    // them in the case row's own transaction, whether this request is still waiting or has answered 202.
    const photoIds: string[] = [];
    for (const p of photos) {
      const bytes = Buffer.from(await p.arrayBuffer());
      const id = randomUUID();
      const rel = path.join('public-reports', id);
      await mkdir(path.join(config.uploadDir, 'public-reports'), { recursive: true });
      await writeFile(path.join(config.uploadDir, rel), bytes, { flag: 'wx' });
      await insertDocument(db, {
        id,
        caseId: null,
        kind: 'evidence',
        filename: path.basename(p.name || 'photo').slice(0, 200),
        mimeType: p.type,
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        storagePath: rel,
      });
      photoIds.push(id);
    }
    const trackingCode = randomBytes(6).toString('hex').toUpperCase();
    const caseId = randomUUID();
    await receivePublicReport(db, { trackingCode, caseId, contact: input.contact ?? null, photoIds });
    // Nothing was started: the intake and its photos go, so no trace of a report that was not taken stays behind.
    const drop = async () => {
      const stored = await dropPublicReport(db, trackingCode);
      await Promise.all(stored.map((rel) => rm(path.join(config.uploadDir, rel), { force: true })));
    };
    try {
      await startCase(deps, {
        input: {
          source: 'public_report',
          title: input.title,
          description: input.description,
          location: input.location,
          regionCode: input.regionCode,
          ...(input.enterpriseName ? { enterpriseName: input.enterpriseName } : {}),
          evidenceDocumentIds: photoIds,
        },
        actor: { id: null, role: 'public', name: '公众举报' },
        scopePath: null,
        trackingCode,
        caseId,
      });
      // The report's audit record (public_report, naming its photos) is written by the worker with the case.
    } catch (err) {
      if (err instanceof PendingError) {
        // Temporal holds the report; the case is written once a worker runs. Said as it is: received, being
        // registered, with the code that will find it.
        return c.html(receivedPage(trackingCode, true), 202);
      }
      if (err instanceof DomainError && err.code === 'UNAVAILABLE') {
        await drop();
        return notTaken(c, values, err);
      }
      if (err instanceof DomainError && err.fields) {
        await drop();
        return c.html(await reportPage(values, err.fields), 422);
      }
      throw err;
    }
    return c.html(receivedPage(trackingCode, false), 201);
  });

  /** 503 with the form as filled: nothing was taken, so the reporter must send it again later (photos again too). */
  const notTaken = async (c: Context, values: Record<string, string>, err: DomainError) => {
    c.header('Retry-After', String(err.retryAfterSeconds ?? 30));
    return c.html(
      await reportPage(
        values,
        {},
        '系统暂时无法受理举报，本次举报未提交。请稍后再次提交（已填写的内容已保留，照片需重新选择）；情况紧急请拨打举报电话 12350。',
      ),
      503,
    );
  };

  app.get('/track', async (c) => {
    const code = (c.req.query('code') ?? '').trim().toUpperCase();
    let result: Html | string = '';
    if (code) {
      const valid = /^[0-9A-F]{6,32}$/.test(code);
      const row = valid ? await findCaseByTrackingCode(db, code) : undefined;
      // Received through the form, its case not written yet (the worker was away): being registered, not unknown.
      const receivedAt = !row && valid ? await publicReportReceivedAt(db, code) : undefined;
      result = receivedAt
        ? html`<div class="card" aria-live="polite">
            <p>查询编号：<strong>${code}</strong></p>
            <p>举报时间：${shanghaiDay(receivedAt)}</p>
            <p>办理进度：<strong data-testid="public-status">已收到，正在登记</strong></p>
            <p class="hint">系统正在登记您的举报，请稍后再查询。</p>
          </div>`
        : row
          ? html`<div class="card" aria-live="polite">
              <p>查询编号：<strong>${code}</strong></p>
              <p>举报时间：${shanghaiDay(row.reportedAt)}</p>
              <p>
                办理进度：<strong data-testid="public-status"
                  >${publicStatusText[row.status as keyof typeof publicStatusText] ?? '正在办理'}</strong
                >
              </p>
              ${row.closedAt ? html`<p>办结时间：${shanghaiDay(row.closedAt)}</p>` : ''}
            </div>`
          : html`<p class="error" role="alert">没有找到这个查询编号，请核对后再试。</p>`;
    }
    return c.html(
      page(
        '进度查询',
        html`<h1>举报进度查询</h1>
          <form class="card" method="get" action="/public/track">
            <label for="code">查询编号</label>
            <input id="code" name="code" value="${code}" maxlength="32" autocomplete="off" />
            <button type="submit">查询</button>
          </form>
          ${result}`,
      ),
      code && !result.toString().includes('card') ? 404 : 200,
    );
  });

  app.get('/notices', async (c) => {
    const regions = await publicRegions(db);
    const code = c.req.query('region') ?? '';
    const region =
      regions.find((r) => r.code === code) ?? regions.find((r) => r.level === 'district') ?? regions[0];
    const rows = region ? await listNotices(db, { regionPath: region.path, limit: 200 }) : [];
    const items = rows.map(
      (n) =>
        html`<div class="card notice">
          <p>
            <span class="tag ${n.kind === 'delisting' ? 'off' : ''}"
              >${n.kind === 'listing' ? '挂牌督办' : '销号摘牌'}</span
            >
          </p>
          <dl>
            <dt>单位名称</dt>
            <dd>${n.enterpriseName}</dd>
            <dt>隐患名称</dt>
            <dd>${n.hazardTitle}</dd>
            <dt>所在区域</dt>
            <dd>${n.regionName}</dd>
            ${
              n.level
                ? html`<dt>督办层级</dt>
                    <dd>${listingLevelText[n.level] ?? ''}</dd>`
                : ''
            }
            ${
              n.listingAuthority
                ? html`<dt>挂牌单位</dt>
                    <dd>${n.listingAuthority}</dd>`
                : ''
            }
            ${
              n.supervisingUnit
                ? html`<dt>督办单位</dt>
                    <dd>${n.supervisingUnit}</dd>`
                : ''
            }
            ${
              n.listedOn
                ? html`<dt>挂牌日期</dt>
                    <dd>${n.listedOn}</dd>`
                : ''
            }
            ${
              n.rectificationDeadline
                ? html`<dt>整改期限</dt>
                    <dd>${n.rectificationDeadline}</dd>`
                : ''
            }
            ${
              n.delistedOn
                ? html`<dt>销号日期</dt>
                    <dd>${n.delistedOn}</dd>`
                : ''
            }
          </dl>
        </div>`,
    );
    return c.html(
      page(
        '挂牌公示',
        html`<h1>重大事故隐患挂牌督办公示</h1>
          <form class="card" method="get" action="/public/notices">
            <label for="region">辖区</label>
            <select id="region" name="region">
              ${regions.map((r) => html`<option value="${r.code}" ${r.code === region?.code ? 'selected' : ''}>${r.name}</option>`)}
            </select>
            <button type="submit">查看</button>
          </form>
          ${items.length ? items : html`<p class="card">${region?.name ?? ''}暂无公示信息。</p>`}`,
      ),
    );
  });
  return app;
}
