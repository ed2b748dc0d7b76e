/**
 * Issuing an official document: number, words, layout, files and record in one step.
 *
 *   const doc = await issueDocument(db, {
 *     kind: 'monthly_bulletin', regionPath: '420000/420100/420111/', idempotencyKey: 'bulletin:420111:2026-03',
 *     data: { values: { 期间: '2026年3月' }, tables: { 排名: { type: 'table', columns: [...], rows: [...] } } },
 *   }, { uploadDir });
 *   // → { id, number: '洪安委办〔2026〕12号', pdf: { path, sha256, size }, docx: {...}, hash }
 *
 * The serial is taken from the authority's counter row inside the transaction that stores the document, and the
 * files are laid out while that row is locked: numbers of one authority and year run without gaps or repeats
 * whatever the concurrency, and a failure anywhere gives the number back. The same `idempotencyKey` returns the
 * document already issued (a retried activity issues nothing twice).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  authorityFor,
  findIssued,
  getAuthority,
  type DbOrTx,
  insertIssued,
  takeSerial,
  templateInForce,
  type OfficialDocumentRow,
} from '../../db/queries/official-documents.js';
import { documentKindSpecs, type DocumentKind } from '../../domain/documents/kinds.js';
import { documentNumber, type OfficialDocument } from '../../domain/documents/model.js';
import {
  defaultTemplates,
  renderTemplate,
  type TemplateBody,
  type TemplateData,
} from '../../domain/documents/templates.js';
import { documentDocx } from './docx.js';
import { documentEngine, type DocumentEngine } from './engine.js';

export interface IssueDocumentInput {
  kind: DocumentKind;
  /** Where it is issued from: the authority configured for this region or its nearest ancestor (made if none). */
  regionPath: string;
  /** A specific authority instead (it must be active). */
  authorityId?: string;
  data: TemplateData;
  /** Words to use instead of the template in force (e.g. a bulletin writes its own). */
  template?: TemplateBody;
  caseId?: string;
  escalationId?: string;
  recipientEnterpriseId?: string;
  issuedBy?: string | null;
  /** 成文日期, yyyy-MM-dd; today in Shanghai when absent. */
  date?: string;
  idempotencyKey: string;
  /**
   * The document's id when the caller must know it before issuing (the case workflow names the listing notice in
   * its event before the transition that issues it runs); a fresh one otherwise.
   */
  documentId?: string;
}

export interface IssuedDocument {
  id: string;
  number: string;
  title: string;
  kind: DocumentKind;
  pdf: { path: string; sha256: string; size: number };
  docx: { path: string; sha256: string; size: number };
  /** The content hash of the document: its PDF's sha-256. */
  hash: string;
  templateVersion: number;
}

export interface IssueOptions {
  uploadDir: string;
  engine?: DocumentEngine;
}

const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function issuedResult(
  row: OfficialDocumentRow,
  pdf: { path: string; sha256: string; size: number },
): IssuedDocument {
  return {
    id: row.documentId,
    number: row.number,
    title: row.title,
    kind: row.kind as DocumentKind,
    pdf,
    docx: { path: row.docxPath, sha256: row.docxSha256, size: row.docxSize },
    hash: pdf.sha256,
    templateVersion: row.templateVersion,
  };
}

export async function issueDocument(
  db: DbOrTx,
  input: IssueDocumentInput,
  opts: IssueOptions,
): Promise<IssuedDocument> {
  const again = await findExisting(db, input.idempotencyKey);
  if (again) return again;

  const spec = documentKindSpecs[input.kind];
  const authority = input.authorityId
    ? await getAuthority(db, input.authorityId)
    : await authorityFor(db, input.regionPath);
  const date = input.date ?? shanghaiToday();
  const year = Number(date.slice(0, 4));
  const authorityPath = `${input.regionPath.split(`${authority.regionCode}/`)[0]}${authority.regionCode}/`;
  const inForce = input.template
    ? null
    : await templateInForce(db, { regionPath: input.regionPath, kind: input.kind, on: date });
  const words = renderTemplate(input.template ?? inForce?.body ?? defaultTemplates[input.kind], {
    ...input.data,
    values: { 发文机关: authority.name, ...input.data.values },
  });
  const engine = opts.engine ?? documentEngine();
  const id = input.documentId ?? randomUUID();
  const rel = {
    pdf: path.join('issued', String(year), `${id}.pdf`),
    docx: path.join('issued', String(year), `${id}.docx`),
  };
  const abs = { pdf: path.join(opts.uploadDir, rel.pdf), docx: path.join(opts.uploadDir, rel.docx) };
  await mkdir(path.dirname(abs.pdf), { recursive: true });

  try {
    return await db.transaction(async (tx) => {
      const serial = await takeSerial(tx, authority.id, year);
      const content: OfficialDocument = {
        mark: authority.mark,
        number: documentNumber(authority.abbreviation, year, serial),
        ...words,
        signature: authority.name,
        date,
        printedBy: authority.name,
        printedOn: date,
      };
      const pdf = engine.pdf(content);
      const docx = await documentDocx(content);
      // Written under temporary names and renamed: a reader never sees half a file.
      await writeFile(`${abs.pdf}.part`, pdf);
      await writeFile(`${abs.docx}.part`, docx);
      await rename(`${abs.pdf}.part`, abs.pdf);
      await rename(`${abs.docx}.part`, abs.docx);
      const pdfHash = sha256(pdf);
      const row = await insertIssued(
        tx,
        {
          id,
          caseId: input.caseId ?? null,
          kind: input.kind,
          filename: `${content.number}-${spec.name}.pdf`,
          mimeType: 'application/pdf',
          size: pdf.length,
          sha256: pdfHash,
          storagePath: rel.pdf,
          uploadedBy: input.issuedBy ?? null,
        },
        {
          documentId: id,
          kind: input.kind,
          authorityId: authority.id,
          year,
          serial,
          number: content.number,
          title: content.title,
          issuedOn: date,
          caseId: input.caseId ?? null,
          escalationId: input.escalationId ?? null,
          recipientEnterpriseId: input.recipientEnterpriseId ?? null,
          audience: spec.audience,
          regionPath: authorityPath,
          templateId: inForce?.id ?? null,
          templateVersion: inForce?.version ?? 0,
          content,
          docxPath: rel.docx,
          docxSha256: sha256(docx),
          docxSize: docx.length,
          idempotencyKey: input.idempotencyKey,
          issuedBy: input.issuedBy ?? null,
        },
      );
      return issuedResult(row, { path: rel.pdf, sha256: pdfHash, size: pdf.length });
    });
  } catch (err) {
    await Promise.all(
      [abs.pdf, abs.docx, `${abs.pdf}.part`, `${abs.docx}.part`].map((f) => rm(f, { force: true })),
    );
    // Issued meanwhile under the same key (a concurrent retry): that one stands; the number taken here went back.
    const raced = await findExisting(db, input.idempotencyKey);
    if (raced) return raced;
    throw err;
  }
}

async function findExisting(db: DbOrTx, key: string): Promise<IssuedDocument | undefined> {
  const found = await findIssued(db, key);
  return found && issuedResult(found.row, found.pdf);
}
