/**
 * The record commands' rules on a consultant's calendar (issue 8, "One true account"),
 * in-process through main(argv, io) with real SQLite files in temp folders.
 *
 * fixtures/records/berlin.ics (Outlook zone names, Europe/Berlin; CET +01:00 in March
 * until the 29th), user Lena Vogel <lena@vogel-consulting.example> (berlin.toml):
 *   Northwind weekly   Mondays 10:00-11:00 from 2 Mar, COUNT=6, with Tom Berger
 *                      9 Mar removed (EXDATE), 16 Mar cancelled (override STATUS:CANCELLED),
 *                      23 Mar moved to Tue 24 Mar 14:00-15:00
 *   Contoso pitch      Wed 4 Mar 15:00-15:30, organised by Anna, declined by Lena
 *   Fabrikam review    Thu 5 Mar 16:00-17:00 with Jo Miller
 *   Leave              all day 30 Mar - 12 Apr (DTEND 13 Apr)
 * policy: grace 10m, late_cancel 24h.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import stringWidth from 'string-width';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutcomeJson } from '../../src/render/records.js';
import { bin, fixtures, isolatedEnv, repoRoot, runEtiq, tempDir, type RunResult } from './helpers.js';

const config = path.join(fixtures, 'records', 'berlin.toml');
const berlinIcs = path.join(fixtures, 'records', 'berlin.ics');
const WEEKLY = 'northwind-weekly@vogel-consulting.example';
const STACK = /^\s+at .+(:\d+:\d+\)?|\(node:.+\))$/m;

/** The documented JSON of an outcome (render/records.ts); `restored` with --undo. */
type Entry = OutcomeJson & { restored?: Entry | null };

function newDb(): string {
  return path.join(tempDir('etiq-rules-'), 'etiq.db');
}

const etiq = (db: string, ...args: string[]) => runEtiq([...args, '--config', config, '--db', db]);

function ok(r: RunResult): RunResult {
  expect(r.stderr, r.stderr).toBe('');
  expect(r.code, r.stdout).toBe(0);
  return r;
}

function json<T>(r: RunResult): T {
  ok(r);
  return JSON.parse(r.stdout) as T;
}

/** Exit `code`, nothing on stdout, one `etiq:` sentence (and at most a hint line), no stack trace. */
function failsWith(r: RunResult, code: 1 | 2, pattern: RegExp): void {
  expect(r.code, `${r.stderr}${r.stdout}`).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines.length, r.stderr).toBeLessThanOrEqual(2);
  expect(lines[0]).toMatch(/^etiq: /);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(STACK);
}

async function history(db: string, ...args: string[]): Promise<Entry[]> {
  return json<{ entries: Entry[] }>(await etiq(db, 'history', ...args, '--json')).entries;
}

function fingerprint(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

// ---------------------------------------------------------------------------------------

describe('1. a cancelled or declined meeting carries no attendance outcome, however it is named', () => {
  it('an occurrence removed by EXDATE, named by --uid/--recurrence-id or by --at', async () => {
    const db = newDb();
    for (const selector of [
      ['--uid', WEEKLY, '--recurrence-id', '2026-03-09T10:00'],
      ['--uid', WEEKLY, '--recurrence-id', '2026-03-09T09:00:00Z'],
      ['--at', '2026-03-09T10:00'],
    ]) {
      failsWith(
        await etiq(db, 'noshow', '--now', '2026-03-20T12:00', ...selector),
        2,
        /"Northwind weekly" \(2026-03-09T10:00:00\+01:00\) is removed from its series in the calendar \(EXDATE\): a meeting that did not take place is not one anyone missed/,
      );
    }
    expect(fs.existsSync(db)).toBe(false);
  });

  it('an occurrence cancelled by an override (STATUS:CANCELLED), by --uid or --at; attended too', async () => {
    const db = newDb();
    const cancelled = /"Northwind weekly" \(2026-03-16T10:00:00\+01:00\) is cancelled in the calendar \(STATUS:CANCELLED\)/;
    failsWith(await etiq(db, 'noshow', '--now', '2026-03-20T12:00', '--uid', WEEKLY, '--recurrence-id', '2026-03-16T09:00:00Z'), 2, cancelled);
    failsWith(await etiq(db, 'noshow', '--now', '2026-03-20T12:00', '--at', '2026-03-16T10:00'), 2, cancelled);
    failsWith(await etiq(db, 'log', 'attended', '--now', '2026-03-20T12:00', '--at', '2026-03-16T10:00'), 2, /is not one anyone attended/);
    failsWith(await etiq(db, 'log', 'host-no-show', '--now', '2026-03-20T12:00', '--at', '2026-03-16T10:00'), 2, cancelled);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('a meeting the user declined', async () => {
    const db = newDb();
    const declined = /"Contoso pitch" \(2026-03-04T15:00:00\+01:00\) is one you declined: a meeting that did not take place is not one anyone missed/;
    failsWith(await etiq(db, 'noshow', '--now', '2026-03-04T16:00', '--uid', 'contoso-pitch@contoso.example'), 2, declined);
    failsWith(await etiq(db, 'noshow', '--now', '2026-03-04T16:00', '--at', '2026-03-04T15:00'), 2, declined);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('a cancellation can still be recorded on a cancelled or removed occurrence', async () => {
    const db = newDb();
    const c = json<Entry>(await etiq(db, 'log', 'cancelled', '--now', '2026-03-10T09:00', '--uid', WEEKLY, '--recurrence-id', '2026-03-16T10:00', '--notice', '3d', '--json'));
    expect(c).toMatchObject({ outcome: 'cancelled', notice: '3d', meeting: { start: '2026-03-16T10:00:00+01:00', recurrenceId: '2026-03-16T09:00:00Z' } });
    const r = json<Entry>(await etiq(db, 'log', 'cancelled', '--now', '2026-03-08T20:00', '--at', '2026-03-09T10:00', '--json'));
    // Told at 20:00 the evening before a 10:00 meeting: 14 hours, under the 24h policy.
    expect(r).toMatchObject({ outcome: 'late-cancel', notice: '14h', meeting: { start: '2026-03-09T10:00:00+01:00', recurrenceId: '2026-03-09T09:00:00Z' } });
  });

  it('--uid alone, --last and a moved occurrence pick meetings that took place', async () => {
    const db = newDb();
    // On the 20th: the 16th is cancelled and the 9th removed, so the latest is the 2nd.
    const byUid = json<Entry>(await etiq(db, 'noshow', '--now', '2026-03-20T12:00', '--uid', WEEKLY, '--json'));
    expect(byUid.meeting.start).toBe('2026-03-02T10:00:00+01:00');
    // --last on the 16th at noon: not the cancelled call that morning, nor the declined pitch (4th).
    const last = json<Entry>(await etiq(db, 'log', 'attended', '--now', '2026-03-16T12:00', '--last', '--json'));
    expect(last.meeting).toMatchObject({ uid: 'fabrikam-review@vogel-consulting.example', start: '2026-03-05T16:00:00+01:00' });
    // The occurrence of the 23rd moved to Tuesday 24th 14:00, named by its recurrence id.
    const moved = json<Entry>(await etiq(db, 'noshow', '--now', '2026-03-24T14:30', '--uid', WEEKLY, '--recurrence-id', '2026-03-23T10:00', '--json'));
    expect(moved.meeting).toMatchObject({ start: '2026-03-24T14:00:00+01:00', recurrenceId: '2026-03-23T09:00:00Z', summary: 'Northwind weekly (moved to Tuesday)' });
  });
});

describe('2. without [me], etiq does not record the user as their own client', () => {
  const noConfig = (db: string, ...args: string[]) => runEtiq([...args, '--calendar', berlinIcs, '--tz', 'Europe/Berlin', '--db', db]);

  it('refuses with exit 2, naming the config key, for every way of naming a calendar meeting', async () => {
    const db = newDb();
    for (const selector of [['--last'], ['--uid', WEEKLY], ['--at', '2026-03-02T10:00'], ['--at', '2026-03-02T10:00', '--client', 'tom@northwind.example']]) {
      const r = await noConfig(db, 'noshow', '--now', '2026-03-02T10:30', ...selector);
      failsWith(r, 2, /etiq does not know which attendee is you, so it would record you as your own client: set me\.email in .*config\.toml/);
      expect(r.stderr).toContain('--client EMAIL --at ISO');
    }
    expect(fs.existsSync(db)).toBe(false);
  });

  it('a meeting that is in no calendar can still be recorded by hand', async () => {
    const db = newDb();
    const e = json<Entry>(await noConfig(db, 'log', 'attended', '--now', '2026-03-06T12:00', '--client', 'new@client.example', '--at', '2026-03-06T11:00', '--json'));
    expect(e).toMatchObject({ outcome: 'attended', client: { email: 'new@client.example' }, meeting: { start: '2026-03-06T11:00:00+01:00' } });
  });
});

describe('3. recording again changes only what is given', () => {
  it('the same no-show with no new values is unchanged; new values correct only themselves', async () => {
    const db = newDb();
    const first = json<Entry>(await etiq(db, 'noshow', '--now', '2026-03-02T10:30', '--at', '2026-03-02T09:00:00Z', '--waited', '12', '--note', 'Rang twice', '--json'));
    expect(first).toMatchObject({ status: 'recorded', minutes: 12, note: 'Rang twice' });
    // The same meeting in local time, no values: nothing changes.
    const again = json<Entry>(await etiq(db, 'noshow', '--now', '2026-03-02T11:00', '--at', '2026-03-02T10:00', '--json'));
    expect(again).toMatchObject({ status: 'unchanged', minutes: 12, note: 'Rang twice', recordedAt: first.recordedAt });
    const human = ok(await etiq(db, 'noshow', '--now', '2026-03-02T11:05', '--uid', WEEKLY, '--recurrence-id', '2026-03-02T09:00:00Z'));
    // One sentence, word-wrapped to 80 columns.
    expect(human.stdout.split('\n\n')[0]).toMatch(/^Already recorded: [^]*\(nothing changed\)$/);
    expect(await history(db, '--all')).toHaveLength(1);

    const note = json<Entry>(await etiq(db, 'noshow', '--now', '2026-03-02T11:10', '--at', '2026-03-02T10:00', '--note', 'Called back at 11:00', '--json'));
    expect(note).toMatchObject({ status: 'corrected', minutes: 12, note: 'Called back at 11:00' });
    const minutes = json<Entry>(await etiq(db, 'noshow', '--now', '2026-03-02T11:15', '--at', '2026-03-02T10:00', '--waited', '15', '--json'));
    expect(minutes).toMatchObject({ status: 'corrected', minutes: 15, note: 'Called back at 11:00' });
    const cleared = json<Entry>(await etiq(db, 'noshow', '--now', '2026-03-02T11:20', '--at', '2026-03-02T10:00', '--note', '', '--json'));
    expect(cleared).toMatchObject({ status: 'corrected', minutes: 15, note: null });
    const all = await history(db, '--all');
    expect(all.map((e) => [e.minutes, e.note, e.supersededReason ?? null])).toEqual([
      [15, null, null],
      [15, 'Called back at 11:00', 'corrected'],
      [12, 'Called back at 11:00', 'corrected'],
      [12, 'Rang twice', 'corrected'],
    ]);
  });

  it('a different outcome keeps the note unless a new one is given; a cancellation keeps its notice', async () => {
    const db = newDb();
    ok(await etiq(db, 'noshow', '--now', '2026-03-02T10:30', '--at', '2026-03-02T10:00', '--waited', '12', '--note', 'Rang twice'));
    const late = json<Entry>(await etiq(db, 'log', 'late', '--now', '2026-03-02T10:40', '--at', '2026-03-02T10:00', '--minutes', '25', '--json'));
    expect(late).toMatchObject({ status: 'corrected', outcome: 'late', minutes: 25, note: 'Rang twice' });
    const c = json<Entry>(await etiq(db, 'log', 'cancelled', '--now', '2026-03-04T09:00', '--at', '2026-03-05T16:00', '--notice', '2d', '--json'));
    expect(c).toMatchObject({ outcome: 'cancelled', notice: '2d' });
    // Again, later, without a notice: the recorded notice stands (it is not "told now").
    const again = json<Entry>(await etiq(db, 'log', 'cancelled', '--now', '2026-03-05T15:00', '--at', '2026-03-05T16:00', '--json'));
    expect(again).toMatchObject({ status: 'unchanged', outcome: 'cancelled', notice: '2d' });
    const shorter = json<Entry>(await etiq(db, 'log', 'cancelled', '--now', '2026-03-05T15:00', '--at', '2026-03-05T16:00', '--notice', '3h', '--json'));
    expect(shorter).toMatchObject({ status: 'corrected', outcome: 'late-cancel', notice: '3h' });
  });
});

describe('4. --undo restores the state before the change it undoes', () => {
  it('no-show, corrected to host-no-show, then --undo host-no-show: the no-show is current again', async () => {
    const db = newDb();
    ok(await etiq(db, 'noshow', '--now', '2026-03-02T10:30', '--at', '2026-03-02T10:00', '--waited', '12', '--note', 'Rang twice'));
    expect(json<Entry>(await etiq(db, 'log', 'host-no-show', '--now', '2026-03-02T10:40', '--at', '2026-03-02T10:00', '--json')).status).toBe('corrected');
    const undo = json<Entry>(await etiq(db, 'log', 'host-no-show', '--now', '2026-03-02T10:50', '--at', '2026-03-02T10:00', '--undo', '--json'));
    expect(undo).toMatchObject({ status: 'undone', outcome: 'host-no-show', supersededReason: 'undone', supersededAt: '2026-03-02T10:50:00+01:00' });
    expect(undo.restored).toMatchObject({ outcome: 'no-show', minutes: 12, note: 'Rang twice', recordedAt: '2026-03-02T10:30:00+01:00' });
    expect(undo.restored?.supersededAt).toBeUndefined();
    // The client's timeline shows the meeting again, with the no-show.
    const tom = await history(db, 'tom@northwind.example');
    expect(tom.map((e) => [e.meeting.start, e.outcome, e.minutes])).toEqual([['2026-03-02T10:00:00+01:00', 'no-show', 12]]);
    const all = await history(db, 'tom@northwind.example', '--all');
    expect(all.map((e) => [e.outcome, e.supersededReason ?? null])).toEqual([
      ['no-show', null],
      ['host-no-show', 'undone'],
    ]);
    // The human line says what is current again.
    ok(await etiq(db, 'log', 'host-no-show', '--now', '2026-03-02T11:00', '--at', '2026-03-02T10:00'));
    const human = ok(await etiq(db, 'log', 'host-no-show', '--now', '2026-03-02T11:05', '--at', '2026-03-02T10:00', '--undo'));
    expect(human.stdout.split('\n')).toEqual([
      'Undone: you missed "Northwind weekly" with Tom Berger <tom@northwind.example>,',
      '  Mon 2 Mar 2026 10:00 (kept in the history as undone)',
      'Current again: Tom Berger <tom@northwind.example> did not show',
      '  (you waited 12 min): "Northwind weekly", Mon 2 Mar 2026 10:00',
      '',
    ]);
  });

  it('undoes only the outcome named, and a first record leaves nothing current', async () => {
    const db = newDb();
    ok(await etiq(db, 'noshow', '--now', '2026-03-02T10:30', '--at', '2026-03-02T10:00'));
    failsWith(
      await etiq(db, 'log', 'attended', '--now', '2026-03-02T10:40', '--at', '2026-03-02T10:00', '--undo'),
      2,
      /nothing to undo: the current outcome of "Northwind weekly" \(2026-03-02T10:00:00\+01:00\) is no-show, not attended \(undo it with `etiq log no-show --undo`\)/,
    );
    const undo = json<Entry>(await etiq(db, 'noshow', '--now', '2026-03-02T10:45', '--at', '2026-03-02T10:00', '--undo', '--json'));
    expect(undo).toMatchObject({ status: 'undone', restored: null });
    expect(await history(db)).toEqual([]);
    failsWith(await etiq(db, 'noshow', '--now', '2026-03-02T10:50', '--at', '2026-03-02T10:00', '--undo', '--note', 'x'), 2, /--undo takes no values \(--note\)/);
  });
});

describe('5. the timeline is ordered by meeting date, corrections under their meeting', () => {
  it('history CLIENT, JSON and human, with --all', async () => {
    const db = newDb();
    // Recorded in the opposite order of the meetings.
    ok(await etiq(db, 'log', 'attended', '--now', '2026-03-24T15:10', '--at', '2026-03-24T14:00'));
    ok(await etiq(db, 'noshow', '--now', '2026-03-25T09:00', '--at', '2026-03-02T10:00'));
    ok(await etiq(db, 'log', 'late', '--minutes', '5', '--now', '2026-03-25T09:05', '--at', '2026-03-02T10:00'));
    const current = await history(db, 'tom@northwind.example');
    expect(current.map((e) => [e.meeting.start, e.outcome])).toEqual([
      ['2026-03-24T14:00:00+01:00', 'attended'],
      ['2026-03-02T10:00:00+01:00', 'late'],
    ]);
    const all = await history(db, 'tom@northwind.example', '--all');
    expect(all.map((e) => [e.meeting.start, e.outcome, e.supersededReason ?? null])).toEqual([
      ['2026-03-24T14:00:00+01:00', 'attended', null],
      ['2026-03-02T10:00:00+01:00', 'late', null],
      ['2026-03-02T10:00:00+01:00', 'no-show', 'corrected'],
    ]);
    const human = ok(await etiq(db, 'history', 'tom@northwind.example', '--all')).stdout.split('\n');
    // Within 80 columns: an entry goes on under its text.
    expect(human).toEqual([
      'History of tom@northwind.example',
      '  2026-03-24 14:00  Tom Berger <tom@northwind.example> attended: "Northwind',
      '                    weekly (moved to Tuesday)"',
      '  2026-03-02 10:00  Tom Berger <tom@northwind.example> was 5 min late:',
      '                    "Northwind weekly"',
      '                    ↳ Tom Berger <tom@northwind.example> did not show',
      '                      (you waited 10 min): "Northwind weekly"',
      '                      [corrected 2026-03-25 09:05]',
      '',
    ]);
  });
});

// Tests run as root, whom permissions do not stop: an immutable folder or file
// (chattr +i) does, where the file system allows it.
const immutable: string[] = [];
const chattr = (flag: '+i' | '-i', target: string) => spawnSync('chattr', [flag, target], { stdio: 'ignore' }).status === 0;
const canChattr = (() => {
  const probe = path.join(tempDir('etiq-chattr-'), 'probe');
  fs.writeFileSync(probe, '');
  const can = chattr('+i', probe);
  if (can) chattr('-i', probe);
  else console.log('read-only database tests skipped: chattr +i is not available here');
  return can;
})();
afterAll(() => {
  for (const t of immutable) chattr('-i', t);
});

describe('6. a database that cannot be written is still read', () => {
  async function seeded(): Promise<string> {
    const db = newDb();
    ok(await etiq(db, 'noshow', '--now', '2026-03-02T10:30', '--at', '2026-03-02T10:00', '--waited', '12'));
    ok(await etiq(db, 'clients', 'set', 'tom@northwind.example', '--tz', 'America/Chicago'));
    return db;
  }

  it.runIf(canChattr)('in a folder that cannot be written: history and clients work; writing commands say why', async () => {
    const db = await seeded();
    const dir = path.dirname(db);
    const before = { sha: fingerprint(db), files: fs.readdirSync(dir).sort() };
    immutable.push(dir);
    expect(chattr('+i', dir)).toBe(true);
    try {
      expect((await history(db)).map((e) => [e.outcome, e.minutes])).toEqual([['no-show', 12]]);
      const clients = json<{ clients: { email: string; timezone: string | null; misses: number }[] }>(await etiq(db, 'clients', '--json')).clients;
      expect(clients).toEqual([expect.objectContaining({ email: 'tom@northwind.example', timezone: 'America/Chicago', misses: 1 })]);
      expect(ok(await etiq(db, 'history', 'tom@northwind.example')).stdout).toContain('(you waited 12 min)');
      failsWith(await etiq(db, 'log', 'attended', '--now', '2026-03-05T17:00', '--at', '2026-03-05T16:00'), 1, /database .*etiq\.db cannot be written .*check the folder's permissions or pass --db/);
      failsWith(await etiq(db, 'clients', 'set', 'tom@northwind.example', '--name', 'T'), 1, /cannot be written/);
      expect(fs.readdirSync(dir).sort()).toEqual(before.files);
    } finally {
      chattr('-i', dir);
    }
    expect(fingerprint(db)).toBe(before.sha);
  });

  it.runIf(canChattr)('a read-only file in a writable folder: history and clients work', async () => {
    const db = await seeded();
    const before = fingerprint(db);
    immutable.push(db);
    expect(chattr('+i', db)).toBe(true);
    try {
      expect((await history(db)).map((e) => e.outcome)).toEqual(['no-show']);
      expect(ok(await etiq(db, 'clients')).stdout).toContain('tom@northwind.example');
    } finally {
      chattr('-i', db);
    }
    expect(fingerprint(db)).toBe(before);
  });

  it('reading commands on a database that does not exist yet show nothing and create nothing', async () => {
    const db = newDb();
    expect(ok(await etiq(db, 'history')).stdout).toContain('Nothing recorded yet.');
    expect(json<{ clients: unknown[] }>(await etiq(db, 'clients', '--json')).clients).toEqual([]);
    failsWith(await etiq(db, 'history', 'tom@northwind.example'), 2, /no client "tom@northwind\.example" is recorded/);
    expect(fs.existsSync(db)).toBe(false);
    expect(fs.readdirSync(path.dirname(db))).toEqual([]);
  });

  // A real permission check needs a user other than root: the binary as `nobody`.
  const asNobody = process.getuid?.() === 0 && spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;
  it.runIf(asNobody)('a read-only copy in a shared folder, read by another user (spawned as nobody)', async () => {
    const db = await seeded();
    const shared = tempDir('etiq-shared-');
    const copy = path.join(shared, 'etiq.db');
    fs.copyFileSync(db, copy);
    const home = tempDir('etiq-home-');
    for (const d of [shared, home]) fs.chmodSync(d, 0o555);
    fs.chmodSync(copy, 0o444);
    const run = (...args: string[]) =>
      spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, ...args, '--db', copy, '--tz', 'Europe/Berlin'], {
        cwd: repoRoot,
        env: isolatedEnv(home),
        encoding: 'utf8',
      });
    const h = run('history', '--json');
    expect(h.stderr).toBe('');
    expect(h.status).toBe(0);
    expect((JSON.parse(h.stdout) as { entries: Entry[] }).entries.map((e) => e.outcome)).toEqual(['no-show']);
    const c = run('clients');
    expect(c.status).toBe(0);
    expect(c.stdout).toContain('tom@northwind.example');
    const w = run('log', 'attended', '--client', 'x@y.example', '--at', '2026-03-05T16:00', '--now', '2026-03-05T17:00');
    expect(w.status).toBe(1);
    expect(w.stderr).toMatch(/^etiq: database .*etiq\.db cannot be written/);
    expect(fs.readdirSync(shared)).toEqual(['etiq.db']);
  });
});

describe('7. values that cannot be true are input errors that say what is allowed', () => {
  it('minutes late, minutes waited, --minutes where it means nothing, and --to in the past', async () => {
    const db = newDb();
    const at = ['--at', '2026-03-02T10:00', '--now', '2026-03-02T11:30'];
    failsWith(await etiq(db, 'log', 'late', '--minutes', '500', ...at), 2, /--minutes 500 is not allowed: late is 1 to 59 minutes on this 60-minute meeting \(late for the whole meeting is a no-show\)/);
    failsWith(await etiq(db, 'log', 'late', '--minutes', '60', ...at), 2, /late is 1 to 59 minutes/);
    failsWith(await etiq(db, 'log', 'host-late', '--minutes', '90', ...at), 2, /host-late is 1 to 59 minutes .*is a host-no-show/);
    failsWith(await etiq(db, 'log', 'attended', '--minutes', '5', ...at), 2, /--minutes goes with late, host-late and no-show, not attended/);
    failsWith(await etiq(db, 'log', 'cancelled', '--minutes', '5', ...at), 2, /--minutes goes with late, host-late and no-show, not cancelled/);
    failsWith(await etiq(db, 'noshow', '--waited', '0', ...at), 2, /--waited "0" must be a whole number of minutes from 1 to 1440/);
    failsWith(await etiq(db, 'noshow', '--waited', '61', ...at), 2, /--waited 61 is not allowed: the minutes waited are 1 to 60 on this 60-minute meeting/);
    failsWith(
      await etiq(db, 'log', 'rescheduled', '--to', '2026-03-01T10:00', '--at', '2026-03-02T10:00', '--now', '2026-03-02T08:00'),
      2,
      /--to 2026-03-01T10:00:00\+01:00 is in the past \(now is 2026-03-02T08:00:00\+01:00\): a meeting is rescheduled to a time still to come/,
    );
    expect(fs.existsSync(db)).toBe(false);
    // The limits themselves are accepted.
    expect(json<Entry>(await etiq(db, 'log', 'late', '--minutes', '59', ...at, '--json')).minutes).toBe(59);
    expect(json<Entry>(await etiq(db, 'noshow', '--waited', '60', ...at, '--json')).minutes).toBe(60);
  });

  it('a reschedule is printed with the year of its new time', async () => {
    const db = newDb();
    const r = ok(await etiq(db, 'log', 'rescheduled', '--to', '2026-03-19T16:00', '--at', '2026-03-05T16:00', '--now', '2026-03-04T09:00'));
    expect(r.stdout).toBe('Recorded: Jo Miller <jo@fabrikam.example> rescheduled to Thu 19 Mar 2026 16:00:\n  "Fabrikam review", Thu 5 Mar 2026 16:00\n');
  });
});

describe('8. a new reschedule target corrects the old one', () => {
  it('--to 19 Mar then --to 20 Mar: one current reschedule, to the 20th; the 19th is no longer their meeting', async () => {
    const db = newDb();
    const args = ['--at', '2026-03-05T16:00', '--now', '2026-03-04T09:00', '--json'];
    const first = json<Entry>(await etiq(db, 'log', 'rescheduled', '--to', '2026-03-19T16:00', ...args));
    expect(first).toMatchObject({ status: 'recorded', rescheduledTo: { start: '2026-03-19T16:00:00+01:00', end: '2026-03-19T17:00:00+01:00' } });
    const second = json<Entry>(await etiq(db, 'log', 'rescheduled', '--to', '2026-03-20T16:00', ...args));
    expect(second).toMatchObject({ status: 'corrected', rescheduledTo: { start: '2026-03-20T16:00:00+01:00' } });
    const same = json<Entry>(await etiq(db, 'log', 'rescheduled', '--to', '2026-03-20T16:00', ...args));
    expect(same.status).toBe('unchanged');
    const all = await history(db, 'jo@fabrikam.example', '--all');
    expect(all.map((e) => [e.rescheduledTo?.start, e.supersededReason ?? null])).toEqual([
      ['2026-03-20T16:00:00+01:00', null],
      ['2026-03-19T16:00:00+01:00', 'corrected'],
    ]);
    // Jo's meetings: the review and the time it moved to; not the abandoned 19th.
    const jo = json<{ clients: { email: string; meetings: number; lastMeeting: string | null }[] }>(await etiq(db, 'clients', '--json')).clients;
    expect(jo).toEqual([expect.objectContaining({ email: 'jo@fabrikam.example', meetings: 2, lastMeeting: '2026-03-20T16:00:00+01:00' })]);
    // The 20th is the meeting the review moved to: an outcome there continues the chain.
    const attended = json<Entry>(await etiq(db, 'log', 'attended', '--client', 'jo@fabrikam.example', '--at', '2026-03-20T16:00', '--now', '2026-03-20T17:00', '--json'));
    expect(attended).toMatchObject({ meeting: { uid: second.rescheduledTo!.uid }, rescheduledFrom: { start: '2026-03-05T16:00:00+01:00' } });
  });
});

describe("9. the user's own outcomes read as the user's; plurals; aligned columns", () => {
  it('host-late, host-cancelled and host-no-show say "you"', async () => {
    const db = newDb();
    expect(ok(await etiq(db, 'log', 'host-late', '--minutes', '4', '--at', '2026-03-02T10:00', '--now', '2026-03-02T10:30', '--no-draft')).stdout).toBe(
      'Recorded: you started 4 min late for "Northwind weekly" with\n  Tom Berger <tom@northwind.example>, Mon 2 Mar 2026 10:00\n',
    );
    expect(ok(await etiq(db, 'log', 'host-cancelled', '--at', '2026-03-05T16:00', '--now', '2026-03-04T09:00', '--no-draft')).stdout).toBe(
      'Recorded: you cancelled "Fabrikam review" with Jo Miller <jo@fabrikam.example>,\n  Thu 5 Mar 2026 16:00\n',
    );
    expect(ok(await etiq(db, 'log', 'host-no-show', '--at', '2026-03-05T16:00', '--now', '2026-03-05T17:00')).stdout).toMatch(
      /^Corrected: you missed "Fabrikam review" with Jo Miller <jo@fabrikam\.example>,\n {2}Thu 5 Mar 2026 16:00/,
    );
    const history = ok(await etiq(db, 'history')).stdout;
    expect(history).toContain('  2026-03-05 16:00  You missed "Fabrikam review" with\n                    Jo Miller <jo@fabrikam.example>\n');
    expect(history).toContain('  2026-03-02 10:00  You started 4 min late for "Northwind weekly" with\n                    Tom Berger <tom@northwind.example>\n');
  });

  it('"attendance can be recorded from", not "an attended"', async () => {
    const r = await etiq(newDb(), 'log', 'attended', '--at', '2026-03-05T16:00', '--now', '2026-03-05T15:00');
    failsWith(r, 2, /"Fabrikam review" starts 2026-03-05T16:00:00\+01:00; attendance can be recorded from 2026-03-05T16:00:00\+01:00/);
  });

  it('etiq clients: a header and aligned columns, whatever the names hold, and no "1 meetings"', async () => {
    const db = newDb();
    ok(await etiq(db, 'noshow', '--now', '2026-03-02T10:30', '--at', '2026-03-02T10:00'));
    ok(await etiq(db, 'clients', 'set', 'yamada@example.jp', '--name', '山田 太郎', '--org', 'Ōsaka 🚀 Works', '--tz', 'Asia/Tokyo'));
    ok(await etiq(db, 'clients', 'set', 'jo@fabrikam.example', '--name', 'J', '--org', 'F'.repeat(60)));
    const out = ok(await etiq(db, 'clients')).stdout;
    expect(out).not.toMatch(/\b1 meetings\b/);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('Clients (3)');
    const header = lines[1]!;
    expect(header).toMatch(/^ {2}Email +Name +Org +Zone +Mtgs +Missed +Last mtg$/);
    // Within 80 columns: the long organisation is cut first.
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    // Each number ends in the same terminal column as its header; the org is cut, not wrapped.
    const endOf = (line: string, text: string, from = 0) => stringWidth(line.slice(0, line.indexOf(text, from) + text.length));
    const meetingsEnd = endOf(header, 'Mtgs');
    const missedEnd = endOf(header, 'Missed');
    const rows = lines.slice(2);
    expect(rows.map((r) => r.trim().split(/\s+/)[0])).toEqual(['jo@fabrikam.example', 'tom@northwind.example', 'yamada@example.jp']);
    for (const row of rows) {
      const m = /(\d+) +(\d+) {2}(\S+)$/.exec(row)!;
      const meetingsAt = row.lastIndexOf(m[0]);
      expect(stringWidth(row.slice(0, meetingsAt + m[1]!.length)), row).toBe(meetingsEnd);
      expect(stringWidth(row.slice(0, row.lastIndexOf(`${m[2]}  ${m[3]}`) + m[2]!.length)), row).toBe(missedEnd);
    }
    expect(rows.find((r) => r.includes('tom@'))).toMatch(/ 1 +1 {2}2026-03-02$/);
    expect(rows.find((r) => r.includes('jo@'))).toContain(` ${'F'.repeat(5)}… `);
    expect(rows.find((r) => r.includes('yamada@'))).toContain('山田 太郎');
  });
});
