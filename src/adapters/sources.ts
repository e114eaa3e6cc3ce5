/**
 * Calendar sources: the bytes of a local file, or of an `http(s)://` / `webcal://` URL.
 *
 * URLs are fetched with a timeout and kept in the cache folder (`<cache>/http/<sha1>.ics`
 * plus a `.json` with ETag/Last-Modified for conditional requests). When the fetch fails
 * (offline, timeout, HTTP error) and a cached copy exists, that copy is used and a
 * warning says how old it is; without a copy, the source fails.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeFolder } from './folders.js';

export interface LoadedSource {
  source: string;
  bytes: Buffer | null;
  /** Why the source could not be read at all (one sentence, names the source). */
  error: string | null;
  /** 2: the user named something that is not there (input error); 1: a runtime failure. */
  errorExit: 1 | 2;
  warnings: string[];
  /** The underlying error, when there is one (for --debug). */
  cause?: Error;
}

export interface SourceOptions {
  cacheDir: string;
  timeoutMs: number;
  now: number;
}

export function isUrl(source: string): boolean {
  return /^(https?|webcal):\/\//i.test(source);
}

export async function loadSource(source: string, opts: SourceOptions): Promise<LoadedSource> {
  if (isUrl(source)) return loadUrl(source, opts);
  return loadFile(source);
}

function loadFile(file: string): LoadedSource {
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) return fail(file, `calendar ${file} is a folder, not an .ics file`, 2);
    return { source: file, bytes: fs.readFileSync(file), error: null, errorExit: 2, warnings: [] };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail(file, `calendar file ${file} does not exist`, 2, err);
    if (code === 'EACCES' || code === 'EPERM') return fail(file, `calendar file ${file} cannot be read (permission denied)`, 2, err);
    return fail(file, `calendar file ${file} cannot be read (${(err as Error).message})`, 2, err);
  }
}

function fail(source: string, error: string, errorExit: 1 | 2, cause?: unknown): LoadedSource {
  return { source, bytes: null, error, errorExit, warnings: [], ...(cause instanceof Error ? { cause } : {}) };
}

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

async function loadUrl(source: string, opts: SourceOptions): Promise<LoadedSource> {
  const urls = candidateUrls(source);
  const key = createHash('sha1').update(source).digest('hex');
  const dir = path.join(opts.cacheDir, 'http');
  const bodyPath = path.join(dir, `${key}.ics`);
  const metaPath = path.join(dir, `${key}.json`);
  let meta: HttpMeta | null = null;
  let cached: Buffer | null = null;
  try {
    cached = fs.readFileSync(bodyPath);
    meta = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as HttpMeta;
  } catch {
    cached = cached ?? null;
  }
  const headers: Record<string, string> = { 'user-agent': 'etiq (calendar reader)', accept: 'text/calendar, */*;q=0.5' };
  if (cached && meta?.etag) headers['if-none-match'] = meta.etag;
  if (cached && meta?.lastModified) headers['if-modified-since'] = meta.lastModified;

  let problem: string;
  let failure: unknown;
  const warnings: string[] = [];
  try {
    const deadline = AbortSignal.timeout(opts.timeoutMs);
    let res: Response | null = null;
    for (const [i, url] of urls.entries()) {
      try {
        res = await fetch(url, { headers, signal: deadline, redirect: 'follow' });
        if (i > 0) warnings.push(`${source} does not answer over HTTPS; it was fetched over plain HTTP`);
        break;
      } catch (err) {
        const e = err as Error;
        if (i === urls.length - 1 || e.name === 'TimeoutError' || e.name === 'AbortError') throw err;
      }
    }
    if (!res) throw new Error('no URL to fetch');
    if (res.status === 304 && cached) {
      return { source, bytes: cached, error: null, errorExit: 1, warnings };
    }
    if (res.ok) {
      const bytes = Buffer.from(await res.arrayBuffer());
      try {
        makeFolder(dir); // not mkdirSync({recursive}): it spins forever under /proc
        fs.writeFileSync(bodyPath, bytes);
        const newMeta: HttpMeta = {
          url: source,
          fetchedAt: new Date(opts.now).toISOString(),
          etag: res.headers.get('etag'),
          lastModified: res.headers.get('last-modified'),
        };
        fs.writeFileSync(metaPath, JSON.stringify(newMeta));
      } catch {
        // A cache we cannot write only costs the offline fallback.
      }
      return { source, bytes, error: null, errorExit: 1, warnings };
    }
    problem = `the server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  } catch (err) {
    failure = err;
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') problem = `no answer within ${Math.round(opts.timeoutMs / 1000)} s`;
    else problem = e.cause?.code ?? e.cause?.message ?? e.message;
  }
  if (cached) {
    const when = meta?.fetchedAt ? ` fetched ${meta.fetchedAt}` : '';
    return {
      source,
      bytes: cached,
      error: null,
      errorExit: 1,
      warnings: [`could not fetch ${source} (${problem}); using the cached copy${when}`],
    };
  }
  return fail(source, `could not fetch calendar ${source} (${problem}) and there is no cached copy`, 1, failure);
}
