/**
 * Issue 12, "Output": colour, the progress line, 80 columns — for every command, in-process
 * on the bundled sample (fixtures/sample, `--now` in the week of 9 March 2026, a temp --db).
 *
 * - Colour: escape codes only at a terminal with colour allowed; never with NO_COLOR (any
 *   non-empty value), --no-color, or when the output is not a terminal. FORCE_COLOR forces
 *   colour (also into a pipe) unless NO_COLOR or --no-color says otherwise.
 * - Progress: a line on stderr while calendars are fetched or a large one is read, only at
 *   a terminal and never with --json; erased before anything else and at the end.
 * - 80 columns: no line of human output is wider, except those deliberately so, listed in
 *   KNOWN_WIDE (a draft's paragraphs, a path too long for any line).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASE_LINE } from '../../src/cli/output.js';
import { colourLevel } from '../../src/cli/style.js';
import { calendar, fixtures, isolatedEnv, repoRoot, runEtiq, tempDir, vevent, writeIcs, type RunResult } from './helpers.js';

const sample = path.join(fixtures, 'sample', 'config.toml');
const NOW = '2026-03-09T08:00:00';
const ESC = '\u001b';

const dirs: string[] = [];
function scratch(): string {
  const d = tempDir('etiq-output-');
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** An isolated env at a colour terminal (TERM=xterm-256color), NO_COLOR unset unless given. */
function terminalEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = isolatedEnv(undefined, { TERM: 'xterm-256color', ...extra });
  if (!('NO_COLOR' in extra)) delete env['NO_COLOR'];
  return env;
}

/** A database with one recorded no-show (Priya, Acme, Tue 10 Mar 10:00) and its open offer. */
async function seededDb(): Promise<string> {
  const db = path.join(scratch(), 'etiq.db');
  const r = await runEtiq(['noshow', '--config', sample, '--db', db, '--now', '2026-03-10T10:15', '--last', '--waited', '10', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return db;
}

interface Case {
  name: string;
  /** The command line, given a database (fresh, or seeded when `seeded`) and a scratch folder. */
  args: (db: string, dir: string) => string[];
  seeded?: boolean;
  /** Whether its human output uses colour at all (at a colour terminal, escape codes must appear). */
  colours: boolean;
}

const base = (db: string) => ['--config', sample, '--db', db];
const AFTER = '2026-03-10T11:00';

const CASES: Case[] = [
  { name: 'agenda', args: () => ['agenda', '--config', sample, '--now', NOW, '--days', '7'], colours: true },
  { name: 'slots', args: () => ['slots', '--config', sample, '--now', NOW], colours: true },
  { name: 'slots --offer --for-tz', args: () => ['slots', '--config', sample, '--now', NOW, '--offer', '4', '--for-tz', 'Europe/London'], colours: true },
  { name: 'noshow', args: (db) => ['noshow', ...base(db), '--now', '2026-03-10T10:15', '--last', '--waited', '10'], colours: true },
  { name: 'log', args: (db) => ['log', 'cancelled', ...base(db), '--now', '2026-03-12T09:00', '--at', '2026-03-12T11:00'], colours: true },
  { name: 'history', args: (db) => ['history', ...base(db), '--now', AFTER], seeded: true, colours: true },
  { name: 'clients', args: (db) => ['clients', ...base(db), '--now', AFTER], seeded: true, colours: true },
  { name: 'clients set', args: (db) => ['clients', 'set', 'priya@acme.example', '--name', 'Priya N', ...base(db), '--now', AFTER], seeded: true, colours: true },
  { name: 'offers', args: (db) => ['offers', ...base(db), '--now', AFTER], seeded: true, colours: true },
  { name: 'offers cancel', args: (db) => ['offers', 'cancel', '1', ...base(db), '--now', AFTER], seeded: true, colours: true },
  { name: 'reply', args: (db) => ['reply', ...base(db), '--now', AFTER, '--client', 'priya@acme.example', '--proposed', 'Wed 11:00'], seeded: true, colours: true },
  { name: 'report', args: (db) => ['report', ...base(db), '--now', AFTER], seeded: true, colours: true },
  { name: 'report --client', args: (db) => ['report', ...base(db), '--now', AFTER, '--client', 'priya@acme.example'], seeded: true, colours: true },
  { name: 'templates', args: () => ['templates', '--config', sample], colours: true },
  { name: 'templates show', args: () => ['templates', 'show', 'noshow', '--config', sample], colours: false },
  { name: 'doctor', args: (db) => ['doctor', ...base(db), '--now', AFTER], seeded: true, colours: true },
  {
    name: 'init',
    args: (_db, dir) => ['init', '--no-input', '--config', path.join(dir, 'new.toml'), '--email', 'dana@example.com', '--tz', 'America/New_York', '--calendar', path.join(fixtures, 'sample', 'work.ics'), '--now', AFTER],
    colours: false,
  },
];

async function run(c: Case, extraArgs: string[], opts: { env: NodeJS.ProcessEnv; tty: boolean }): Promise<RunResult> {
  const dir = scratch();
  const db = c.seeded ? await seededDb() : path.join(dir, 'etiq.db');
  const r = await runEtiq([...c.args(db, dir), ...extraArgs], { ...opts, cwd: repoRoot });
  expect(r.code, `${c.name}: ${r.stderr}`).toBe(0);
  return r;
}

describe('colour follows NO_COLOR, --no-color and whether the output is a terminal', () => {
  for (const c of CASES) {
    it(`etiq ${c.name}`, async () => {
      const coloured = await run(c, [], { env: terminalEnv(), tty: true });
      if (c.colours) expect(coloured.stdout, 'colour at a terminal').toContain(`${ESC}[`);
      // Nothing but colour (SGR) sequences, even when colour is on.
      expect(coloured.stdout.replace(/\u001b\[[0-9;]*m/g, '')).not.toContain(ESC);
      expect(coloured.stderr.replace(/\u001b\[[0-9;]*m/g, '')).not.toContain(ESC);

      const plainText = coloured.stdout.replace(/\u001b\[[0-9;]*m/g, '');
      for (const [why, extra, opts] of [
        ['NO_COLOR=1', [], { env: terminalEnv({ NO_COLOR: '1' }), tty: true }],
        ['--no-color', ['--no-color'], { env: terminalEnv(), tty: true }],
        ['not a terminal', [], { env: terminalEnv(), tty: false }],
      ] as const) {
        const r = await run(c, [...extra], opts);
        expect(r.stdout, why).not.toContain(ESC);
        expect(r.stderr, why).not.toContain(ESC);
        // The same text, without its colour (the database paths differ from run to run).
        if (c.name !== 'doctor' && c.name !== 'init') expect(r.stdout, why).toBe(plainText);
      }
    });
  }

  it('FORCE_COLOR forces colour, into a pipe too; NO_COLOR and --no-color win over it; FORCE_COLOR=0 turns it off', async () => {
    const agenda = ['agenda', '--config', sample, '--now', NOW];
    expect((await runEtiq(agenda, { env: terminalEnv({ FORCE_COLOR: '1' }) })).stdout).toContain(`${ESC}[`);
    expect((await runEtiq(agenda, { env: terminalEnv({ FORCE_COLOR: '' }) })).stdout).toContain(`${ESC}[`);
    expect((await runEtiq(agenda, { env: terminalEnv({ FORCE_COLOR: '1', NO_COLOR: 'yes' }), tty: true })).stdout).not.toContain(ESC);
    expect((await runEtiq([...agenda, '--no-color'], { env: terminalEnv({ FORCE_COLOR: '3' }) })).stdout).not.toContain(ESC);
    expect((await runEtiq(agenda, { env: terminalEnv({ FORCE_COLOR: '0' }), tty: true })).stdout).not.toContain(ESC);
    expect((await runEtiq(agenda, { env: terminalEnv({ FORCE_COLOR: 'false' }), tty: true })).stdout).not.toContain(ESC);
  });

  it('--no-color before a command, alone, and after `completion SHELL` (whose script has no colour)', async () => {
    const alone = await runEtiq([], { env: terminalEnv(), tty: true });
    const noColor = await runEtiq(['--no-color'], { env: terminalEnv(), tty: true });
    expect(noColor.code, noColor.stderr).toBe(0);
    expect(noColor.stdout).toBe(alone.stdout);
    const agenda = ['agenda', '--config', sample, '--now', NOW];
    const before = await runEtiq(['--no-color', ...agenda], { env: terminalEnv(), tty: true });
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).not.toContain(ESC);
    expect(before.stdout).toBe((await runEtiq([...agenda, '--no-color'], { env: terminalEnv(), tty: true })).stdout);
    const script = await runEtiq(['completion', 'bash'], { env: terminalEnv(), tty: true });
    const scriptNoColor = await runEtiq(['completion', 'bash', '--no-color'], { env: terminalEnv(), tty: true });
    expect(scriptNoColor.code, scriptNoColor.stderr).toBe(0);
    expect(scriptNoColor.stdout).toBe(script.stdout);
  });

  it('NO_COLOR set but empty does not turn colour off (no-color.org); TERM=dumb or no TERM at all does', async () => {
    const agenda = ['agenda', '--config', sample, '--now', NOW];
    expect((await runEtiq(agenda, { env: terminalEnv({ NO_COLOR: '' }), tty: true })).stdout).toContain(`${ESC}[`);
    expect((await runEtiq(agenda, { env: terminalEnv({ TERM: 'dumb' }), tty: true })).stdout).not.toContain(ESC);
    const noTerm = terminalEnv();
    delete noTerm['TERM'];
    expect((await runEtiq(agenda, { env: noTerm, tty: true })).stdout).not.toContain(ESC);
  });

  it('each stream by itself: stdout piped, stderr a terminal (and the other way round)', async () => {
    const dir = scratch();
    const args = ['agenda', '--config', sample, '--now', NOW, '--calendar', path.join(dir, 'missing.ics'), '--calendar', path.join(fixtures, 'sample', 'work.ics')];
    const errTty = await runSplit(args, { stdoutTTY: false, stderrTTY: true, env: terminalEnv() });
    expect(errTty.code).toBe(2);
    expect(errTty.stdout).toContain('Team stand-up');
    expect(errTty.stdout).not.toContain(ESC);
    expect(errTty.stderr).toMatch(/\u001b\[31metiq:\u001b\[39m .*missing\.ics/);
    const outTty = await runSplit(args, { stdoutTTY: true, stderrTTY: false, env: terminalEnv() });
    expect(outTty.stdout).toContain(`${ESC}[`);
    expect(outTty.stderr).toContain('missing.ics');
    expect(outTty.stderr).not.toContain(ESC);
  });

  it('colourLevel: the rules, as documented in src/cli/style.ts', () => {
    const tty = true;
    expect(colourLevel({}, { TERM: 'xterm-256color' }, tty, 'linux')).toBe(2);
    expect(colourLevel({}, { TERM: 'xterm' }, tty, 'linux')).toBe(1);
    expect(colourLevel({}, { TERM: 'xterm', COLORTERM: 'truecolor' }, tty, 'linux')).toBe(3);
    expect(colourLevel({}, {}, tty, 'linux')).toBe(0);
    expect(colourLevel({}, {}, tty, 'win32')).toBe(3);
    expect(colourLevel({}, { TERM: 'xterm-256color' }, false, 'linux')).toBe(0);
    expect(colourLevel({ color: false }, { TERM: 'xterm-256color', FORCE_COLOR: '3' }, tty, 'linux')).toBe(0);
    expect(colourLevel({}, { TERM: 'xterm-256color', NO_COLOR: '0' }, tty, 'linux')).toBe(0); // any non-empty value
    expect(colourLevel({}, { FORCE_COLOR: '2' }, false, 'linux')).toBe(2);
    expect(colourLevel({}, { FORCE_COLOR: 'true' }, false, 'linux')).toBe(1);
    expect(colourLevel({}, { FORCE_COLOR: 'always' }, false, 'linux')).toBe(1);
    expect(colourLevel({}, { FORCE_COLOR: '9' }, false, 'linux')).toBe(3);
    expect(colourLevel({}, { FORCE_COLOR: '1', TERM: 'xterm-256color' }, tty, 'linux')).toBe(2);
    expect(colourLevel({}, { FORCE_COLOR: '1', TERM: 'dumb' }, tty, 'linux')).toBe(1);
    expect(colourLevel({}, { CI: 'true', TERM: 'xterm' }, tty, 'linux')).toBe(0);
    expect(colourLevel({}, { CI: 'true', GITHUB_ACTIONS: 'true' }, tty, 'linux')).toBe(3);
  });
});

/** Runs etiq in-process with stdout and stderr each a terminal or not. */
async function runSplit(args: string[], opts: { stdoutTTY: boolean; stderrTTY: boolean; env: NodeJS.ProcessEnv }): Promise<RunResult> {
  const { main } = await import('../../src/cli/main.js');
  const capture = (isTTY: boolean) => {
    const sink = {
      isTTY,
      text: '',
      write(chunk: string | Uint8Array): boolean {
        sink.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return true;
      },
    };
    return sink;
  };
  const stdout = capture(opts.stdoutTTY);
  const stderr = capture(opts.stderrTTY);
  const code = await main(['node', 'etiq', ...args], {
    stdout: stdout as unknown as NodeJS.WritableStream,
    stderr: stderr as unknown as NodeJS.WritableStream,
    stdinIsTTY: false,
    env: opts.env,
    cwd: repoRoot,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

// ---------------------------------------------------------------------------------------
// 80 columns

/**
 * Lines deliberately wider than 80 columns; anything else too wide fails. Each entry
 * exempts the lines of that case matching the pattern:
 * - the email paragraphs of a draft or a template: one paragraph a line, as the email
 *   carries it (a copied draft must not get hard line breaks);
 * - a path (or a command holding one) that a user copies: never broken, it starts a line
 *   of its own when it does not fit, and that line is wider only when the path alone is
 *   longer than the line (a deep checkout or temp folder; not on the sample here).
 */
const DRAFT = 'the draft body (core/draft): a paragraph per line, as the email carries it; never wrapped';
const KNOWN_WIDE: Record<string, { pattern: RegExp; where: string }[]> = {
  noshow: [{ pattern: /^We did not manage to connect/, where: DRAFT }],
  log: [{ pattern: /^Thank you for letting me know/, where: DRAFT }],
  reply: [{ pattern: /^Thank you: /, where: DRAFT }],
  'templates show': [{ pattern: /^(We did not manage to connect|I will keep these times free)/, where: 'the template text (core/draft/builtin.ts): a paragraph per line, as the email will carry it' }],
  doctor: [{ pattern: /^ {17}\/\S*$/, where: 'cli/commands/doctor-run.ts: a path longer than the line, on a line of its own, whole' }],
  templates: [{ pattern: /^ {2}\/\S*$/, where: 'cli/commands/templates-run.ts: the folder path, longer than the line, on a line of its own, whole' }],
  init: [
    { pattern: /^ {2}\/\S*$/, where: 'cli/commands/init-run.ts: a path longer than the line, on a line of its own, whole' },
    { pattern: /^ {2}etiq (agenda|doctor) --config \S+$/, where: 'cli/commands/init-run.ts: the next command with the config path, to copy, whole' },
  ],
};

function wideLines(text: string): { line: string; width: number }[] {
  return text
    .split('\n')
    .map((line) => ({ line, width: stringWidth(line) }))
    .filter((l) => l.width > 80);
}

describe('human output fits 80 columns', () => {
  const WIDTH_CASES = CASES.filter((c) => c.name !== 'slots --offer --for-tz' && c.name !== 'clients set' && c.name !== 'offers cancel');
  for (const c of WIDTH_CASES) {
    it(`etiq ${c.name}`, async () => {
      const r = await run(c, [], { env: isolatedEnv(), tty: false });
      const known = KNOWN_WIDE[c.name] ?? [];
      const wide = wideLines(r.stdout + r.stderr).filter((l) => !known.some((k) => k.pattern.test(l.line)));
      expect(wide).toEqual([]);
    });
  }

  it('etiq alone', async () => {
    const r = await runEtiq([]);
    expect(r.code).toBe(0);
    expect(wideLines(r.stdout + r.stderr)).toEqual([]);
  });

  const HELP = ['agenda', 'slots', 'noshow', 'log', 'history', 'clients', 'clients set', 'offers', 'offers cancel', 'reply', 'report', 'templates', 'templates show', 'doctor', 'init', 'completion'];
  for (const command of HELP) {
    it(`etiq ${command} --help`, async () => {
      const r = await runEtiq([...command.split(' '), '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: etiq');
      expect(wideLines(r.stdout + r.stderr)).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------
// The progress line

/** The stderr of a run, as frames: every progress draw starts with ERASE_LINE. */
function progressFrames(stderr: string): string[] {
  return stderr.split(ERASE_LINE).filter((f) => f !== '');
}

describe('the progress line on stderr', () => {
  let server: http.Server;
  let url: string;
  const body = `${calendar(vevent(['UID:slow-1@example.com', 'DTSTART:20260309T150000Z', 'DTEND:20260309T160000Z', 'SUMMARY:Slowly fetched meeting'])).join('\r\n')}\r\n`;

  beforeAll(async () => {
    // Serves the calendar in 6 chunks, 120 ms apart (~600 ms in all).
    server = http.createServer((req, res) => {
      if (req.url !== '/x.ics') {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/calendar' });
      const size = Math.ceil(body.length / 6);
      let i = 0;
      const next = (): void => {
        if (i >= 6) {
          res.end();
          return;
        }
        res.write(body.slice(i * size, (i + 1) * size));
        i++;
        setTimeout(next, 120);
      };
      next();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.ics`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const agenda = () => ['agenda', '--calendar', url, '--tz', 'America/New_York', '--now', NOW];

  it('at a terminal: shows what is fetched, redrawn in place, then erased before the agenda', async () => {
    const started = Date.now();
    const r = await runEtiq(agenda(), { env: terminalEnv(), tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThan(500);
    expect(r.stdout).toContain('Slowly fetched meeting');
    const host = url.replace('http://', '');
    const frames = progressFrames(r.stderr);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.length).toBeLessThanOrEqual(10); // at most ~10 draws a second, ~0.35 s shown
    for (const f of frames) {
      expect(f).toMatch(new RegExp(`^Fetching ${host.replace(/[.?*+^$()[\]{}|\\]/g, '\\$&')}…( [0-9.]+ ?(bytes|KiB))?$`));
      expect(f).not.toContain('\n');
      expect(stringWidth(f)).toBeLessThanOrEqual(79);
    }
    // Nothing but progress frames on stderr, and it ends erased: the erase follows the last frame.
    expect(r.stderr.startsWith(ERASE_LINE)).toBe(true);
    expect(r.stderr.endsWith(ERASE_LINE)).toBe(true);
    expect(r.stderr.lastIndexOf(ERASE_LINE)).toBeGreaterThan(r.stderr.lastIndexOf('Fetching'));
  });

  it('not with stderr piped (even with stdout at a terminal), not with --json, not under CI', async () => {
    const piped = await runSplit(agenda(), { stdoutTTY: true, stderrTTY: false, env: terminalEnv() });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    const plain = await runEtiq(agenda(), { env: terminalEnv(), tty: false });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe('');
    const json = await runEtiq([...agenda(), '--json'], { env: terminalEnv(), tty: true });
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toHaveProperty('events');
    const ci = await runEtiq(agenda(), { env: terminalEnv({ CI: 'true' }), tty: true });
    expect(ci.code).toBe(0);
    expect(ci.stderr).toBe('');
  });

  it('a quick run (the sample, local files) shows nothing', async () => {
    const r = await runEtiq(['agenda', '--config', sample, '--now', NOW, '--days', '7'], { env: terminalEnv(), tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('a large local calendar: "Reading NAME (SIZE)…" while it is parsed, then erased', async () => {
    const dir = scratch();
    const events: string[][] = [];
    const filler = 'x'.repeat(300);
    for (let i = 0; events.length * 420 < 3.2 * 1024 * 1024; i++) {
      events.push(vevent([`UID:big-${i}@example.com`, 'DTSTART:20200101T100000Z', 'DTEND:20200101T110000Z', `SUMMARY:Old ${i}`, `DESCRIPTION:${filler}`]));
    }
    const file = writeIcs(dir, 'big.ics', calendar(...events));
    const r = await runEtiq(['agenda', '--calendar', file, '--tz', 'UTC', '--now', NOW, '--no-cache'], { env: terminalEnv(), tty: true });
    expect(r.code, r.stderr).toBe(0);
    const frames = progressFrames(r.stderr);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatch(/^Reading big\.ics \(3\.\dMiB\)…$/);
    expect(r.stderr.endsWith(ERASE_LINE)).toBe(true);
    // With --json, nothing.
    const json = await runEtiq(['agenda', '--calendar', file, '--tz', 'UTC', '--now', NOW, '--no-cache', '--json'], { env: terminalEnv(), tty: true });
    expect(json.stderr).toBe('');
    // etiq init, which reads each calendar given on the spot, shows it too.
    const init = await runEtiq(['init', '--no-input', '--config', path.join(dir, 'new.toml'), '--email', 'dana@example.com', '--tz', 'UTC', '--calendar', file, '--now', NOW], { env: terminalEnv(), tty: true });
    expect(init.code, init.stderr).toBe(0);
    expect(progressFrames(init.stderr)).toEqual([expect.stringMatching(/^Reading big\.ics \(3\.\dMiB\)…$/)]);
    expect(init.stderr.endsWith(ERASE_LINE)).toBe(true);
  });
});
