/**
 * End-to-end: `etiq noshow`, `etiq log`, `etiq history` and `etiq clients` against real
 * database files in temp folders (built bin/etiq.cjs, isolated env, no TTY on stdin).
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/adapters/store.js';
import { OUTCOMES } from '../../src/core/etiquette/outcomes.js';
import type { OutcomeJson } from '../../src/render/records.js';
import { bin, fixtures, isolatedEnv, repoRoot, runEtiq, spawnEtiq, tempDir, type RunResult } from './helpers.js';

const sample = path.join(fixtures, 'sample', 'config.toml');
/** Sample work calendar + a meeting with two external attendees + a clashing one; grace 15m, late_cancel 48h. */
const records = path.join(fixtures, 'records', 'config.toml');

/** The documented JSON of an outcome (render/records.ts). */
type Entry = OutcomeJson;

interface ClientJson {
  email: string;
  name: string | null;
  organisation: string | null;
  timezone: string | null;
  notes: string | null;
  meetings?: number;
  misses?: number;
  lastMeeting?: string | null;
}

const STACK = /^\s+at .+(:\d+:\d+\)?|\(node:.+\))$/m;

function newDb(): string {
  return path.join(tempDir('etiq-records-'), 'etiq.db');
}

/** etiq with the sample config and a database file. */
const etiq = (file: string, ...args: string[]) => runEtiq([...args, '--config', sample, '--db', file]);
/** etiq with the records fixture config. */
const etiqR = (file: string, ...args: string[]) => runEtiq([...args, '--config', records, '--db', file]);

function json<T>(r: RunResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\nstderr: ${r.stderr}`);
  }
}

function ok(r: RunResult): RunResult {
  expect(r.stderr, r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r;
}

/** One sentence on stderr, no stack trace, the given exit code. */
function failsWith(r: RunResult, code: 1 | 2, pattern: RegExp): void {
  expect(r.code, `${r.stderr}${r.stdout}`).toBe(code);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^etiq: /);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stdout).toBe('');
}

async function history(file: string, ...args: string[]): Promise<Entry[]> {
  return json<{ entries: Entry[] }>(ok(await etiq(file, 'history', ...args, '--json'))).entries;
}

function fingerprint(file: string): { sha: string; mtimeMs: number } {
  return { sha: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'), mtimeMs: fs.statSync(file).mtimeMs };
}

function age(file: string): void {
  const past = new Date('2020-01-01T00:00:00Z');
  fs.utimesSync(file, past, past);
}

/** runEtiq with a deadline: a hang is a failure, not a stuck test run. */
function runWithDeadline(args: string[], ms: number, env = isolatedEnv()): Promise<RunResult & { timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, ms);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, timedOut });
    });
    child.stdin.end('');
  });
}

// ---------------------------------------------------------------------------------------

describe('etiq noshow', () => {
  it('--last --json prints the documented object; minutes default to the policy grace', async () => {
    const file = newDb();
    const r = ok(await etiq(file, 'noshow', '--now', '2026-03-10T10:15', '--last', '--json'));
    const e = json<Entry>(r);
    expect(e).toMatchObject({
      meeting: {
        uid: 'acme-weekly@example.com',
        start: '2026-03-10T10:00:00-04:00',
        end: '2026-03-10T10:30:00-04:00',
        summary: 'Acme Corp — weekly check-in',
      },
      client: { email: 'priya@acme.example', name: 'Priya Nair' },
      outcome: 'no-show',
      minutes: 10,
      recordedAt: '2026-03-10T10:15:00-04:00',
      status: 'recorded',
      note: null,
    });
    expect(typeof e.meeting.recurrenceId).toBe('string');
    expect(Date.parse(e.recordedAt)).toBe(Date.parse('2026-03-10T14:15:00Z'));
    // The same object, read back.
    // The same object, read back (history has no draft: that belongs to the command that made it).
    const [h] = await history(file);
    const { status: _status, draft, ...recorded } = e as Entry & { draft: unknown };
    expect(draft).toMatchObject({ situation: 'noshow', tone: 'warm', to: 'priya@acme.example' });
    expect(h).toEqual(recorded);
  });

  it('follows the configured grace (15m in the records config)', async () => {
    const file = newDb();
    const early = await etiqR(file, 'noshow', '--now', '2026-03-10T10:14', '--at', '2026-03-10T10:00');
    failsWith(early, 2, /can be recorded from 2026-03-10T10:15:00-04:00 \(start \+ 15 min grace\)/);
    const e = json<Entry>(ok(await etiqR(file, 'noshow', '--now', '2026-03-10T10:15', '--at', '2026-03-10T10:00', '--json')));
    expect(e.minutes).toBe(15);
  });

  it('refuses a meeting before start + grace with exit 2 and one sentence naming the time; nothing is written', async () => {
    const file = newDb();
    const r = await etiq(file, 'noshow', '--now', '2026-03-10T10:09:59', '--last');
    failsWith(r, 2, /"Acme Corp — weekly check-in" starts 2026-03-10T10:00:00-04:00; a no-show can be recorded from 2026-03-10T10:10:00-04:00/);
    expect(fs.existsSync(file)).toBe(false);
    // Exactly at start + grace it is accepted.
    ok(await etiq(file, 'noshow', '--now', '2026-03-10T10:10', '--last'));
    expect(await history(file)).toHaveLength(1);
  });

  it('recording the same no-show twice changes nothing; --undo reverts it and keeps it in history', async () => {
    const file = newDb();
    const first = json<Entry>(ok(await etiq(file, 'noshow', '--now', '2026-03-10T10:15', '--last', '--json')));
    const again = json<Entry>(ok(await etiq(file, 'noshow', '--now', '2026-03-10T10:20', '--at', '2026-03-10T10:00', '--json')));
    expect(again.status).toBe('unchanged');
    expect(again.recordedAt).toBe(first.recordedAt);
    const human = ok(await etiq(file, 'noshow', '--now', '2026-03-10T10:25', '--last'));
    expect(human.stdout).toMatch(/^Already recorded: [^]*nothing changed/);
    expect(await history(file)).toHaveLength(1);
    expect(await history(file, '--all')).toHaveLength(1);

    const undo = json<Entry>(ok(await etiq(file, 'noshow', '--now', '2026-03-10T11:00', '--last', '--undo', '--json')));
    expect(undo).toMatchObject({ status: 'undone', outcome: 'no-show', supersededAt: '2026-03-10T11:00:00-04:00', supersededReason: 'undone' });
    expect(await history(file)).toEqual([]);
    const all = await history(file, '--all');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ outcome: 'no-show', supersededAt: '2026-03-10T11:00:00-04:00', supersededReason: 'undone' });
    // Nothing left to undo.
    failsWith(await etiq(file, 'noshow', '--now', '2026-03-10T11:05', '--last', '--undo'), 2, /nothing to undo/);
  });

  it('noshow --undo reverts a no-show only; log OUTCOME --undo reverts the current outcome', async () => {
    const file = newDb();
    ok(await etiq(file, 'log', 'attended', '--now', '2026-03-10T10:40', '--last'));
    failsWith(
      await etiq(file, 'noshow', '--now', '2026-03-10T10:45', '--last', '--undo'),
      2,
      /nothing to undo: the current outcome of "Acme Corp — weekly check-in" \(2026-03-10T10:00:00-04:00\) is attended, not no-show/,
    );
    expect((await history(file)).map((e) => e.outcome)).toEqual(['attended']);
    const undone = json<Entry>(ok(await etiq(file, 'log', 'attended', '--now', '2026-03-10T10:50', '--last', '--undo', '--json')));
    expect(undone).toMatchObject({ outcome: 'attended', status: 'undone', supersededReason: 'undone' });
    expect(await history(file)).toEqual([]);
  });

  it('selects by --uid with --recurrence-id (UTC or local form) and by --at', async () => {
    const file = newDb();
    const last = json<Entry>(ok(await etiq(file, 'noshow', '--now', '2026-03-17T10:15', '--last', '--json')));
    expect(last.meeting.start).toBe('2026-03-17T10:00:00-04:00');
    // The occurrence of the week before, named by its recurrence id as it appears in the JSON...
    const rid = new Date(Date.parse('2026-03-10T10:00:00-04:00')).toISOString().replace('.000Z', 'Z');
    const byRid = json<Entry>(ok(await etiq(file, 'noshow', '--now', '2026-03-17T10:15', '--uid', 'acme-weekly@example.com', '--recurrence-id', rid, '--json')));
    expect(byRid.meeting).toMatchObject({ uid: 'acme-weekly@example.com', start: '2026-03-10T10:00:00-04:00', recurrenceId: rid });
    expect(byRid.status).toBe('recorded');
    // ...and in local time: the same occurrence, so unchanged.
    const local = json<Entry>(ok(await etiq(file, 'noshow', '--now', '2026-03-17T10:20', '--uid', 'acme-weekly@example.com', '--recurrence-id', '2026-03-10T10:00', '--json')));
    expect(local.status).toBe('unchanged');
    // --uid alone: the latest occurrence that has started.
    const byUid = json<Entry>(ok(await etiq(file, 'noshow', '--now', '2026-03-17T10:25', '--uid', 'acme-weekly@example.com', '--json')));
    expect([byUid.meeting.start, byUid.status]).toEqual(['2026-03-17T10:00:00-04:00', 'unchanged']);
    const byAt = json<Entry>(ok(await etiq(file, 'noshow', '--now', '2026-03-12T12:00', '--at', '2026-03-12T11:00', '--json')));
    expect(byAt).toMatchObject({ meeting: { uid: 'globex-kickoff@example.com', summary: 'Globex kickoff (London)' }, client: { email: 'oliver@globex.example' } });
    // By meeting, the latest meeting first, whatever order they were recorded in.
    expect((await history(file)).map((e) => e.meeting.start)).toEqual(['2026-03-17T10:00:00-04:00', '2026-03-12T11:00:00-04:00', '2026-03-10T10:00:00-04:00']);
  });

  it('names what is wrong with an unknown uid, an empty --at, and conflicting selectors', async () => {
    const file = newDb();
    failsWith(await etiq(file, 'noshow', '--now', '2026-03-10T12:00', '--uid', 'nope@example.com'), 2, /no event with UID "nope@example\.com"/);
    failsWith(await etiq(file, 'noshow', '--now', '2026-03-10T12:00', '--at', '2026-03-10T10:05'), 2, /no client meeting starts at 2026-03-10T10:05.*--client EMAIL/);
    failsWith(await etiq(file, 'noshow', '--now', '2026-03-10T12:00', '--at', '2026-03-10T10:00', '--last'), 2, /only one of --uid, --at and --last/);
    failsWith(await etiq(file, 'noshow', '--now', '2026-03-10T12:00', '--recurrence-id', '2026-03-10T14:00:00Z'), 2, /--recurrence-id goes with --uid/);
    failsWith(await etiq(file, 'noshow', '--now', '2026-03-10T12:00', '--last', '--waited', 'ten'), 2, /--waited "ten" must be a whole number/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('records a meeting that is in no calendar with --client, --at and --duration', async () => {
    const file = newDb();
    const e = json<Entry>(
      ok(await etiq(file, 'noshow', '--now', '2026-03-10T17:00', '--client', 'New@Client.example', '--at', '2026-03-10T16:00', '--duration', '45m', '--waited', '12', '--json')),
    );
    expect(e).toMatchObject({
      client: { email: 'new@client.example', name: null },
      outcome: 'no-show',
      minutes: 12,
      meeting: { start: '2026-03-10T16:00:00-04:00', end: '2026-03-10T16:45:00-04:00', calendar: 'manual', recurrenceId: null },
    });
    // Default duration: slots.duration (30m in the sample).
    const d = json<Entry>(ok(await etiq(file, 'log', 'attended', '--now', '2026-03-11T17:00', '--client', 'other@client.example', '--at', '2026-03-11T09:00', '--json')));
    expect(d.meeting.end).toBe('2026-03-11T09:30:00-04:00');
    // The same manual meeting again is the same meeting: unchanged.
    const again = json<Entry>(ok(await etiq(file, 'noshow', '--now', '2026-03-10T18:00', '--client', 'new@client.example', '--at', '2026-03-10T16:00', '--duration', '45m', '--waited', '12', '--json')));
    expect(again.status).toBe('unchanged');
    failsWith(await etiq(file, 'noshow', '--now', '2026-03-10T17:00', '--client', 'not-an-email', '--at', '2026-03-10T16:00'), 2, /is not an email address/);
    failsWith(await etiq(file, 'noshow', '--now', '2026-03-10T17:00', '--client', 'x@y.example', '--at', '2026-03-10T16:00', '--duration', 'long'), 2, /--duration "long"/);
  });

  it('a meeting with two external attendees needs --client without a TTY, listing them', async () => {
    const file = newDb();
    const r = await etiqR(file, 'noshow', '--now', '2026-03-10T12:00', '--uid', 'group-call@example.com');
    failsWith(r, 2, /2 clients \(ann@one\.example, bob@two\.example\): pass --client EMAIL/);
    expect(fs.existsSync(file)).toBe(false);
    failsWith(await etiqR(file, 'noshow', '--now', '2026-03-10T12:00', '--uid', 'group-call@example.com', '--client', 'carol@three.example'), 2, /not an attendee of "Joint review" \(attendees: ann@one\.example, bob@two\.example\)/);
    const bob = json<Entry>(ok(await etiqR(file, 'noshow', '--now', '2026-03-10T12:00', '--uid', 'group-call@example.com', '--client', 'BOB@two.example', '--json')));
    expect(bob.client).toEqual({ email: 'bob@two.example', name: 'Bob Two' });
    // Both are stored as attendees of the meeting; the outcome is Bob's alone.
    const clients = json<{ clients: ClientJson[] }>(ok(await etiqR(file, 'clients', '--json'))).clients;
    expect(clients.map((c) => [c.email, c.name, c.meetings, c.misses])).toEqual([
      ['ann@one.example', 'Ann One', 1, 0],
      ['bob@two.example', 'Bob Two', 1, 1],
    ]);
    const ann = json<{ entries: Entry[] }>(ok(await etiqR(file, 'history', 'ann@one.example', '--json'))).entries;
    expect(ann).toEqual([]);
    // Ann's own outcome for the same meeting is separate.
    const annRec = json<Entry>(ok(await etiqR(file, 'log', 'attended', '--now', '2026-03-10T12:00', '--uid', 'group-call@example.com', '--client', 'ann@one.example', '--json')));
    expect(annRec.status).toBe('recorded');
    const bobAfter = json<{ entries: Entry[] }>(ok(await etiqR(file, 'history', 'bob@two.example', '--json'))).entries;
    expect(bobAfter.map((e) => e.outcome)).toEqual(['no-show']);
  });

  it('several client meetings starting at --at need --uid without a TTY', async () => {
    const file = newDb();
    const r = await etiqR(file, 'noshow', '--now', '2026-03-10T12:00', '--at', '2026-03-10T11:00');
    failsWith(r, 2, /no terminal to ask on: pass --uid UID/);
    const e = json<Entry>(ok(await etiqR(file, 'noshow', '--now', '2026-03-10T12:00', '--at', '2026-03-10T11:00', '--client', 'carol@three.example', '--json')));
    expect(e).toMatchObject({ meeting: { uid: 'clash-call@example.com' }, client: { email: 'carol@three.example', name: 'Carol Three' } });
  });
});

describe('prompting commands without a terminal', () => {
  it('exit 2 naming the flags instead of waiting for an answer', async () => {
    const file = newDb();
    for (const args of [
      ['noshow', '--now', '2026-03-10T10:15'],
      ['log', 'attended', '--now', '2026-03-10T10:40'],
      ['log', 'late', '--minutes', '5', '--now', '2026-03-10T10:40'],
    ]) {
      const r = await runWithDeadline([...args, '--config', sample, '--db', file], 15_000);
      expect(r.timedOut, args.join(' ')).toBe(false);
      failsWith(r, 2, /no terminal to ask on: name the meeting with --uid UID, --at ISO, --last, or --client EMAIL --at ISO/);
    }
    // Nothing recent to choose from: still a sentence naming the flags.
    const none = await etiq(file, 'noshow', '--now', '2026-03-09T06:00');
    failsWith(none, 2, /no client meeting started in the last 24h; name one with --uid, --at or --client/);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('etiq log', () => {
  it('records every outcome with the names of the contract', async () => {
    const file = newDb();
    const at = (when: string, outcome: string, ...extra: string[]) => etiq(file, 'log', outcome, '--now', when, '--at', '2026-03-12T11:00', '--json', ...extra);
    const seen = new Set<string>();
    const rec = async (when: string, outcome: string, ...extra: string[]) => {
      const e = json<Entry>(ok(await at(when, outcome, ...extra)));
      seen.add(e.outcome);
      return e;
    };
    expect(await rec('2026-03-12T12:00', 'attended')).toMatchObject({ outcome: 'attended', minutes: null, status: 'recorded' });
    expect(await rec('2026-03-12T12:00', 'late', '--minutes', '7')).toMatchObject({ outcome: 'late', minutes: 7, status: 'corrected' });
    expect(await rec('2026-03-12T12:00', 'no-show', '--minutes', '20')).toMatchObject({ outcome: 'no-show', minutes: 20 });
    expect(await rec('2026-03-12T08:00', 'cancelled', '--notice', '3h')).toMatchObject({ outcome: 'late-cancel', notice: '3h', toldAt: '2026-03-12T08:00:00-04:00' });
    expect(await rec('2026-03-10T08:00', 'cancelled', '--notice', '2d')).toMatchObject({ outcome: 'cancelled', notice: '2d', toldAt: '2026-03-10T11:00:00-04:00' });
    expect(await rec('2026-03-12T08:00', 'cancelled', '--told-at', '2026-03-11T10:00')).toMatchObject({ outcome: 'cancelled', notice: '1d1h', toldAt: '2026-03-11T10:00:00-04:00' });
    expect(await rec('2026-03-12T08:00', 'late-cancel', '--notice', '2h')).toMatchObject({ outcome: 'late-cancel', notice: '2h' });
    expect(await rec('2026-03-11T08:00', 'rescheduled', '--to', '2026-03-13T11:00')).toMatchObject({ outcome: 'rescheduled', rescheduledTo: { start: '2026-03-13T11:00:00-04:00' } });
    expect(await rec('2026-03-11T12:00', 'host-cancelled')).toMatchObject({ outcome: 'host-cancelled' });
    expect(await rec('2026-03-12T12:00', 'host-no-show')).toMatchObject({ outcome: 'host-no-show' });
    expect(await rec('2026-03-12T12:00', 'host-late', '--minutes', '4')).toMatchObject({ outcome: 'host-late', minutes: 4 });
    expect([...seen].sort()).toEqual([...OUTCOMES].sort());

    const all = await history(file, 'oliver@globex.example', '--all');
    expect(all).toHaveLength(11);
    expect(all.filter((e) => e.supersededAt === undefined).map((e) => e.outcome)).toEqual(['host-late']);
    expect(all.filter((e) => e.supersededAt !== undefined).every((e) => e.supersededReason === 'corrected')).toBe(true);
    const times = all.map((e) => Date.parse(e.recordedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('classifies cancellations against policy.late_cancel, at the boundary too', async () => {
    const file = newDb();
    const cancel = async (config: string, notice: string) =>
      json<Entry>(ok(await runEtiq(['log', 'cancelled', '--config', config, '--db', file, '--now', '2026-03-01T08:00', '--at', '2026-03-12T11:00', '--notice', notice, '--json']))).outcome;
    expect(await cancel(sample, '24h')).toBe('cancelled');
    expect(await cancel(sample, '23h59m')).toBe('late-cancel');
    expect(await cancel(sample, '1d1m')).toBe('cancelled');
    // The records config has late_cancel = 48h.
    expect(await cancel(records, '30h')).toBe('late-cancel');
    expect(await cancel(records, '48h')).toBe('cancelled');
    // Told after the start: no notice at all. (A fresh database: on this one the same
    // outcome with no new values would change nothing.)
    const after = json<Entry>(ok(await etiq(newDb(), 'log', 'cancelled', '--now', '2026-03-12T12:00', '--at', '2026-03-12T11:00', '--json')));
    expect(after).toMatchObject({ outcome: 'late-cancel', notice: '0m', toldAt: '2026-03-12T12:00:00-04:00' });
  });

  it('keeps a reschedule chain A -> B -> C, visible in history JSON', async () => {
    const file = newDb();
    const ab = json<Entry>(ok(await etiq(file, 'log', 'rescheduled', '--now', '2026-03-11T09:00', '--at', '2026-03-12T11:00', '--to', '2026-03-19T11:00', '--json')));
    expect(ab.rescheduledTo).toMatchObject({ start: '2026-03-19T11:00:00-04:00', end: '2026-03-19T12:00:00-04:00', summary: 'Globex kickoff (London)' });
    const bc = json<Entry>(
      ok(await etiq(file, 'log', 'rescheduled', '--now', '2026-03-18T09:00', '--client', 'oliver@globex.example', '--at', '2026-03-19T11:00', '--to', '2026-03-26T11:00', '--json')),
    );
    expect(bc.meeting.uid).toBe(ab.rescheduledTo!.uid);
    expect(bc.rescheduledFrom?.uid).toBe('globex-kickoff@example.com');
    const entries = await history(file, 'oliver@globex.example');
    expect(entries.map((e) => [e.meeting.start, e.rescheduledTo?.start ?? null, e.rescheduledFrom?.start ?? null])).toEqual([
      ['2026-03-19T11:00:00-04:00', '2026-03-26T11:00:00-04:00', '2026-03-12T11:00:00-04:00'],
      ['2026-03-12T11:00:00-04:00', '2026-03-19T11:00:00-04:00', null],
    ]);
    // C can be recorded on in turn: it is the meeting B moved to.
    const c = json<Entry>(ok(await etiq(file, 'log', 'attended', '--now', '2026-03-26T12:00', '--client', 'oliver@globex.example', '--at', '2026-03-26T11:00', '--json')));
    expect(c.meeting.uid).toBe(bc.rescheduledTo!.uid);
    expect(c.rescheduledFrom?.start).toBe('2026-03-19T11:00:00-04:00');
    failsWith(await etiq(file, 'log', 'rescheduled', '--now', '2026-03-11T09:00', '--at', '2026-03-12T11:00', '--to', '2026-03-12T11:00'), 2, /a reschedule needs a new time/);
  });

  it('refuses outcomes before they can have happened, and misplaced flags, with exit 2', async () => {
    const file = newDb();
    failsWith(await etiq(file, 'log', 'attended', '--now', '2026-03-12T10:59', '--at', '2026-03-12T11:00'), 2, /attendance can be recorded from 2026-03-12T11:00:00-04:00/);
    failsWith(await etiq(file, 'log', 'host-no-show', '--now', '2026-03-12T11:05', '--at', '2026-03-12T11:00'), 2, /can be recorded from 2026-03-12T11:10:00-04:00/);
    for (const [args, pattern] of [
      [['log', 'vanished', '--last'], /"vanished" is not an outcome; use one of: attended, late, no-show/],
      [['log', 'late', '--last'], /late needs --minutes N/],
      [['log', 'attended', '--last', '--notice', '2h'], /--notice and --told-at go with cancelled/],
      [['log', 'cancelled', '--last', '--notice', '2h', '--told-at', '2026-03-12T08:00'], /--notice or --told-at, not both/],
      [['log', 'cancelled', '--last', '--notice', 'soon'], /--notice "soon" is not a duration/],
      [['log', 'rescheduled', '--last'], /rescheduled needs --to ISO/],
      [['log', 'attended', '--last', '--to', '2026-03-20T10:00'], /--to goes with rescheduled/],
      [['log', 'no-show', '--last', '--waited', '5'], /unknown option '--waited'/],
      [['log', 'late', '--last', '--minutes', '-3'], /--minutes "-3" must be a whole number/],
    ] as const) {
      failsWith(await etiq(file, ...args, '--now', '2026-03-12T12:00'), 2, pattern);
    }
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('etiq history and clients', () => {
  it('history CLIENT --json prints {"entries": [...]} newest first; by email in any case or by name', async () => {
    const file = newDb();
    ok(await etiq(file, 'noshow', '--now', '2026-03-03T10:20', '--last'));
    ok(await etiq(file, 'log', 'late', '--minutes', '3', '--now', '2026-03-10T11:00', '--last'));
    ok(await etiq(file, 'log', 'attended', '--now', '2026-03-12T12:30', '--last'));
    const r = ok(await etiq(file, 'history', 'Priya@Acme.example', '--json'));
    const parsed = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['entries']);
    const entries = parsed['entries'] as Entry[];
    expect(entries.map((e) => [e.meeting.start, e.outcome, e.minutes])).toEqual([
      ['2026-03-10T10:00:00-04:00', 'late', 3],
      ['2026-03-03T10:00:00-05:00', 'no-show', 10],
    ]);
    for (const e of entries) {
      expect(Object.keys(e.meeting)).toEqual(expect.arrayContaining(['uid', 'start', 'end', 'summary']));
      expect(Object.keys(e.client).sort()).toEqual(['email', 'name']);
      expect(e.supersededAt).toBeUndefined();
    }
    expect(await history(file, 'Priya Nair')).toEqual(entries);
    const everyone = await history(file);
    expect(everyone.map((e) => e.client.email)).toEqual(['oliver@globex.example', 'priya@acme.example', 'priya@acme.example']);
    expect(await history(file, '--limit', '1')).toEqual(everyone.slice(0, 1));
    failsWith(await etiq(file, 'history', 'stranger@x.example'), 2, /no client "stranger@x\.example" is recorded/);
    failsWith(await etiq(file, 'history', '--limit', '0'), 2, /--limit "0"/);
    const human = ok(await etiq(file, 'history', 'priya@acme.example'));
    // A title and two entries, each starting at the date (its continuation lines indented under its text).
    expect(human.stdout.trim().split('\n').filter((l) => !l.startsWith(' '.repeat(20)))).toHaveLength(3);
    expect(human.stdout).toContain('History of priya@acme.example');
  });

  it('clients set EMAIL --name --tz --org --note round-trips; a bad --tz exits 2', async () => {
    const file = newDb();
    const set = json<{ client: ClientJson }>(
      ok(await etiq(file, 'clients', 'set', 'Zed@Example.com', '--name', 'Zed', '--tz', 'Europe/Berlin', '--org', 'Zed GmbH', '--note', 'prefers mornings', '--json')),
    );
    expect(set.client).toEqual({ email: 'zed@example.com', name: 'Zed', organisation: 'Zed GmbH', timezone: 'Europe/Berlin', notes: 'prefers mornings' });
    ok(await etiq(file, 'clients', 'set', 'zed@example.com', '--org', 'Zed AG'));
    const list = json<{ clients: ClientJson[] }>(ok(await etiq(file, 'clients', '--json'))).clients;
    expect(list).toEqual([{ email: 'zed@example.com', name: 'Zed', organisation: 'Zed AG', timezone: 'Europe/Berlin', notes: 'prefers mornings', meetings: 0, misses: 0, lastMeeting: null }]);
    const before = fingerprint(file);
    failsWith(await etiq(file, 'clients', 'set', 'zed@example.com', '--tz', 'Mars/Olympus_Mons'), 2, /--tz "Mars\/Olympus_Mons" is not a time zone \(an IANA name/);
    failsWith(await etiq(file, 'clients', 'set', 'zed@example.com'), 2, /nothing to set/);
    failsWith(await etiq(file, 'clients', 'set', 'not an email', '--name', 'x'), 2, /is not an email address/);
    expect(fingerprint(file).sha).toBe(before.sha);
    // A client set by hand keeps its name when a calendar later brings another.
    ok(await etiq(file, 'clients', 'set', 'priya@acme.example', '--name', 'P. Nair'));
    const e = json<Entry>(ok(await etiq(file, 'noshow', '--now', '2026-03-10T10:15', '--last', '--json')));
    expect(e.client).toEqual({ email: 'priya@acme.example', name: 'P. Nair' });
    const human = ok(await etiq(file, 'clients'));
    expect(human.stdout).toMatch(/^ {2}priya@acme\.example {2}P\. Nair .* 1 +1 {2}2026-03-10$/m);
    expect(human.stdout).not.toMatch(/1 meetings/);
  });

  it('uses $ETIQ_DB, else the XDG data dir, when --db is not given', async () => {
    const home = tempDir('etiq-home-');
    const viaEnv = path.join(home, 'elsewhere', 'mine.db');
    ok(await runEtiq(['clients', 'set', 'a@b.example', '--name', 'A', '--config', sample], { env: isolatedEnv(home, { ETIQ_DB: viaEnv }) }));
    expect(fs.existsSync(viaEnv)).toBe(true);
    ok(await runEtiq(['clients', 'set', 'c@d.example', '--name', 'C', '--config', sample], { env: isolatedEnv(home) }));
    const dflt = path.join(home, '.local', 'share', 'etiq', 'etiq.db');
    expect(fs.existsSync(dflt)).toBe(true);
    const one = json<{ clients: ClientJson[] }>(ok(await runEtiq(['clients', '--json', '--config', sample], { env: isolatedEnv(home) }))).clients;
    expect(one.map((c) => c.email)).toEqual(['c@d.example']);
    // --db wins over $ETIQ_DB.
    const flag = path.join(home, 'flag.db');
    ok(await runEtiq(['clients', 'set', 'e@f.example', '--name', 'E', '--config', sample, '--db', flag], { env: isolatedEnv(home, { ETIQ_DB: viaEnv }) }));
    const viaEnvList = json<{ clients: ClientJson[] }>(ok(await runEtiq(['clients', '--json', '--config', sample], { env: isolatedEnv(home, { ETIQ_DB: viaEnv }) }))).clients;
    expect(viaEnvList.map((c) => c.email)).toEqual(['a@b.example']);
  });
});

describe('errors', () => {
  it('never print a stack trace without --debug; with --debug they do', async () => {
    const dir = tempDir('etiq-records-');
    const text = path.join(dir, 'notes.db');
    fs.writeFileSync(text, 'not a database\n');
    const runs = [
      await etiq(newDb(), 'noshow', '--now', '2026-03-10T10:05', '--last'),
      await etiq(text, 'history'),
      await etiq(newDb(), 'log', 'nonsense', '--last'),
      await etiq(newDb(), 'noshow', '--now', 'whenever', '--last'),
      await etiq(newDb(), 'clients', 'set', 'x@y.example', '--tz', 'Nowhere/Land'),
    ];
    for (const r of runs) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/^etiq: /);
      expect(r.stderr).not.toMatch(STACK);
    }
    const debug = await etiq(text, 'history', '--debug');
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(STACK);
  });
});

// --- reliability --------------------------------------------------------------------------

describe('reliability: concurrent writers', () => {
  it('20 etiq log processes started at once on a fresh database all succeed, none "database is locked"', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = tempDir('etiq-conc-');
      const file = path.join(dir, 'etiq.db');
      // Separate processes: the point is SQLite's locking between them.
      const runs = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          spawnEtiq(
            ['log', 'attended', '--tz', 'UTC', '--db', file, '--now', '2026-03-20T12:00:00Z', '--client', `c${i}@x.example`, '--at', `2026-03-${String(10 + (i % 5)).padStart(2, '0')}T${String(8 + Math.floor(i / 5)).padStart(2, '0')}:00:00Z`, '--json'],
            { env: isolatedEnv() },
          ),
        ),
      );
      for (const [i, r] of runs.entries()) {
        expect(r.stderr, `round ${round}, process ${i}`).not.toMatch(/database is locked/i);
        expect(r.stderr, `round ${round}, process ${i}`).toBe('');
        expect(r.code, `round ${round}, process ${i}`).toBe(0);
        expect(json<Entry>(r)).toMatchObject({ outcome: 'attended', client: { email: `c${i}@x.example` }, status: 'recorded' });
      }
      const conn = new Database(file, { readonly: true });
      expect(conn.prepare('SELECT COUNT(*) FROM outcomes WHERE superseded_at IS NULL').pluck().get()).toBe(20);
      expect(conn.prepare('SELECT COUNT(DISTINCT meeting_id) FROM outcomes').pluck().get()).toBe(20);
      expect(conn.prepare('SELECT COUNT(*) FROM clients').pluck().get()).toBe(20);
      expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(conn.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      conn.close();
      // A fresh file has nothing to back up: racing first uses must not make ".bak" copies.
      expect(fs.readdirSync(dir).filter((f) => f.includes('.bak')), `round ${round}`).toEqual([]);
      const listed = json<{ entries: Entry[] }>(ok(await runEtiq(['history', '--tz', 'UTC', '--db', file, '--limit', '100', '--json'])));
      expect(new Set(listed.entries.map((e) => e.client.email)).size).toBe(20);
    }
  });
});

describe('reliability: a writer killed in the middle of a transaction', () => {
  it('leaves the database consistent, the earlier records intact and etiq working', async () => {
    const dir = tempDir('etiq-kill-');
    const file = path.join(dir, 'etiq.db');
    const storeUrl = pathToFileURL(path.join(repoRoot, 'dist', 'adapters', 'store.js')).href;
    const script = path.join(dir, 'writer.mjs');
    fs.writeFileSync(
      script,
      `import { Store } from ${JSON.stringify(storeUrl)};
const s = Store.open(${JSON.stringify(file)});
const t = Date.UTC(2026, 2, 10, 14, 0);
const meeting = (uid, start) => ({ uid, recurrenceId: null, source: 'manual', start, end: start + 1800000, summary: 'Meeting ' + uid });
const record = (i, prefix, note) => {
  const m = s.upsertMeeting(meeting(prefix + '-' + i, t + i * 3600000), t);
  const c = s.upsertClient(prefix + i + '@x.example', prefix + ' "' + i + '" 🚀', t);
  s.linkAttendee(m.id, c.id, null);
  s.recordOutcome({ meetingId: m.id, clientId: c.id, kind: 'attended', minutes: null, noticeMs: null, toldAt: null, rescheduledTo: null, note }, t + i);
};
s.write(() => { for (let i = 0; i < 3; i++) record(i, 'early', 'kept ' + i); });
process.stdout.write('committed\\n');
// A tiny page cache: the big transaction spills pages into the WAL before it commits.
s.db.pragma('cache_size = 8');
s.write(() => {
  const deadline = Date.now() + 20000;
  for (let i = 0; Date.now() < deadline; i++) {
    record(i, 'bulk', 'x'.repeat(500));
    if (i === 3000) process.stdout.write('mid-write\\n');
  }
});
process.stdout.write('finished\\n');
`,
    );
    const child = await new Promise<{ signal: NodeJS.Signals | null; out: string; err: string }>((resolve, reject) => {
      const c = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      c.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('mid-write')) c.kill('SIGKILL');
      });
      c.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      c.on('error', reject);
      c.on('close', (_code, signal) => resolve({ signal, out, err }));
    });
    expect(child.err).toBe('');
    expect(child.out).toBe('committed\nmid-write\n');
    expect(child.signal).toBe('SIGKILL');
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);

    const conn = new Database(file);
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(conn.prepare("SELECT COUNT(*) FROM clients WHERE email LIKE 'bulk%'").pluck().get()).toBe(0);
    expect(conn.prepare("SELECT COUNT(*) FROM meetings WHERE uid LIKE 'bulk-%'").pluck().get()).toBe(0);
    expect(conn.prepare('SELECT c.email, c.name, o.kind, o.note FROM outcomes o JOIN clients c ON c.id = o.client_id ORDER BY c.email').all()).toEqual([
      { email: 'early0@x.example', name: 'early "0" 🚀', kind: 'attended', note: 'kept 0' },
      { email: 'early1@x.example', name: 'early "1" 🚀', kind: 'attended', note: 'kept 1' },
      { email: 'early2@x.example', name: 'early "2" 🚀', kind: 'attended', note: 'kept 2' },
    ]);
    conn.close();

    const h = json<{ entries: Entry[] }>(ok(await runEtiq(['history', '--tz', 'UTC', '--db', file, '--json'])));
    expect(h.entries.map((e) => e.note)).toEqual(['kept 2', 'kept 1', 'kept 0']);
    // And it can be written again.
    ok(await runEtiq(['log', 'no-show', '--tz', 'UTC', '--db', file, '--now', '2026-03-10T16:00:00Z', '--client', 'early0@x.example', '--at', '2026-03-10T14:00:00Z']));
    const after = await history(file, 'early0@x.example', '--all');
    expect(after.map((e) => [e.outcome, e.supersededReason ?? null])).toEqual([
      ['no-show', null],
      ['attended', 'corrected'],
    ]);
  });
});

// Tests run as root here, so permissions do not stop writes: an immutable file or folder
// (chattr +i) does, where the file system allows it.
const immutable: string[] = [];
function chattr(flag: '+i' | '-i', target: string): boolean {
  return spawnSync('chattr', [flag, target], { stdio: 'ignore' }).status === 0;
}
const canChattr = (() => {
  const probe = path.join(tempDir('etiq-chattr-'), 'probe');
  fs.writeFileSync(probe, '');
  const ok = chattr('+i', probe);
  if (ok) chattr('-i', probe);
  return ok;
})();
afterAll(() => {
  for (const t of immutable) chattr('-i', t);
});

describe('reliability: files and places that cannot be used', () => {
  async function refusedUntouched(file: string, pattern: RegExp): Promise<void> {
    age(file);
    const before = fingerprint(file);
    const siblings = fs.readdirSync(path.dirname(file)).sort();
    for (const args of [['noshow', '--now', '2026-03-10T10:15', '--last'], ['history'], ['clients', 'set', 'a@b.example', '--name', 'A']]) {
      const r = await etiq(file, ...args);
      failsWith(r, 1, pattern);
      expect(r.stderr).toContain(file);
    }
    expect(fingerprint(file)).toEqual(before);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(siblings);
  }

  it('a non-SQLite file at the --db path', async () => {
    const file = path.join(tempDir('etiq-bad-'), 'etiq.db');
    fs.writeFileSync(file, 'my precious notes\n'.repeat(100));
    await refusedUntouched(file, /is not an etiq database \(not an SQLite file\); it was left untouched/);
  });

  it('a database written by a newer etiq', async () => {
    const file = path.join(tempDir('etiq-bad-'), 'etiq.db');
    const c = new Database(file);
    c.pragma('journal_mode = WAL');
    c.exec("CREATE TABLE future (x); INSERT INTO future VALUES ('keep')");
    c.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    c.close();
    await refusedUntouched(file, new RegExp(`written by a newer etiq \\(schema ${SCHEMA_VERSION + 5}; this etiq knows up to ${SCHEMA_VERSION}\\); upgrade etiq`));
  });

  it('a damaged SQLite file', async () => {
    const file = path.join(tempDir('etiq-bad-'), 'etiq.db');
    ok(await etiq(file, 'noshow', '--now', '2026-03-10T10:15', '--last'));
    const s = new Database(file);
    s.exec('CREATE TABLE padding (x TEXT)');
    const ins = s.prepare('INSERT INTO padding VALUES (?)');
    for (let i = 0; i < 2000; i++) ins.run(`row ${i} `.repeat(20));
    s.close();
    const bytes = fs.readFileSync(file);
    const middle = Math.floor(bytes.length / 2 / 4096) * 4096;
    bytes.fill(0xab, middle, middle + 2 * 4096);
    fs.writeFileSync(file, bytes);
    await refusedUntouched(file, /is damaged \(.+\); it was left untouched: move it aside or pass --db/);
  });

  it('a location that cannot be written: under a regular file, in /proc, in /sys, under an unusable data dir', async () => {
    const dir = tempDir('etiq-bad-');
    const plain = path.join(dir, 'plain-file');
    fs.writeFileSync(plain, 'do not touch');
    age(plain);
    const before = fingerprint(plain);
    const cases: [string, RegExp][] = [
      [path.join(plain, 'sub', 'etiq.db'), /cannot create the database folder .*plain-file\/sub \(ENOTDIR\)/],
      [path.join(plain, 'etiq.db'), /cannot create the database folder .*plain-file \(E[A-Z]+\)/],
      // procfs answers ENOENT to mkdir; Node's recursive mkdir used to retry that forever.
      [`/proc/etiq-test-${process.pid}/etiq.db`, /cannot create the database folder \/proc\/etiq-test-\d+ \(ENOENT\)/],
      ['/proc/etiq-test.db', /database \/proc\/etiq-test\.db cannot be written/],
      ['/sys/etiq-test.db', /database \/sys\/etiq-test\.db cannot be written/],
    ];
    for (const [file, pattern] of cases) {
      const r = await runWithDeadline(['log', 'attended', '--config', sample, '--db', file, '--now', '2026-03-10T11:00', '--last'], 15_000);
      expect(r.timedOut, file).toBe(false);
      failsWith(r, 1, pattern);
    }
    const viaXdg = await runWithDeadline(['clients', '--config', sample], 15_000, isolatedEnv(undefined, { XDG_DATA_HOME: path.join(plain, 'data') }));
    // `clients` only reads: it creates nothing, and says why there can be no database there.
    failsWith(viaXdg, 1, /database .*plain-file\/data\/etiq\/etiq\.db cannot exist: a folder on its path is a file \(ENOTDIR\); pass --db or set ETIQ_DB/);
    const viaXdgWrite = await runWithDeadline(['clients', 'set', 'a@b.example', '--name', 'A', '--config', sample], 15_000, isolatedEnv(undefined, { XDG_DATA_HOME: path.join(plain, 'data') }));
    failsWith(viaXdgWrite, 1, /cannot create the database folder .*plain-file\/data\/etiq \(ENOTDIR\); pass --db or set ETIQ_DB/);
    expect(fingerprint(plain)).toEqual(before);
    expect(fs.existsSync('/proc/etiq-test.db') || fs.existsSync('/sys/etiq-test.db')).toBe(false);
  });

  it.runIf(canChattr)('an existing database that cannot be written (immutable file or folder): writes fail with exit 1, file untouched', async () => {
    const dir = tempDir('etiq-ro-');
    const file = path.join(dir, 'etiq.db');
    ok(await etiq(file, 'noshow', '--now', '2026-03-10T10:15', '--last'));
    age(file);
    const before = fingerprint(file);
    immutable.push(file);
    expect(chattr('+i', file)).toBe(true);
    try {
      failsWith(await etiq(file, 'log', 'attended', '--now', '2026-03-12T12:00', '--at', '2026-03-12T11:00'), 1, /database .*etiq\.db cannot be written .*; check the folder's permissions or pass --db/);
      failsWith(await etiq(file, 'clients', 'set', 'a@b.example', '--name', 'A'), 1, /cannot be written/);
    } finally {
      chattr('-i', file);
    }
    expect(fingerprint(file)).toEqual(before);

    const folder = path.join(tempDir('etiq-ro-'), 'locked');
    fs.mkdirSync(folder);
    const inFolder = path.join(folder, 'etiq.db');
    ok(await etiq(inFolder, 'noshow', '--now', '2026-03-10T10:15', '--last'));
    age(inFolder);
    const before2 = fingerprint(inFolder);
    immutable.push(folder);
    expect(chattr('+i', folder)).toBe(true);
    try {
      failsWith(await etiq(inFolder, 'log', 'attended', '--now', '2026-03-12T12:00', '--at', '2026-03-12T11:00'), 1, /cannot be written/);
      failsWith(await etiq(path.join(folder, 'new.db'), 'clients', 'set', 'a@b.example', '--name', 'A'), 1, /cannot be written/);
      expect(fs.readdirSync(folder)).toEqual(['etiq.db']);
    } finally {
      chattr('-i', folder);
    }
    expect(fingerprint(inFolder)).toEqual(before2);
  });

  it('an older database is copied aside before it is migrated', async () => {
    const file = newDb();
    const c = new Database(file);
    c.exec("CREATE TABLE legacy (x); INSERT INTO legacy VALUES ('kept')");
    c.close();
    ok(await etiq(file, 'clients', '--json'));
    const conn = new Database(file, { readonly: true });
    expect(conn.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(conn.prepare('SELECT x FROM legacy').pluck().get()).toBe('kept');
    conn.close();
    const backup = new Database(`${file}.bak-0`, { readonly: true });
    expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(backup.pragma('user_version', { simple: true })).toBe(0);
    expect(backup.prepare('SELECT x FROM legacy').pluck().get()).toBe('kept');
    backup.close();
  });
});

describe('reliability: hostile text round-trips', () => {
  it('names and notes with quotes, emoji, newlines and 10,000 characters survive clients set, log --note and --json', async () => {
    const file = newDb();
    const long = `${'Ω'.repeat(3_000)}${'0123456789'.repeat(700)}`;
    expect(long.length).toBe(10_000);
    const name = `Zoë "Z" O'Brien \`$(rm -rf /)\` 🚀👩🏽‍💻\nsecond line\r\nthird\t\\end`;
    const note = `${name}\n${long}`;
    const set = json<{ client: ClientJson }>(
      ok(await etiq(file, 'clients', 'set', 'zoe@example.com', '--name', name, '--tz', 'Europe/Dublin', '--org', `Ünïcode & "Co" ${long}`, '--note', note, '--json')),
    );
    expect(set.client).toEqual({ email: 'zoe@example.com', name, organisation: `Ünïcode & "Co" ${long}`, timezone: 'Europe/Dublin', notes: note });
    const list = json<{ clients: ClientJson[] }>(ok(await etiq(file, 'clients', '--json'))).clients;
    expect(list[0]).toMatchObject({ email: 'zoe@example.com', name, notes: note, organisation: `Ünïcode & "Co" ${long}` });

    const rec = json<Entry>(ok(await etiq(file, 'log', 'attended', '--now', '2026-03-10T12:00', '--client', 'zoe@example.com', '--at', '2026-03-10T11:00', '--note', note, '--json')));
    expect(rec.note).toBe(note);
    expect(rec.client.name).toBe(name);
    const noshow = json<Entry>(ok(await etiq(file, 'noshow', '--now', '2026-03-10T10:15', '--last', '--note', long, '--json')));
    expect(noshow.note).toBe(long);
    const entries = await history(file);
    // Newest first: the attended one was recorded at 12:00, the no-show at 10:15.
    expect(entries.map((e) => e.note === note)).toEqual([true, false]);
    expect(entries[1]!.note === long).toBe(true);
    expect((await history(file, 'zoe@example.com'))[0]!.client.name).toBe(name);
    // Human output keeps one entry per line whatever the text holds (wrapped at 80 columns:
    // its continuation lines indented under its text, none at the date column).
    const human = ok(await etiq(file, 'history'));
    const lines = human.stdout.trim().split('\n');
    expect(lines.filter((l) => !l.startsWith(' '.repeat(20)))).toHaveLength(3);
    expect(lines.filter((l) => /^ {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}\S/.test(l))).toHaveLength(2);
    const clients = ok(await etiq(file, 'clients'));
    // A title, a header row and one row per client.
    expect(clients.stdout.trim().split('\n')).toHaveLength(4);
    // And the bytes in the file are the same text.
    const conn = new Database(file, { readonly: true });
    expect(conn.prepare("SELECT notes FROM clients WHERE email = 'zoe@example.com'").pluck().get()).toBe(note);
    conn.close();
  });
});
