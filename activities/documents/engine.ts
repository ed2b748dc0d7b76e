/**
 * The typesetting engine: Typst, through its Node compiler, lays out an official document in the GB/T 9704-2012
 * format (activities/documents/gbt9704.typ) as PDF (fonts embedded and subset, text extractable) and as SVG pages for
 * previews. Why Typst and not HTML printed by a browser: docs/adr/0008-official-documents-typst.md.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeCompiler, type NodeTypstDocument } from '@myriaddreamin/typst-ts-node-compiler';
import { chineseDate, officialDocumentSchema, type OfficialDocument } from '../../domain/documents/model.js';
import { DEBIAN_FONT_DIRS, FONT_ROLES, type FontRole } from './fonts.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.join(here, 'gbt9704.typ');

/** A document the engine could not lay out (bad data, or a font missing): permanent, retrying will not help. */
export class DocumentRenderError extends Error {
  constructor(
    message: string,
    readonly diagnostics: string[] = [],
  ) {
    super(message);
    this.name = 'DocumentRenderError';
  }
}

export interface DocumentEngine {
  /** The PDF for issuing. Deterministic: the same document gives the same bytes (no timestamp inside). */
  pdf(doc: OfficialDocument): Buffer;
  /** Every page as a standalone SVG (glyphs as outlines), for previews in the console. */
  svgPages(doc: OfficialDocument): { pages: number; svg: string };
  /** The font each role resolved to (the first of its list that is installed). */
  readonly fonts: Record<FontRole, string>;
}

export interface EngineOptions {
  /** Extra font directories searched before Debian's (licensed faces go here). */
  fontDirs?: string[];
}

let shared: { key: string; engine: DocumentEngine } | undefined;

/** One engine per process (the compiler loads its fonts once, ~0.2 s): later calls with the same dirs reuse it. */
export function documentEngine(opts: EngineOptions = {}): DocumentEngine {
  const key = JSON.stringify(opts.fontDirs ?? []);
  if (shared?.key !== key) shared = { key, engine: createDocumentEngine(opts) };
  return shared.engine;
}

export function createDocumentEngine(opts: EngineOptions = {}): DocumentEngine {
  const fontPaths = [...(opts.fontDirs ?? []), ...DEBIAN_FONT_DIRS].filter((d) => existsSync(d));
  const compiler = NodeCompiler.create({ workspace: here, fontArgs: [{ fontPaths }] });
  const fonts = resolveFonts(compiler, fontPaths);
  const fontInput = JSON.stringify(fonts);

  const compile = (doc: OfficialDocument): NodeTypstDocument => {
    const parsed = officialDocumentSchema.safeParse(doc);
    if (!parsed.success)
      throw new DocumentRenderError(
        `公文数据无效：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`,
      );
    const d = parsed.data;
    const input = {
      ...d,
      dateText: chineseDate(d.date),
      ...(d.printedOn ? { printedOnText: chineseDate(d.printedOn) } : {}),
    };
    const result = compiler.compile({
      mainFilePath: MAIN,
      inputs: { doc: JSON.stringify(input), fonts: fontInput },
    });
    const err = result.takeError();
    if (err || !result.result) {
      const messages = (err?.shortDiagnostics ?? []).map((x: { message: string }) => x.message);
      throw new DocumentRenderError(`公文排版失败：${messages.join('；') || '未知错误'}`, messages);
    }
    return result.result;
  };

  return {
    fonts,
    pdf: (doc) => {
      const compiled = compile(doc);
      // Keep the compiler's memoisation from growing without bound in a long-running worker.
      const out = compiler.pdf(compiled, { creationTimestamp: 0 });
      compiler.evictCache(30);
      return out;
    },
    svgPages: (doc) => {
      const compiled = compile(doc);
      return { pages: compiled.numOfPages, svg: compiler.plainSvg(compiled) };
    },
  };
}

/**
 * Which family of each role is installed: Typst warns "unknown font family" for every one it lacks. A role with
 * none is a broken installation, refused at start rather than at the first document.
 */
function resolveFonts(compiler: NodeCompiler, fontPaths: string[]): Record<FontRole, string> {
  const families = [...new Set(Object.values(FONT_ROLES).flat())];
  const probe = families.map((f) => `#text(font: "${f}", fallback: false)[字]`).join('\n');
  const result = compiler.compile({ mainFileContent: probe });
  const missing = new Set(
    (result.takeWarnings()?.shortDiagnostics ?? [])
      .map((d: { message: string }) => /unknown font family: (.+)$/.exec(d.message)?.[1])
      .filter(Boolean),
  );
  const out = {} as Record<FontRole, string>;
  for (const [role, list] of Object.entries(FONT_ROLES) as [FontRole, readonly string[]][]) {
    const found = list.find((f) => !missing.has(f.toLowerCase()));
    if (!found)
      throw new DocumentRenderError(
        `找不到公文字体（${role}：${list.join(' / ')}）。请运行 scripts/ensure-fonts.sh 安装 fonts-noto-cjk 和 fonts-arphic-ukai，或在 DOCUMENT_FONT_DIRS 中提供字体文件（已查找：${fontPaths.join(', ') || '无'}）`,
      );
    out[role] = found;
  }
  return out;
}
