/**
 * How the client takes files: a path (streamed from disk by the core), a Buffer, or a readable
 * stream.
 *
 * @packageDocumentation
 */

import { ReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { ValidationError } from './errors';

/**
 * A file to upload:
 * - a path (`string` or `file:` `URL`): the core streams it from disk, nothing is buffered in JS;
 * - a `Buffer` or `Uint8Array`;
 * - a readable stream or any async iterable of chunks. A `fs.ReadStream` that has not been read
 *   yet is passed by path (streamed by the core); other streams are read into memory, up to the
 *   client's upload limit and no further.
 */
export type FileInput = string | URL | Buffer | Uint8Array | NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>;

/** What the native layer takes: a path or bytes. @internal */
export type NativeFile = string | Buffer;

function isAsyncIterable(v: unknown): v is AsyncIterable<Uint8Array | string> {
  return typeof v === 'object' && v !== null && Symbol.asyncIterator in v;
}

/** Converts one file argument; `limit` bounds what a stream may buffer. @internal */
export async function toNativeFile(name: string, file: FileInput, limit: number): Promise<NativeFile> {
  if (typeof file === 'string') return file;
  if (file instanceof URL) {
    if (file.protocol !== 'file:') throw new ValidationError(`${name}: only file: URLs can be uploaded`, { kind: 'validation', field: name, detail: 'only file: URLs can be uploaded' });
    return fileURLToPath(file);
  }
  if (Buffer.isBuffer(file)) return file;
  if (file instanceof Uint8Array) return Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (file instanceof ReadStream && typeof file.path === 'string' && file.bytesRead === 0 && (file as ReadStream & { start?: number }).start === undefined) {
    // Not consumed yet: the core streams the file from disk itself.
    const path = file.path;
    file.destroy();
    return path;
  }
  if (isAsyncIterable(file)) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of file) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      size += b.length;
      if (size > limit) {
        const detail = `is larger than the upload limit of ${limit} bytes`;
        if ('destroy' in file && typeof file.destroy === 'function') (file as { destroy(): void }).destroy();
        throw new ValidationError(`${name} ${detail}`, { kind: 'validation', field: name, detail });
      }
      chunks.push(b);
    }
    return Buffer.concat(chunks, size);
  }
  throw new ValidationError(`${name} must be a path, a Buffer, a Uint8Array or a readable stream`, {
    kind: 'validation',
    field: name,
    detail: 'must be a path, a Buffer, a Uint8Array or a readable stream',
  });
}

/** Converts the files of a call. @internal */
export async function toNativeFiles(
  files: Record<string, FileInput | undefined> | undefined,
  limit: number,
  label: (name: string) => string = (name) => name,
): Promise<Record<string, NativeFile> | undefined> {
  if (!files) return undefined;
  const out: Record<string, NativeFile> = {};
  for (const [name, file] of Object.entries(files)) {
    if (file !== undefined && file !== null) out[name] = await toNativeFile(label(name), file, limit);
  }
  return out;
}
