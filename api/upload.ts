import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { DomainError } from '../domain/errors.js';

export interface ReceivedFile {
  /** Where the bytes are, under the upload directory's scratch folder: move it, or remove it. */
  tmpPath: string;
  filename: string;
  /** The Content-Type the client declared for the part (to be checked against the bytes). */
  declaredType: string;
  size: number;
  sha256: string;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  file?: ReceivedFile;
}

/**
 * Streams a multipart body (busboy) to a scratch file while hashing it, never holding more than a chunk in memory.
 * The size limit applies while streaming: the moment the file passes `maxFileBytes` the request is abandoned
 * (413, PAYLOAD_TOO_LARGE) and what was written is removed. One file part named `fileField`; a few small fields.
 */
export async function receiveUpload(
  body: ReadableStream<Uint8Array> | Readable,
  contentType: string,
  opts: { maxFileBytes: number; scratchDir: string; fileField: string },
): Promise<ReceivedUpload> {
  await mkdir(opts.scratchDir, { recursive: true });
  const tooLarge = () => {
    const message = `文件不能超过 ${opts.maxFileBytes} 字节`;
    return new DomainError('PAYLOAD_TOO_LARGE', message, { [opts.fileField]: message });
  };
  const malformed = () => new DomainError('BAD_REQUEST', '表单数据无效，无法读取');
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      // Browsers send a file name as raw UTF-8 (阻火器.png); busboy's default would read it as latin1.
      defParamCharset: 'utf8',
      limits: {
        fileSize: opts.maxFileBytes,
        files: 1,
        fields: 8,
        fieldSize: 4096,
        parts: 12,
        headerPairs: 16,
      },
    });
  } catch {
    throw malformed();
  }
  const onSocket = body instanceof Readable;
  const source = onSocket ? body : Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  const scratch: string[] = [];

  return new Promise<ReceivedUpload>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: ReceivedFile | undefined;
    let written: Promise<void> = Promise.resolve();
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      source.unpipe(parser);
      // A socket's stream is left paused: the server discards the rest briefly after the answer, so the client reads
      // it, then closes the connection (api/guards.ts). An in-process stream is simply cancelled.
      if (onSocket) source.pause();
      else source.destroy();
      parser.removeAllListeners();
      parser.on('error', () => undefined);
      void Promise.allSettled(scratch.map((p) => rm(p, { force: true }))).then(() => reject(err));
    };

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) return fail(malformed());
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== opts.fileField || file) {
        stream.resume(); // another part: read past it
        return;
      }
      const tmpPath = path.join(opts.scratchDir, randomUUID());
      scratch.push(tmpPath);
      const hash = createHash('sha256');
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      stream.once('limit', () => fail(tooLarge()));
      file = { tmpPath, filename: info.filename ?? '', declaredType: info.mimeType, size: 0, sha256: '' };
      const entry = file;
      written = pipeline(stream, counter, createWriteStream(tmpPath, { flags: 'wx' })).then(() => {
        entry.size = size;
        entry.sha256 = hash.digest('hex');
      });
      written.catch(fail);
    });
    for (const event of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const)
      parser.on(event, () => fail(malformed()));
    parser.on('error', () => fail(malformed()));
    source.on('error', fail);
    parser.on('close', () => {
      written.then(() => {
        if (settled) return;
        settled = true;
        resolve({ fields, file });
      }, fail);
    });
    source.pipe(parser);
  });
}

/** Removes a received file that was not kept. */
export async function discardUpload(upload: ReceivedUpload): Promise<void> {
  if (upload.file) await rm(upload.file.tmpPath, { force: true });
}
