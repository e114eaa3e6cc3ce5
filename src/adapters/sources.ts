/**
 * Calendar sources: the bytes of a local file, or of an `http(s)://` / `webcal://` URL.
 *
 * URLs are fetched with a timeout and kept in the cache folder (`<cache>/http/<sha1>.ics`
 * plus a `.json` with ETag/Last-Modified for conditional requests). When the fetch fails
 * (offline, timeout, HTTP error, a body over the size limit) and a cached copy exists, that
 * copy is used and a warning says how old it is; without a copy, the source fails.
 *
 * A fresh body is not cached here: `LoadedSource.commit` stores it, and the caller calls it
 * only once the body has read as a calendar, so an HTML error page answered with 200 never
 * replaces the last good copy (`LoadedSource.stale` gives that copy instead).
 *
 * Every read is bounded by `maxBytes` (`calendar_max_size`) while it streams: a local file
 * is checked with fstat before reading and counted while read (it may grow); a URL body is
 * counted after decompression and the download is abandoned as soon as it passes the limit.
 * Only regular files are read: a FIFO or a device is refused without blocking on it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ReaderWarning } from '../core/calendar/types.js';
import { formatSize } from '../core/duration.js';
import { DEFAULT_CALENDAR_MAX_BYTES, isUrl } from '../core/settings.js';
import { makeFolder } from './folders.js';

/** A warning about a source; the caller adds the calendar. */
export type SourceWarning = Omit<ReaderWarning, 'calendar'>;

export interface LoadedSource {
  source: string;
  bytes: Buffer | null;
  /** Why the source could not be read at all (one sentence, names the source). */
  error: string | null;
  /** 2: the user named something that is not there (input error); 1: a runtime failure. */
  errorExit: 1 | 2;
  warnings: SourceWarning[];
  /** The underlying error, when there is one (for --debug). */
  cause?: Error;
  /**
   * For a body fresh from the network: stores it (and its ETag/Last-Modified) in the cache.
   * Call it only once the body has read as a calendar. Best effort: never throws.
   */
  commit?: () => void;
  /**
   * For a body fresh from the network: the last good cached copy, to use when the fresh body
   * does not read as a calendar (null when there is none, or it is over the limit). `problem`
   * says what was wrong with the fresh body; the returned source carries the warning.
   */
  stale?: (problem: string) => LoadedSource | null;
}

export interface SourceOptions {
  cacheDir: string;
  timeoutMs: number;
  now: number;
  /** The most bytes a calendar may hold, after decompression (`calendar_max_size`). */
  maxBytes?: number;
  /** Called as a URL's body arrives, with the bytes of each chunk (for a progress line). */
  onBytes?: (n: number) => void;
}

export { isUrl };

export async function loadSource(source: string, opts: SourceOptions): Promise<LoadedSource> {
  const maxBytes = opts.maxBytes ?? DEFAULT_CALENDAR_MAX_BYTES;
  if (isUrl(source)) return loadUrl(source, { ...opts, maxBytes });
  return loadFile(source, maxBytes);
}

// ---------------------------------------------------------------------------------------
// Bounded reads of regular files

/** Why `readRegularFile` refused or failed. */
export class FileReadError extends Error {
  constructor(
    readonly reason: 'missing' | 'denied' | 'not-a-file' | 'too-big' | 'other',
    /** For not-a-file: what it is ("a folder", "a named pipe (FIFO)", ...). For other: the system's message. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = 'FileReadError';
  }
}

/** What a file that is not a regular file is, in words ("a named pipe (FIFO)"). */
export function describeFileType(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

// O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever (it only matters
// for the open; regular files are then read as usual). O_NOCTTY: a terminal named by mistake
// does not become the controlling terminal. Neither exists on Windows.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);
const CHUNK = 1024 * 1024;

/**
 * The bytes of a regular file (symlinks followed), at most `maxBytes` of them. Throws a
 * FileReadError: not a regular file (checked on the open descriptor, before any read), more
 * than `maxBytes` (by its size, or while reading if it grows), missing, permission denied.
 */
export function readRegularFile(file: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (err) {
    throw openError(file, err);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new FileReadError('not-a-file', describeFileType(st));
    if (st.size > maxBytes) throw new FileReadError('too-big', `${st.size} bytes`);
    const chunks: Buffer[] = [];
    let total = 0;
    // First read sized to the file (one buffer, no copy, in the usual case); files that
    // report no size (procfs) or grow are read on in chunks. Never more than maxBytes + 1.
    let want = Math.max(st.size + 1, 64 * 1024);
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(want, maxBytes + 1 - total));
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n < buf.length ? buf.subarray(0, n) : buf);
      total += n;
      if (total > maxBytes) throw new FileReadError('too-big', `over ${maxBytes} bytes`);
      want = CHUNK;
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (err) {
    if (err instanceof FileReadError) throw err;
    throw openError(file, err);
  } finally {
    fs.closeSync(fd);
  }
}

function openError(file: string, err: unknown): FileReadError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FileReadError('missing', 'does not exist', { cause: err });
  if (code === 'EACCES' || code === 'EPERM') return new FileReadError('denied', 'permission denied', { cause: err });
  if (code === 'EISDIR') return new FileReadError('not-a-file', 'a folder', { cause: err });
  if (code === 'ENXIO' || code === 'ENODEV' || code === 'EOPNOTSUPP') {
    // A socket (or a device with nothing behind it) cannot be opened: say what it is.
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) return new FileReadError('not-a-file', describeFileType(st), { cause: err });
    } catch {
      // fall through to the system's message
    }
  }
  return new FileReadError('other', (err as Error).message, { cause: err });
}

function loadFile(file: string, maxBytes: number): LoadedSource {
  try {
    return { source: file, bytes: readRegularFile(file, maxBytes), error: null, errorExit: 2, warnings: [] };
  } catch (err) {
    if (!(err instanceof FileReadError)) return fail(file, `calendar file ${file} cannot be read (${(err as Error).message})`, 2, err);
    const e = err;
    switch (e.reason) {
      case 'missing':
        return fail(file, `calendar file ${file} does not exist`, 2, err);
      case 'denied':
        return fail(file, `calendar file ${file} cannot be read (permission denied)`, 2, err);
      case 'not-a-file':
        return fail(file, `calendar ${file} is ${e.detail}, not an .ics file`, 2, err);
      case 'too-big':
        return fail(file, `calendar ${file} is larger than calendar_max_size (${formatSize(maxBytes)})`, 2, err);
      default:
        return fail(file, `calendar file ${file} cannot be read (${e.detail})`, 2, err);
    }
  }
}

function fail(source: string, error: string, errorExit: 1 | 2, cause?: unknown): LoadedSource {
  return { source, bytes: null, error, errorExit, warnings: [], ...(cause instanceof Error ? { cause } : {}) };
}

// ---------------------------------------------------------------------------------------
// URLs

interface HttpMeta {
  url: string;
  fetchedAt: string;
  etag: string | null;
  lastModified: string | null;
}

/**
 * webcal:// names a calendar feed, not a protocol: it is fetched over HTTPS, and over plain
 * HTTP only when nothing answers HTTPS at all (a connection error, not an HTTP status), as
 * calendar apps do; that fallback is reported in a warning.
 */
function candidateUrls(source: string): string[] {
  if (!/^webcal:\/\//i.test(source)) return [source];
  const rest = source.replace(/^webcal:\/\//i, '');
  return [`https://${rest}`, `http://${rest}`];
}

/** The body went past the limit (by Content-Length or by counting). */
class TooBigError extends Error {
  constructor() {
    super('too big');
    this.name = 'TooBigError';
  }
}

/** The on-disk copy of a URL: `<cache>/http/<sha1>.ics` and its `.json`. */
class HttpCacheEntry {
  readonly dir: string;
  readonly bodyPath: string;
  readonly metaPath: string;
  /** Whether a usable copy is there (a regular file within the limit). */
  readonly present: boolean;
  readonly meta: HttpMeta | null;

  constructor(source: string, cacheDir: string, private readonly maxBytes: number) {
    const key = createHash('sha1').update(source).digest('hex');
    this.dir = path.join(cacheDir, 'http');
    this.bodyPath = path.join(this.dir, `${key}.ics`);
    this.metaPath = path.join(this.dir, `${key}.json`);
    let present = false;
    try {
      const st = fs.statSync(this.bodyPath);
      if (st.isFile() && st.size <= maxBytes) present = true;
      else if (st.isFile()) this.drop(); // left by a version without the limit: never read it
    } catch {
      // no copy
    }
    this.present = present;
    let meta: HttpMeta | null = null;
    if (present) {
      try {
        meta = JSON.parse(readRegularFile(this.metaPath, 64 * 1024).toString('utf8')) as HttpMeta;
      } catch {
        meta = null;
      }
    }
    this.meta = meta;
  }

  /** The cached body, or null when it is gone, unreadable or over the limit. */
  read(): Buffer | null {
    if (!this.present) return null;
    try {
      return readRegularFile(this.bodyPath, this.maxBytes);
    } catch (err) {
      if ((err as FileReadError).reason === 'too-big') this.drop();
      return null;
    }
  }

  /** Stores a body that read as a calendar, and its validators. Best effort. */
  write(source: string, bytes: Buffer, now: number, headers: Headers): void {
    const tmp = `.${process.pid}.${Date.now()}.tmp`;
    try {
      makeFolder(this.dir); // not mkdirSync({recursive}): it spins forever under /proc
      // Written aside and renamed: a concurrent run never reads half a file.
      fs.writeFileSync(this.bodyPath + tmp, bytes);
      fs.renameSync(this.bodyPath + tmp, this.bodyPath);
      const meta: HttpMeta = {
        url: source,
        fetchedAt: new Date(now).toISOString(),
        etag: headers.get('etag'),
        lastModified: headers.get('last-modified'),
      };
      fs.writeFileSync(this.metaPath + tmp, JSON.stringify(meta));
      fs.renameSync(this.metaPath + tmp, this.metaPath);
    } catch {
      // A cache we cannot write only costs the offline fallback.
      for (const p of [this.bodyPath + tmp, this.metaPath + tmp]) {
        try {
          fs.rmSync(p, { force: true });
        } catch {
          // best effort
        }
      }
    }
  }

  /** Deletes the copy (best effort). */
  drop(): void {
    for (const p of [this.bodyPath, this.metaPath]) {
      try {
        fs.rmSync(p, { force: true });
      } catch {
        // best effort
      }
    }
  }

  /** " fetched 2026-03-09T08:00:00.000Z", or "" when the date is unknown. */
  get fetchedWhen(): string {
    return this.meta?.fetchedAt ? ` fetched ${this.meta.fetchedAt}` : '';
  }
}

/**
 * Reads a response body, counting bytes as they arrive (after decompression): past
 * `maxBytes` the download is cancelled and TooBigError thrown, so at most the limit plus
 * one chunk is ever held.
 */
async function readBody(res: Response, maxBytes: number, abort: () => void, onBytes?: (n: number) => void): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw new TooBigError();
      chunks.push(value);
      onBytes?.(value.byteLength);
    }
  } catch (err) {
    abort();
    await reader.cancel().catch(() => undefined);
    throw err;
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, total);
}

/** Content-Length, when it states the size of the body as it will be counted (no compression). */
function declaredLength(res: Response): number | null {
  const encoding = (res.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') return null;
  const n = Number(res.headers.get('content-length') ?? NaN);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

async function loadUrl(source: string, opts: SourceOptions & { maxBytes: number }): Promise<LoadedSource> {
  const urls = candidateUrls(source);
  const cache = new HttpCacheEntry(source, opts.cacheDir, opts.maxBytes);
  const headers: Record<string, string> = { 'user-agent': 'etiq (calendar reader)', accept: 'text/calendar, */*;q=0.5' };
  if (cache.present && cache.meta?.etag) headers['if-none-match'] = cache.meta.etag;
  if (cache.present && cache.meta?.lastModified) headers['if-modified-since'] = cache.meta.lastModified;

  const limit = formatSize(opts.maxBytes);
  let problem: string;
  let failure: unknown;
  let tooBig = false;
  const warnings: SourceWarning[] = [];
  // One controller for the whole exchange, body included: the timeout and the size limit
  // both abort it, which closes the connection.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${opts.timeoutMs} ms`, 'TimeoutError')), opts.timeoutMs);
  try {
    let res: Response | null = null;
    for (const [i, url] of urls.entries()) {
      try {
        res = await fetch(url, { headers, signal: controller.signal, redirect: 'follow' });
        if (i > 0) warnings.push({ message: `${source} does not answer over HTTPS; it was fetched over plain HTTP`, kind: 'fetch' });
        break;
      } catch (err) {
        const e = err as Error;
        if (i === urls.length - 1 || e.name === 'TimeoutError' || e.name === 'AbortError') throw err;
      }
    }
    if (!res) throw new Error('no URL to fetch');
    if (res.status === 304 && cache.present) {
      await res.body?.cancel().catch(() => undefined);
      const bytes = cache.read();
      if (bytes) return { source, bytes, error: null, errorExit: 1, warnings };
      throw new Error('the server answered 304 Not Modified but the cached copy is gone');
    }
    if (res.ok) {
      const declared = declaredLength(res);
      if (declared !== null && declared > opts.maxBytes) {
        controller.abort();
        await res.body?.cancel().catch(() => undefined);
        throw new TooBigError();
      }
      const bytes = await readBody(res, opts.maxBytes, () => controller.abort(), opts.onBytes);
      const answer = res;
      return {
        source,
        bytes,
        error: null,
        errorExit: 1,
        warnings,
        commit: () => cache.write(source, bytes, opts.now, answer.headers),
        stale: (what) => {
          const old = cache.read();
          if (!old) return null;
          return {
            source,
            bytes: old,
            error: null,
            errorExit: 1,
            warnings: [
              ...warnings,
              { message: `${source} answered with something that is not a calendar (${what}); using the cached copy${cache.fetchedWhen}`, kind: 'stale-copy' },
            ],
          };
        },
      };
    }
    await res.body?.cancel().catch(() => undefined);
    problem = `the server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  } catch (err) {
    failure = err;
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e instanceof TooBigError) {
      tooBig = true;
      problem = `larger than calendar_max_size, ${limit}`;
      failure = new Error(`calendar ${source} is larger than calendar_max_size (${limit})`);
    } else if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      problem = `no answer within ${Math.round(opts.timeoutMs / 1000)} s`;
    } else {
      problem = e.cause?.code ?? e.cause?.message ?? e.message;
    }
  } finally {
    clearTimeout(timer);
  }
  const cached = cache.read();
  if (cached) {
    return {
      source,
      bytes: cached,
      error: null,
      errorExit: 1,
      warnings: [...warnings, { message: `could not fetch ${source} (${problem}); using the cached copy${cache.fetchedWhen}`, kind: 'stale-copy' }],
    };
  }
  if (tooBig) return fail(source, `calendar ${source} is larger than calendar_max_size (${limit})`, 1, failure);
  return fail(source, `could not fetch calendar ${source} (${problem}) and there is no cached copy`, 1, failure);
}
