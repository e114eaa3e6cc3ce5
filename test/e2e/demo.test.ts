/**
 * `npm run demo` (scripts/demo.js, issue 12) end to end, and the staleness check it runs
 * first (scripts/build-if-stale.js).
 *
 * The demo is spawned as `node scripts/demo.js --no-build`: after the suite's build the
 * check must find dist/ up to date (it then says nothing on stderr); --no-build makes sure
 * a stale build is only reported, never rebuilt under the feet of the other tests, which
 * run the same dist/bundle/ in parallel.
 *
 * What a reader must see, worked out by hand from fixtures/sample/ (Dana, America/New_York;
 * hours Mon-Thu 09:00-12:00, 13:00-17:00, Fri 09:00-13:00; slots of 30 min on a 30-min grid,
 * buffer 10 min, horizon 14 days, at most 4 busy events a day; grace 10 min) and the
 * follow-up defaults (notice: the next working day; the client's day 08:00-18:00
 * Mon-Fri in their zone; three slots, one per day first, the client's mornings first):
 *
 * - "Acme Corp — weekly check-in" (Priya Nair) is 15:00Z weekly from Tue 10 Feb, in a
 *   calendar with X-WR-TIMEZONE America/New_York, so 10:00-10:30 New York every Tuesday,
 *   also after the US change to summer time on Sun 8 Mar.
 * - Priya is set to Europe/London. The UK changes on 29 Mar, so until then London is
 *   4 hours ahead of New York (not 5): the missed call, Tue 10 Mar 10:00 New York, is 14:00
 *   in London, and her working day, 08:00-18:00 London, is 04:00-14:00 New York.
 * - The noshow at Tue 10 Mar 10:15 offers from Wed 11 Mar 09:00 (the next working day),
 *   never on the 10th, before Tue 24 Mar 10:15 (14 days), inside 09:00-12:00 or 13:00-14:00
 *   New York (both working days), with 10 min free around each slot:
 *   - Wed 11: all-hands 09:00-10:00, stand-up moved to 10:15-10:30, lunch 12:00-13:00 (the
 *     vendor webinar is declined: not busy). 09:00-10:30 clash (buffers included); the first
 *     free start is 11:00 = 15:00 London.
 *   - Thu 12: stand-up, Globex kickoff (15:00 London = 11:00 New York), lunch, dentist:
 *     4 busy events, the daily cap. Fri 13: day off. Mon 16: office closed.
 *   - Tue 17: stand-up 09:30-09:45, Acme 10:00-10:30, lunch: 09:00-10:30 clash; first free
 *     11:00 = 15:00 London.
 *   - Wed 18: stand-up 09:30-09:45, lunch: 09:00 and 09:30 clash; first free 10:00 = 14:00
 *     London.
 *   Every New York slot inside both days is a London afternoon, so the spread takes the
 *   first free slot of the first three days: Wed 11 11:00, Tue 17 11:00, Wed 18 10:00.
 * - It is her second miss in 90 days (3 Mar, 10 Mar): the draft is noshow-repeat.
 * - "can we meet now?" at 10:40 is a time today: declined (decline-now), the same three
 *   times offered again (nothing else took them).
 * - The report at Tue 10 Mar 11:00, 90 days back: Priya has 3 meetings with an outcome
 *   (24 Feb attended, 3 and 10 Mar no-shows): show rate 1/3 = 33 %, 2 no-shows, 1 h lost
 *   (two 30-min calls), 2 misses: repeat-offender. Score: weights 0.5^(age/45 d) from the
 *   end of the window, 24 Feb (14.04 d) 0.8054 shown; 3 Mar (7.04 d) 0.8972 and 10 Mar
 *   (0.04 d) 0.9994 missed: 100 x 4.8054 / 7.7020 = 62.4 -> 62.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, spawnNode, tempDirsRemovedAfterAll, type RunResult } from './helpers.js';

const demoScript = path.join(repoRoot, 'scripts', 'demo.js');

/** The temporary folders this file makes, removed at the end. */
const temp = tempDirsRemovedAfterAll();

/** Every file and folder under dir, relative. */
function listAll(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

/** The text between heading `n.` and the next heading (or the end). */
function step(stdout: string, n: number): string {
  const start = stdout.search(new RegExp(`^${n}\\. `, 'm'));
  if (start < 0) throw new Error(`no step ${n} in the demo's output`);
  const rest = stdout.slice(start);
  const next = rest.slice(1).search(/^\d+\. /m);
  return next < 0 ? rest : rest.slice(0, next + 1);
}

/** The lines of a draft's offer: `Wed 11 Mar, 15:00–15:30 (London) / ...`. */
function slotLines(text: string): string[] {
  return text.split('\n').filter((l) => /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}, \d\d:\d\d–\d\d:\d\d /.test(l));
}

const OFFER = [
  'Wed 11 Mar, 15:00–15:30 (London) / 11:00–11:30 (New York)',
  'Tue 17 Mar, 15:00–15:30 (London) / 11:00–11:30 (New York)',
  'Wed 18 Mar, 14:00–14:30 (London) / 10:00–10:30 (New York)',
];

describe('npm run demo', () => {
  let run: RunResult;
  let home: string;
  let tmp: string;
  let user: string;

  beforeAll(async () => {
    home = temp('etiq-demo-test-home-');
    tmp = temp('etiq-demo-test-tmpdir-');
    // The user's own etiq settings, which the demo must neither use nor touch: a config
    // that would stop any command (a misspelt key), a database and a cache folder.
    user = temp('etiq-demo-test-user-');
    fs.writeFileSync(path.join(user, 'config.toml'), 'timzone = "Europe/Paris"\ncalendars = ["nowhere.ics"]\n');
    run = await spawnNode([demoScript, '--no-build'], { env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      TMPDIR: tmp,
      // The system zone is not New York: the demo's times must not depend on it.
      TZ: 'Asia/Tokyo',
      NO_COLOR: '1',
      ETIQ_CONFIG: path.join(user, 'config.toml'),
      ETIQ_DB: path.join(user, 'etiq.db'),
      ETIQ_CACHE_DIR: path.join(user, 'cache'),
      ETIQ_NOW: '',
    } });
  }, 60_000);

  it('runs every step, builds nothing and finds the build up to date', () => {
    expect(run.stderr, 'stderr should be empty: a warning here means dist/ is stale (run npm run build)').toBe('');
    expect(run.code).toBe(0);
    for (let n = 1; n <= 7; n++) expect(run.stdout).toMatch(new RegExp(`^${n}\\. [^\\n]*: etiq [a-z]`, 'm'));
    expect(run.stdout).not.toMatch(/^8\. /m);
    // Two screens at most.
    expect(run.stdout.split('\n').length).toBeLessThanOrEqual(100);
  });

  it('shows each command as a user types it', () => {
    expect(run.stdout).toContain('etiq noshow --last --now 2026-03-10T10:15\n');
    expect(run.stdout).toContain('etiq clients set priya@acme.example --tz Europe/London');
    expect(run.stdout).toContain('etiq reply --client priya@acme.example --proposed now --now 2026-03-10T10:40\n');
    expect(run.stdout).toContain('etiq report --now 2026-03-10T11:00\n');
    expect(run.stdout).toContain('--config fixtures/sample/config.toml');
  });

  it('records the missed call and drafts the follow-up with three times in both zones', () => {
    const noshow = step(run.stdout, 5);
    // One sentence, word-wrapped at 80 columns.
    expect(noshow).toContain('Recorded: Priya Nair <priya@acme.example> did not show (you waited 10 min):\n  "Acme Corp — weekly check-in", Tue 10 Mar 2026 10:00');
    expect(noshow).toContain('Draft (noshow-repeat');
    expect(noshow).toContain('To: Priya Nair <priya@acme.example>');
    expect(noshow).toContain('Tuesday 10 March at 14:00 (London)');
    expect(slotLines(noshow)).toEqual(OFFER);
    // The earlier miss is recorded without a draft.
    const earlier = step(run.stdout, 3);
    expect(earlier).toContain('did not show (you waited 10 min):\n  "Acme Corp — weekly check-in", Tue 3 Mar 2026 10:00');
    expect(earlier).not.toContain('Draft');
  });

  it('declines "now" politely and offers the times again', () => {
    const reply = step(run.stdout, 6);
    expect(reply).toMatch(/^Not accepted: Priya Nair <priya@acme\.example> proposed "now"/m);
    expect(reply).not.toMatch(/^Accepted/m);
    expect(reply).toContain('Draft (decline-now');
    expect(reply).toContain('Thank you for suggesting we meet today. My day is already committed');
    expect(slotLines(reply)).toEqual(OFFER);
  });

  it('reports Priya as a repeat offender', () => {
    const report = step(run.stdout, 7);
    expect(report).toContain('Report Wed 10 Dec 2025 11:00 – Tue 10 Mar 2026 11:00 (America/New_York)');
    expect(report).toContain('1 client · 1 repeat offender');
    expect(report).toMatch(/^ {2}Priya Nair +3 +33% +2 +0 +0 +0 +0 +1h +62$/m);
    expect(report).toMatch(/^ +\S+ +repeat-offender · /m);
  });

  it('leaves nothing behind and never touches the user’s config, data or cache', () => {
    const db = /--db (\S+etiq\.db)/.exec(run.stdout)?.[1];
    expect(db).toBeDefined();
    expect(path.dirname(db!).startsWith(tmp)).toBe(true);
    expect(fs.existsSync(path.dirname(db!))).toBe(false);
    expect(listAll(tmp)).toEqual([]);
    expect(listAll(home)).toEqual([]);
    expect(listAll(user)).toEqual(['config.toml']);
  });
});

interface Layout {
  inputs: string[];
  bundle: string;
  compiled: string;
  stamp: string;
}
interface Check {
  fresh: boolean;
  reason: string;
  hash: string;
  by?: 'stamp' | 'mtime';
}
interface StaleApi {
  LAYOUT: Layout;
  checkBuild(root: string, layout?: Layout): Check;
  writeStamp(root: string, layout?: Layout, hash?: string): void;
  buildIfStale(opts: { root: string; force?: boolean; build?: (root: string) => boolean; log?: (why: string) => void }): { built: boolean; fresh: boolean; ok: boolean; reason: string };
}

describe('the staleness check (scripts/build-if-stale.js)', () => {
  let api: StaleApi;
  beforeAll(async () => {
    api = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'build-if-stale.js')).href)) as StaleApi;
  });

  /** A fake project: inputs, and a build that writes tsc's output, then the bundle. */
  function project(): { root: string; build: (root: string) => boolean; builds: () => number } {
    const root = temp('etiq-stale-test-');
    fs.mkdirSync(path.join(root, 'src', 'cli'), { recursive: true });
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.writeFileSync(path.join(root, 'src', 'cli', 'main.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(root, 'scripts', 'bundle.js'), '// bundle\n');
    fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}\n');
    fs.writeFileSync(path.join(root, 'package-lock.json'), '{}\n');
    let n = 0;
    const build = (r: string) => {
      n++;
      fs.mkdirSync(path.join(r, 'dist', 'cli'), { recursive: true });
      fs.writeFileSync(path.join(r, 'dist', 'cli', 'main.js'), `// build ${n}\n`);
      fs.mkdirSync(path.join(r, 'dist', 'bundle'), { recursive: true });
      fs.writeFileSync(path.join(r, 'dist', 'bundle', 'main.cjs'), `// bundle ${n}\n`);
      return true;
    };
    return { root, build, builds: () => n };
  }

  /** Sets a file's mtime (seconds ago from now; negative: in the future). */
  function age(file: string, secondsAgo: number): void {
    const t = new Date(Date.now() - secondsAgo * 1000);
    fs.utimesSync(file, t, t);
  }

  it('is stale before the first build, fresh after it, and builds only once', () => {
    const p = project();
    expect(api.checkBuild(p.root)).toMatchObject({ fresh: false });
    const logged: string[] = [];
    const first = api.buildIfStale({ root: p.root, build: p.build, log: (l) => logged.push(l) });
    expect(first).toMatchObject({ built: true, ok: true });
    expect(logged).toEqual(['dist/bundle/main.cjs does not exist (not built yet)']);
    expect(fs.existsSync(path.join(p.root, 'dist', '.build-stamp'))).toBe(true);
    expect(api.checkBuild(p.root)).toMatchObject({ fresh: true, by: 'stamp' });
    expect(api.buildIfStale({ root: p.root, build: p.build, log: (l) => logged.push(l) })).toMatchObject({ built: false, fresh: true });
    expect(p.builds()).toBe(1);
    expect(logged).toHaveLength(1);
  });

  it('is stale when an input changes, is added or is removed; a touch alone changes nothing', () => {
    const p = project();
    api.buildIfStale({ root: p.root, build: p.build, log: () => {} });
    const main = path.join(p.root, 'src', 'cli', 'main.ts');

    age(main, -5); // touched: newer than the build, same content
    expect(api.checkBuild(p.root)).toMatchObject({ fresh: true, by: 'stamp' });

    fs.writeFileSync(main, 'export const a = 2;\n');
    expect(api.checkBuild(p.root).fresh).toBe(false);
    fs.writeFileSync(main, 'export const a = 1;\n');
    expect(api.checkBuild(p.root).fresh).toBe(true);

    const added = path.join(p.root, 'src', 'cli', 'new.ts');
    fs.writeFileSync(added, 'export {};\n');
    expect(api.checkBuild(p.root).fresh).toBe(false);
    fs.rmSync(added);
    expect(api.checkBuild(p.root).fresh).toBe(true);

    // Changed content with an old time (cp -p, tar, an edit while the build ran): the
    // stamp describes this bundle, so its hash decides.
    fs.writeFileSync(main, 'export const a = 3;\n');
    age(main, 3600);
    expect(api.checkBuild(p.root)).toMatchObject({ fresh: false, reason: 'the sources changed since the last build' });
    fs.writeFileSync(main, 'export const a = 1;\n');
    expect(api.checkBuild(p.root).fresh).toBe(true);

    fs.writeFileSync(path.join(p.root, 'package-lock.json'), '{"lockfileVersion": 3}\n');
    expect(api.checkBuild(p.root).fresh).toBe(false);
    expect(api.buildIfStale({ root: p.root, build: p.build, log: () => {} })).toMatchObject({ built: true });
    expect(api.checkBuild(p.root)).toMatchObject({ fresh: true, by: 'stamp' });
    expect(p.builds()).toBe(2);
  });

  it('without a stamp, goes by the times: a plain `npm run build` after the last edit is fresh, and is adopted', () => {
    const p = project();
    for (const f of ['src/cli/main.ts', 'src/cli', 'src', 'scripts/bundle.js', 'tsconfig.json', 'package-lock.json']) age(path.join(p.root, f), 60);
    p.build(p.root); // a build that writes no stamp
    expect(api.checkBuild(p.root)).toMatchObject({ fresh: true, by: 'mtime' });
    expect(api.buildIfStale({ root: p.root, build: p.build, log: () => {} })).toMatchObject({ built: false, fresh: true });
    expect(api.checkBuild(p.root)).toMatchObject({ fresh: true, by: 'stamp' });
    expect(p.builds()).toBe(1);

    // A source edited after that build: stale (no stamp matches, and it is newer).
    fs.rmSync(path.join(p.root, 'dist', '.build-stamp'));
    age(path.join(p.root, 'src', 'cli', 'main.ts'), -5);
    expect(api.checkBuild(p.root).fresh).toBe(false);
  });

  it('is stale when the bundle is missing, or older than tsc’s output (a build that stopped halfway)', () => {
    const p = project();
    api.buildIfStale({ root: p.root, build: p.build, log: () => {} });
    const bundle = path.join(p.root, 'dist', 'bundle', 'main.cjs');
    age(bundle, 30); // the stamp no longer describes this bundle, and tsc wrote after it
    expect(api.checkBuild(p.root).fresh).toBe(false);
    fs.rmSync(path.join(p.root, 'dist', 'bundle'), { recursive: true });
    expect(api.checkBuild(p.root)).toMatchObject({ fresh: false });
    expect(api.checkBuild(p.root).reason).toMatch(/does not exist/);
  });

  it('writes no stamp when the build fails', () => {
    const p = project();
    const r = api.buildIfStale({ root: p.root, build: () => false, log: () => {} });
    expect(r).toMatchObject({ ok: false, built: false });
    expect(fs.existsSync(path.join(p.root, 'dist', '.build-stamp'))).toBe(false);
  });
});
