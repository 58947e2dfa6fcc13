/**
 * How the client takes files: a path (streamed from disk by the core), a Buffer, or a readable
 * stream (streamed into the core chunk by chunk).
 *
 * @packageDocumentation
 */

import { ReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type * as native from '../native/index.cjs';
import { JumioError, LocalFileError, ValidationError, fromNative } from './errors';

/**
 * A file to upload:
 * - a path (`string` or `file:` `URL`): the core streams it from disk, nothing is buffered in JS;
 * - a `Buffer` or `Uint8Array`;
 * - a Node readable stream, a web `ReadableStream`, or any async iterable of chunks: streamed into
 *   the core as it is read, with backpressure (a few chunks in flight, never the whole file). The
 *   upload limit is enforced as the stream is read: past it the call fails with a
 *   `ValidationError` and the stream is destroyed; a stream that errors fails the call with a
 *   `LocalFileError` (nothing truncated is sent). A stream is read once, so such an upload is
 *   never retried. An `fs.ReadStream` that has not been read yet is passed by its path instead.
 */
export type FileInput =
  | string
  | URL
  | Buffer
  | Uint8Array
  | NodeJS.ReadableStream
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

/** What the native layer takes: a path or bytes. @internal */
export type NativeFile = string | Buffer;

/** A file argument that is a stream, to be pumped into the call. @internal */
export interface StreamFile {
  /** The argument's name (`file`, `front`). */
  name: string;
  /** How errors name it (`front`, `selfie`). */
  field: string;
  source: ReadableStream<Uint8Array> | AsyncIterable<unknown>;
}

/** The files of a call, converted: paths and bytes for the native layer, streams to pump. @internal */
export interface PreparedFiles {
  files: Record<string, NativeFile> | undefined;
  streams: StreamFile[];
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return typeof v === 'object' && v !== null && Symbol.asyncIterator in v;
}

function isWebStream(v: unknown): v is ReadableStream<Uint8Array> {
  return typeof v === 'object' && v !== null && typeof (v as { getReader?: unknown }).getReader === 'function';
}

function refused(field: string, detail: string): ValidationError {
  return new ValidationError(`${field} ${detail}`, { kind: 'validation', field, detail });
}

/** Converts one file argument. @internal */
export function toNativeFile(field: string, file: FileInput): NativeFile | StreamFile['source'] {
  if (typeof file === 'string') return file;
  if (file instanceof URL) {
    if (file.protocol !== 'file:') throw refused(field, 'only file: URLs can be uploaded');
    return fileURLToPath(file);
  }
  if (Buffer.isBuffer(file)) return file;
  if (file instanceof Uint8Array) return Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (file instanceof ReadStream && typeof file.path === 'string' && file.bytesRead === 0 && (file as ReadStream & { start?: number }).start === undefined) {
    // Not consumed yet: the core streams the file from disk itself (and can retry the upload).
    const path = file.path;
    file.destroy();
    return path;
  }
  if (isWebStream(file) || isAsyncIterable(file)) return file;
  throw refused(field, 'must be a path, a Buffer, a Uint8Array or a readable stream');
}

/** Converts the files of a call; `label` names an argument in errors. @internal */
export function prepareFiles(files: Record<string, FileInput | undefined> | undefined, label: (name: string) => string = (name) => name): PreparedFiles {
  if (!files) return { files: undefined, streams: [] };
  const out: Record<string, NativeFile> = {};
  const streams: StreamFile[] = [];
  for (const [name, file] of Object.entries(files)) {
    if (file === undefined || file === null) continue;
    const field = label(name);
    const converted = toNativeFile(field, file);
    if (typeof converted === 'string' || Buffer.isBuffer(converted)) out[name] = converted;
    else streams.push({ name, field, source: converted });
  }
  return { files: out, streams };
}

/** The `LocalFileError` of a stream that failed; its error is the `cause`. */
function streamFailed(field: string, cause: unknown): LocalFileError {
  const detail = 'could not be read: the stream failed';
  const error = new LocalFileError(`${field} ${detail}`, { kind: 'local_file', field, detail });
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false, writable: true, configurable: true });
  return error;
}

/** A stream being pumped into a native call. @internal */
export interface Pump {
  /** Why the stream failed the call (set before the call can see the failure), if it did. */
  readonly failure: JumioError | undefined;
  /** Stops reading and cancels the source, unless it was read to its end. */
  stop(): void;
}

interface ChunkSource {
  next(): Promise<IteratorResult<unknown>>;
  cancel(): void;
}

function chunkSource(source: StreamFile['source']): ChunkSource {
  if (isWebStream(source)) {
    const reader = source.getReader();
    return {
      next: () => reader.read() as Promise<IteratorResult<unknown>>,
      cancel: () => void reader.cancel().catch(() => undefined),
    };
  }
  const iterator = source[Symbol.asyncIterator]();
  return {
    next: () => iterator.next(),
    cancel: () => {
      const destroy = (source as { destroy?: unknown }).destroy;
      if (typeof destroy === 'function') destroy.call(source);
      else void iterator.return?.()?.catch(() => undefined);
    },
  };
}

function bytesOf(chunk: unknown): Buffer | undefined {
  if (typeof chunk === 'string') return Buffer.from(chunk);
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return undefined;
}

/**
 * Pumps `file`'s chunks into `upload`, one write at a time: a write resolves once the call has
 * room (backpressure) and says whether the call still reads. Any failure is recorded before the
 * native side is told, so that the call's rejection finds it.
 *
 * @internal
 */
export function startPump(file: StreamFile, upload: native.UploadStream): Pump {
  const source = chunkSource(file.source);
  let failure: JumioError | undefined;
  let finished = false;
  const stop = (): void => {
    if (finished) return;
    finished = true;
    source.cancel();
  };
  const fail = (error: JumioError): void => {
    failure = error;
    upload.fail();
    stop();
  };
  void (async () => {
    while (!finished) {
      let next: IteratorResult<unknown>;
      try {
        next = await source.next();
      } catch (e) {
        if (finished) return;
        fail(streamFailed(file.field, e));
        return;
      }
      if (finished) return;
      if (next.done) {
        finished = true;
        upload.end();
        return;
      }
      const bytes = bytesOf(next.value);
      if (bytes === undefined) {
        fail(refused(file.field, 'is a stream of something other than bytes or strings'));
        return;
      }
      let more: boolean;
      try {
        more = await upload.write(bytes);
      } catch (e) {
        // Over the upload limit: the native side failed the stream already.
        failure = fromNative(e) as JumioError;
        stop();
        return;
      }
      // The call no longer reads (it finished, failed or was aborted).
      if (!more) stop();
    }
  })();
  return {
    get failure() {
      return failure;
    },
    stop,
  };
}
