/**
 * Calendar sources that try to hang etiq or fill its memory: FIFOs and devices named as a
 * calendar or config, calendars over `calendar_max_size` (local, streamed over HTTP, gzip
 * bombs), HTML pages answered with 200, long URL lists, the same calendar listed twice.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { calendar, isolatedEnv, runEtiq, tempDir, vevent, writeIcs } from './helpers.js';

const FROM = '2026-03-10';
const KiB = 1024;
const MiB = 1024 * 1024;

interface Agenda {
  events: { uid: string; calendar: string }[];
  warnings: { calendar: string; message: string; kind?: string }[];
}

/** The one line of stderr (asserts there is exactly one). */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

function configWith(dir: string, text: string): string {
  const file = path.join(dir, 'config.toml');
  fs.writeFileSync(file, text);
  return file;
}

function event(uid: string, extra: string[] = []): string[] {
  return vevent([`UID:${uid}`, 'DTSTART:20260310T150000Z', 'DTEND:20260310T160000Z', `SUMMARY:${uid}`, ...extra]);
}

/** `<cache>/http/<sha1>.ics` and `.json` for a URL, under an isolated home. */
function cachePaths(home: string, url: string): { body: string; meta: string } {
  const key = createHash('sha1').update(url).digest('hex');
  const dir = path.join(home, '.cache', 'etiq', 'http');
  return { body: path.join(dir, `${key}.ics`), meta: path.join(dir, `${key}.json`) };
}

function httpCacheFiles(home: string): string[] {
  const dir = path.join(home, '.cache', 'etiq', 'http');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

const dirs: string[] = [];
function scratch(): string {
  const d = tempDir('etiq-hostile-');
  dirs.push(d);
  return d;
}
/** runEtiq with a home of its own under a scratch folder (deleted after the tests). */
function run(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): ReturnType<typeof runEtiq> {
  return runEtiq(args, { ...opts, env: opts.env ?? isolatedEnv(scratch()) });
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('special files named as a calendar or config', () => {
  // If a regression made etiq block on opening a FIFO, the in-process run would hang the
  // test worker for good: this child opens (and closes) the FIFO for writing every 5 s,
  // which unblocks such a reader (the elapsed time then fails the test). With the fix it
  // waits for a reader that never comes, and is killed.
  const GUARD = `const fs = require('node:fs');
    for (;;) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
      fs.closeSync(fs.openSync(process.argv[1], 'w'));
    }`;
  const guards: ChildProcess[] = [];
  beforeAll(async () => {
    await run(['--version']); // loads the CLI modules, so the timings below are etiq's own
  });
  function fifoWithGuard(dir: string): string {
    const fifo = path.join(dir, 'pipe.ics');
    execFileSync('mkfifo', [fifo]);
    guards.push(spawn(process.execPath, ['-e', GUARD, fifo], { stdio: 'ignore' }));
    return fifo;
  }
  afterEach(() => {
    for (const g of guards.splice(0)) g.kill('SIGKILL');
  });

  it('refuses a FIFO as --calendar at once, exit 2, naming it', async () => {
    const dir = scratch();
    const fifo = fifoWithGuard(dir);
    const t0 = Date.now();
    const r = await run(['agenda', '--calendar', fifo, '--tz', 'UTC', '--from', FROM]);
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(`calendar ${fifo} is a named pipe (FIFO), not an .ics file`);
    expect(r.stdout).toBe('');
  });

  it('refuses a FIFO as --config and as ETIQ_CONFIG at once, exit 2, naming it', async () => {
    const dir = scratch();
    const fifo = fifoWithGuard(dir);
    const cal = writeIcs(dir, 'ok.ics', calendar(event('ok')));
    const t0 = Date.now();
    const r = await run(['agenda', '--config', fifo, '--calendar', cal, '--tz', 'UTC', '--from', FROM]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(`config file ${fifo} is a named pipe (FIFO), not a file`);
    const viaEnv = await run(['agenda', '--calendar', cal, '--tz', 'UTC', '--from', FROM], { env: isolatedEnv(scratch(), { ETIQ_CONFIG: fifo }) });
    expect(viaEnv.code).toBe(2);
    expect(oneLine(viaEnv.stderr)).toContain(`config file ${fifo} is a named pipe (FIFO)`);
    expect(Date.now() - t0).toBeLessThan(4000);
  });

  it('refuses /dev/zero as --calendar or --config without reading it, exit 2', async () => {
    const r = await run(['agenda', '--calendar', '/dev/zero', '--tz', 'UTC', '--from', FROM]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain('calendar /dev/zero is a character device, not an .ics file');
    const c = await run(['agenda', '--config', '/dev/zero', '--calendar', '/dev/zero', '--tz', 'UTC']);
    expect(c.code).toBe(2);
    expect(oneLine(c.stderr)).toContain('config file /dev/zero is a character device, not a file');
  });

  it('refuses a folder as --calendar, exit 2', async () => {
    const dir = scratch();
    const r = await run(['agenda', '--calendar', dir, '--tz', 'UTC', '--from', FROM]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(`calendar ${dir} is a folder, not an .ics file`);
  });

  it('refuses a config file over 1MiB, exit 2', async () => {
    const dir = scratch();
    const big = configWith(dir, `# ${'x'.repeat(100)}\n`.repeat(11_000));
    const r = await run(['agenda', '--config', big, '--calendar', '/nonexistent.ics', '--tz', 'UTC']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(`config file ${big} is larger than 1MiB`);
  });
});

describe('calendar_max_size on local files', () => {
  it('refuses a file over the limit before reading it, exit 2, naming the file and the limit', async () => {
    const dir = scratch();
    const config = configWith(dir, 'calendar_max_size = "1KiB"\n');
    const events = Array.from({ length: 60 }, (_, i) => event(`big-${i}`));
    const file = writeIcs(dir, 'big.ics', calendar(...events));
    expect(fs.statSync(file).size).toBeGreaterThan(5 * KiB);
    const r = await run(['agenda', '--config', config, '--calendar', file, '--tz', 'UTC', '--from', FROM]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(`calendar ${file} is larger than calendar_max_size (1KiB)`);
    // Under the limit, the same config reads a small file.
    const small = writeIcs(dir, 'small.ics', calendar(event('small')));
    const ok = await run(['agenda', '--config', config, '--calendar', small, '--tz', 'UTC', '--from', FROM, '--json']);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as Agenda).events.map((e) => e.uid)).toEqual(['small']);
  });

  it('refuses a file that grew over the limit even when an expansion is cached for it', async () => {
    const dir = scratch();
    const home = scratch();
    const env = isolatedEnv(home);
    const config = configWith(dir, 'calendar_max_size = "1KiB"\n');
    const file = writeIcs(dir, 'grows.ics', calendar(event('first')));
    const first = await run(['agenda', '--config', config, '--calendar', file, '--tz', 'UTC', '--from', FROM], { env });
    expect(first.code).toBe(0);
    writeIcs(dir, 'grows.ics', calendar(...Array.from({ length: 40 }, (_, i) => event(`more-${i}`))));
    const r = await run(['agenda', '--config', config, '--calendar', file, '--tz', 'UTC', '--from', FROM], { env });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain('larger than calendar_max_size (1KiB)');
  });
});

describe('calendar URLs that are too big, not calendars, or many', () => {
  let server: http.Server;
  let base: string;
  const good = `${calendar(event('remote-good')).join('\r\n')}\r\n`;
  const html = '<!DOCTYPE html>\n<html><body>Please sign in</body></html>\n';
  const bomb = zlib.gzipSync(Buffer.alloc(4 * MiB));
  /** What /feed.ics answers: switched by the tests. */
  let feed: 'good' | 'html' | 'endless' | 'down' = 'good';
  let lastIfNoneMatch: string | undefined;
  let endless = { sent: 0, closed: false };
  let active = 0;
  let maxActive = 0;
  let dupHits = 0;

  function serveEndless(req: http.IncomingMessage, res: http.ServerResponse): void {
    endless = { sent: 0, closed: false };
    const chunk = Buffer.from(`${'X'.repeat(63)}\n`.repeat(1024)); // 64 KiB
    res.writeHead(200, { 'content-type': 'text/calendar' });
    res.on('close', () => {
      endless.closed = true;
    });
    // Writes as fast as the client reads, until it hangs up (or 1 GiB, as a backstop).
    const pump = (): void => {
      while (!res.destroyed && endless.sent < 1024 * MiB) {
        endless.sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
  }

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = req.url ?? '';
      if (url === '/feed.ics') {
        lastIfNoneMatch = req.headers['if-none-match'];
        if (feed === 'good') {
          res.writeHead(200, { 'content-type': 'text/calendar', etag: '"v1"' });
          res.end(good);
        } else if (feed === 'html') {
          res.writeHead(200, { 'content-type': 'text/html', etag: '"v2"' });
          res.end(html);
        } else if (feed === 'endless') {
          serveEndless(req, res);
        } else {
          res.writeHead(503);
          res.end();
        }
      } else if (url === '/endless.ics') {
        serveEndless(req, res);
      } else if (url === '/bomb.ics') {
        res.writeHead(200, { 'content-type': 'text/calendar', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
        res.end(bomb);
      } else if (url === '/declared.ics') {
        // Says 10 MiB, sends a little, then waits: the header alone must be enough to refuse.
        res.writeHead(200, { 'content-type': 'text/calendar', 'content-length': String(10 * MiB) });
        res.write('BEGIN:VCALENDAR\r\n');
        const t = setTimeout(() => res.destroy(), 20_000);
        res.on('close', () => clearTimeout(t));
      } else if (url === '/stall.ics') {
        // Answers at once, then never finishes the body.
        res.writeHead(200, { 'content-type': 'text/calendar' });
        res.write('BEGIN:VCALENDAR\r\n');
        const t = setTimeout(() => res.destroy(), 20_000);
        res.on('close', () => clearTimeout(t));
      } else if (url.startsWith('/many/')) {
        active++;
        maxActive = Math.max(maxActive, active);
        const n = /\/many\/(\d+)\.ics/.exec(url)?.[1] ?? 'x';
        setTimeout(() => {
          active--;
          res.writeHead(200, { 'content-type': 'text/calendar' });
          res.end(calendar(event(`many-${n}`)).join('\r\n'));
        }, 200);
      } else if (url === '/dup.ics') {
        dupHits++;
        res.writeHead(200, { 'content-type': 'text/calendar' });
        res.end(calendar(event('dup-remote')).join('\r\n'));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('abandons a body that streams past the limit: exit 1, one sentence, nothing cached', async () => {
    const home = scratch();
    const config = configWith(scratch(), 'calendar_max_size = "1MiB"\n');
    const url = `${base}/endless.ics`;
    const t0 = Date.now();
    const r = await run(['agenda', '--config', config, '--calendar', url, '--tz', 'UTC', '--from', FROM], { env: isolatedEnv(home) });
    const ms = Date.now() - t0;
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toContain(`calendar ${url} is larger than calendar_max_size (1MiB)`);
    expect(httpCacheFiles(home)).toEqual([]);
    // The client hung up: the server stopped well short of its 1 GiB.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(endless.closed).toBe(true);
    expect(endless.sent).toBeLessThan(64 * MiB);
    console.log(`endless body, 1MiB limit: ${ms} ms, server sent ${(endless.sent / MiB).toFixed(1)} MiB before the client hung up`);
  });

  it('counts a gzip body after decompression (a gzip bomb): exit 1, nothing cached', async () => {
    const home = scratch();
    const config = configWith(scratch(), 'calendar_max_size = "1MiB"\n');
    const url = `${base}/bomb.ics`;
    expect(bomb.length).toBeLessThan(64 * KiB);
    const r = await run(['agenda', '--config', config, '--calendar', url, '--tz', 'UTC', '--from', FROM], { env: isolatedEnv(home) });
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toContain(`calendar ${url} is larger than calendar_max_size (1MiB)`);
    expect(httpCacheFiles(home)).toEqual([]);
  });

  it('refuses by Content-Length before the body arrives', async () => {
    const home = scratch();
    const config = configWith(scratch(), 'calendar_max_size = "1MiB"\n');
    const url = `${base}/declared.ics`;
    const t0 = Date.now();
    const r = await run(['agenda', '--config', config, '--calendar', url, '--tz', 'UTC', '--from', FROM], { env: isolatedEnv(home) });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toContain(`calendar ${url} is larger than calendar_max_size (1MiB)`);
    expect(httpCacheFiles(home)).toEqual([]);
  });

  it('gives up on a body that stops arriving, within the timeout', async () => {
    const home = scratch();
    const url = `${base}/stall.ics`;
    const t0 = Date.now();
    const r = await run(['agenda', '--calendar', url, '--tz', 'UTC', '--from', FROM], { env: isolatedEnv(home, { ETIQ_FETCH_TIMEOUT_MS: '300' }) });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toMatch(new RegExp(`could not fetch calendar ${url} \\(no answer within \\d+ s\\) and there is no cached copy`));
    expect(httpCacheFiles(home)).toEqual([]);
  });

  it('uses the last good copy when the URL turns too big, and keeps it', async () => {
    const home = scratch();
    const env = isolatedEnv(home);
    const config = configWith(scratch(), 'calendar_max_size = "1MiB"\n');
    const url = `${base}/feed.ics`;
    feed = 'good';
    const first = await run(['agenda', '--config', config, '--calendar', url, '--tz', 'UTC', '--from', FROM, '--json'], { env });
    expect(first.code).toBe(0);
    const { body, meta } = cachePaths(home, url);
    const metaBefore = fs.readFileSync(meta, 'utf8');
    expect(fs.readFileSync(body, 'utf8')).toBe(good);
    feed = 'endless';
    const r = await run(['agenda', '--config', config, '--calendar', url, '--tz', 'UTC', '--from', FROM, '--json'], { env });
    feed = 'good';
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Agenda;
    expect(a.events.map((e) => e.uid)).toEqual(['remote-good']);
    expect(a.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(new RegExp(`^could not fetch ${url} \\(larger than calendar_max_size, 1MiB\\); using the cached copy fetched \\d{4}-`)),
    ]);
    expect(fs.readFileSync(body, 'utf8')).toBe(good);
    expect(fs.readFileSync(meta, 'utf8')).toBe(metaBefore);
  });

  it('keeps the last good copy when the URL answers 200 with an HTML page, with a warning', async () => {
    const home = scratch();
    const env = isolatedEnv(home);
    const url = `${base}/feed.ics`;
    feed = 'good';
    const first = await run(['agenda', '--calendar', url, '--tz', 'UTC', '--from', FROM], { env });
    expect(first.code).toBe(0);
    const { body, meta } = cachePaths(home, url);
    const metaBefore = fs.readFileSync(meta, 'utf8');
    expect(JSON.parse(metaBefore)).toMatchObject({ etag: '"v1"' });

    feed = 'html';
    const human = await run(['agenda', '--calendar', url, '--tz', 'UTC', '--from', FROM], { env });
    expect(lastIfNoneMatch).toBe('"v1"');
    expect(human.code).toBe(0);
    expect(oneLine(human.stderr)).toMatch(
      new RegExp(`${url} answered with something that is not a calendar \\(not an iCalendar file .*\\); using the cached copy fetched \\d{4}-`),
    );
    expect(human.stdout).toContain('remote-good');
    // The HTML page was not cached, and the ETag of the good copy stands.
    expect(fs.readFileSync(body, 'utf8')).toBe(good);
    expect(fs.readFileSync(meta, 'utf8')).toBe(metaBefore);

    // A second run does the same (the expansion cache does not change the outcome).
    const again = await run(['agenda', '--calendar', url, '--tz', 'UTC', '--from', FROM, '--json'], { env });
    feed = 'good';
    expect(again.code).toBe(0);
    const a = JSON.parse(again.stdout) as Agenda;
    expect(a.events.map((e) => e.uid)).toEqual(['remote-good']);
    expect(a.warnings.map((w) => w.message)).toEqual([expect.stringContaining('answered with something that is not a calendar')]);
    expect(fs.readFileSync(body, 'utf8')).toBe(good);
  });

  it('without a cached copy, an HTML page answered with 200 fails the source and caches nothing', async () => {
    const home = scratch();
    const url = `${base}/feed.ics`;
    feed = 'html';
    const r = await run(['agenda', '--calendar', url, '--tz', 'UTC', '--from', FROM], { env: isolatedEnv(home) });
    feed = 'good';
    expect(r.code).toBe(1); // the server's fault, not the user's input
    expect(oneLine(r.stderr)).toContain(`calendar ${url} cannot be read: not an iCalendar file`);
    expect(httpCacheFiles(home)).toEqual([]);
  });

  it('ignores and deletes a cached copy over the limit (left by an older version)', async () => {
    const home = scratch();
    const config = configWith(scratch(), 'calendar_max_size = "1KiB"\n');
    const url = `${base}/feed.ics`;
    const { body, meta } = cachePaths(home, url);
    fs.mkdirSync(path.dirname(body), { recursive: true });
    fs.writeFileSync(body, calendar(...Array.from({ length: 40 }, (_, i) => event(`old-${i}`))).join('\r\n'));
    fs.writeFileSync(meta, JSON.stringify({ url, fetchedAt: '2026-01-01T00:00:00.000Z', etag: '"old"', lastModified: null }));
    feed = 'down';
    const r = await run(['agenda', '--config', config, '--calendar', url, '--tz', 'UTC', '--from', FROM], { env: isolatedEnv(home) });
    feed = 'good';
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toContain(`could not fetch calendar ${url} (the server answered HTTP 503 Service Unavailable) and there is no cached copy`);
    expect(lastIfNoneMatch).toBeUndefined(); // the copy was not offered for revalidation
    expect(fs.existsSync(body)).toBe(false);
    expect(fs.existsSync(meta)).toBe(false);
  });

  it('fetches at most 8 URLs at a time', async () => {
    active = 0;
    maxActive = 0;
    const urls = Array.from({ length: 10 }, (_, i) => `${base}/many/${i}.ics`);
    const r = await run(['agenda', ...urls.flatMap((u) => ['--calendar', u]), '--tz', 'UTC', '--from', FROM, '--json'], { env: isolatedEnv(scratch()) });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Agenda).events).toHaveLength(10);
    expect(maxActive).toBeLessThanOrEqual(8);
    expect(maxActive).toBeGreaterThan(1);
  });

  it('reads the same calendar listed twice once, with one warning naming it', async () => {
    const dir = scratch();
    const file = writeIcs(dir, 'twice.ics', calendar(event('local-twice')));
    const link = path.join(dir, 'link.ics');
    fs.symlinkSync(file, link);
    const url = `${base}/dup.ics`;
    dupHits = 0;
    const r = await run(
      ['agenda', '--calendar', 'twice.ics', '--calendar', url, '--calendar', './twice.ics', '--calendar', link, '--calendar', url, '--tz', 'UTC', '--from', FROM, '--json'],
      { env: isolatedEnv(scratch()), cwd: dir },
    );
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Agenda;
    expect(a.events.map((e) => e.uid).sort()).toEqual(['dup-remote', 'local-twice']);
    expect(dupHits).toBe(1);
    expect(a.warnings.map((w) => w.message)).toEqual([
      `calendar ${file} is listed twice; it is read once`,
      `calendar ${url} is listed twice; it is read once`,
    ]);
    const human = await run(['agenda', '--calendar', file, '--calendar', file, '--tz', 'UTC', '--from', FROM], { env: isolatedEnv(scratch()) });
    expect(human.code).toBe(0);
    expect(oneLine(human.stderr)).toContain(`calendar ${file} is listed twice; it is read once`);
  });

  it('a missing calendar listed twice is one failure, and no empty agenda is printed', async () => {
    const missing = path.join(scratch(), 'gone.ics');
    const r = await run(['agenda', '--calendar', missing, '--calendar', missing, '--tz', 'UTC', '--from', FROM], { env: isolatedEnv(scratch()) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`calendar file ${missing} does not exist`);
  });
});
