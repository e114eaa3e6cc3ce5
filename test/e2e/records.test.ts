import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/adapters/store.js';
import { fixtures, isolatedEnv, repoRoot, runEtiq, tempDir } from './helpers.js';

const sample = path.join(fixtures, 'sample', 'config.toml');
const group = path.join(fixtures, 'records', 'group.ics');

interface Entry {
  meeting: { uid: string; start: string; end: string; summary: string; recurrenceId: string | null };
  client: { email: string; name: string | null };
  outcome: string;
  minutes: number | null;
  notice: string | null;
  note: string | null;
  recordedAt: string;
  status?: string;
  supersededAt?: string;
  rescheduledTo: { start: string; uid: string } | null;
  rescheduledFrom: { start: string } | null;
}

function db(): string {
  return path.join(tempDir(), 'etiq.db');
}
const etiq = (file: string, ...args: string[]) => runEtiq([...args, '--config', sample, '--db', file]);
const json = <T>(stdout: string) => JSON.parse(stdout) as T;

describe('etiq noshow', () => {
  it('records the last client meeting with the documented JSON, minutes defaulting to the grace', async () => {
    const file = db();
    const r = await etiq(file, 'noshow', '--now', '2026-03-10T10:15', '--last', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const e = json<Entry>(r.stdout);
    expect(e).toMatchObject({
      meeting: { uid: 'acme-weekly@example.com', start: '2026-03-10T10:00:00-04:00', end: '2026-03-10T10:30:00-04:00', summary: 'Acme Corp — weekly check-in' },
      client: { email: 'priya@acme.example', name: 'Priya Nair' },
      outcome: 'no-show',
      minutes: 10,
      recordedAt: '2026-03-10T10:15:00-04:00',
      status: 'recorded',
    });
  });

  it('refuses a meeting before start + grace', async () => {
    const r = await etiq(db(), 'noshow', '--now', '2026-03-10T10:05', '--last');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('can be recorded from 2026-03-10T10:10:00-04:00');
  });

  it('changes nothing when recorded twice, and --undo reverts it into the history', async () => {
    const file = db();
    await etiq(file, 'noshow', '--now', '2026-03-10T10:15', '--uid', 'acme-weekly@example.com', '--recurrence-id', '2026-03-10T14:00:00Z');
    const again = await etiq(file, 'noshow', '--now', '2026-03-10T10:20', '--at', '2026-03-10T10:00', '--json');
    expect(json<Entry>(again.stdout).status).toBe('unchanged');
    const h1 = json<{ entries: Entry[] }>((await etiq(file, 'history', '--json')).stdout);
    expect(h1.entries).toHaveLength(1);
    const undo = await etiq(file, 'noshow', '--now', '2026-03-10T11:00', '--last', '--undo', '--json');
    expect(json<Entry>(undo.stdout).status).toBe('undone');
    expect(json<{ entries: Entry[] }>((await etiq(file, 'history', '--json')).stdout).entries).toHaveLength(0);
    const all = json<{ entries: Entry[] }>((await etiq(file, 'history', '--all', '--json')).stdout).entries;
    expect(all).toHaveLength(1);
    expect(all[0]!.supersededAt).toBe('2026-03-10T11:00:00-04:00');
  });

  it('records a meeting that is in no calendar with --client, --at and --duration', async () => {
    const file = db();
    const r = await etiq(file, 'noshow', '--now', '2026-03-10T17:00', '--client', 'New@Client.example', '--at', '2026-03-10T16:00', '--duration', '45m', '--waited', '12', '--json');
    expect(r.code).toBe(0);
    expect(json<Entry>(r.stdout)).toMatchObject({ client: { email: 'new@client.example' }, minutes: 12, meeting: { start: '2026-03-10T16:00:00-04:00', end: '2026-03-10T16:45:00-04:00' } });
  });

  it('asks for --client when a meeting has several clients and there is no terminal', async () => {
    const file = db();
    const r = await runEtiq(['noshow', '--config', sample, '--calendar', group, '--tz', 'UTC', '--db', file, '--now', '2026-03-10T16:00:00Z', '--last']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2 clients \(ann@one\.example, bob@two\.example\): pass --client EMAIL/);
    const ok = await runEtiq(['noshow', '--config', sample, '--calendar', group, '--tz', 'UTC', '--db', file, '--now', '2026-03-10T16:00:00Z', '--last', '--client', 'bob@TWO.example', '--json']);
    expect(json<Entry>(ok.stdout).client.email).toBe('bob@two.example');
  });

  it('without a selector and without a terminal, names the flags instead of prompting', async () => {
    const r = await etiq(db(), 'noshow', '--now', '2026-03-10T10:15');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--uid.*--at.*--last/);
    expect(r.stderr).not.toMatch(/\s+at .*\.js:\d+/);
  });
});

describe('etiq log', () => {
  it('records every outcome with the names of the contract', async () => {
    const file = db();
    const at = (when: string, outcome: string, ...extra: string[]) => etiq(file, 'log', outcome, '--now', when, '--at', '2026-03-12T11:00', '--json', ...extra);
    const attended = json<Entry>((await at('2026-03-12T12:00', 'attended')).stdout);
    expect(attended.outcome).toBe('attended');
    const late = json<Entry>((await at('2026-03-12T12:00', 'late', '--minutes', '7')).stdout);
    expect([late.outcome, late.minutes, late.status]).toEqual(['late', 7, 'corrected']);
    expect(json<Entry>((await at('2026-03-12T08:00', 'cancelled', '--notice', '3h')).stdout).outcome).toBe('late-cancel');
    expect(json<Entry>((await at('2026-03-10T08:00', 'cancelled', '--notice', '2d')).stdout)).toMatchObject({ outcome: 'cancelled', notice: '2d' });
    expect(json<Entry>((await at('2026-03-12T08:00', 'cancelled', '--told-at', '2026-03-11T10:00')).stdout)).toMatchObject({ outcome: 'cancelled', notice: '1d1h' });
    for (const host of ['host-cancelled', 'host-no-show']) expect(json<Entry>((await at('2026-03-12T12:00', host)).stdout).outcome).toBe(host);
    expect(json<Entry>((await at('2026-03-12T12:00', 'host-late', '--minutes', '4')).stdout)).toMatchObject({ outcome: 'host-late', minutes: 4 });
    const all = json<{ entries: Entry[] }>((await etiq(file, 'history', 'oliver@globex.example', '--all', '--json')).stdout).entries;
    expect(all.map((e) => e.outcome).sort()).toEqual(['attended', 'cancelled', 'cancelled', 'host-cancelled', 'host-late', 'host-no-show', 'late', 'late-cancel']);
    expect(all[0]!.outcome).toBe('host-late'); // newest first: recorded last, at the latest time
    expect(all.filter((e) => !e.supersededAt)).toHaveLength(1);
  });

  it('keeps a reschedule chain A -> B -> C', async () => {
    const file = db();
    await etiq(file, 'log', 'rescheduled', '--now', '2026-03-11T09:00', '--at', '2026-03-12T11:00', '--to', '2026-03-19T11:00');
    const b = await runEtiq(['log', 'rescheduled', '--config', sample, '--db', file, '--now', '2026-03-18T09:00', '--client', 'oliver@globex.example', '--at', '2026-03-19T11:00', '--to', '2026-03-26T11:00', '--json']);
    expect(b.code).toBe(0);
    const entries = json<{ entries: Entry[] }>((await etiq(file, 'history', 'oliver@globex.example', '--json')).stdout).entries;
    expect(entries.map((e) => [e.meeting.start, e.rescheduledTo?.start, e.rescheduledFrom?.start ?? null])).toEqual([
      ['2026-03-19T11:00:00-04:00', '2026-03-26T11:00:00-04:00', '2026-03-12T11:00:00-04:00'],
      ['2026-03-12T11:00:00-04:00', '2026-03-19T11:00:00-04:00', null],
    ]);
  });

  it('rejects an unknown outcome and misplaced flags with exit 2', async () => {
    for (const args of [['log', 'vanished', '--last'], ['log', 'late', '--last'], ['log', 'attended', '--last', '--notice', '2h'], ['log', 'rescheduled', '--last']]) {
      const r = await etiq(db(), ...args, '--now', '2026-03-12T12:00');
      expect(r.code, args.join(' ')).toBe(2);
    }
  });
});

describe('etiq clients and history', () => {
  it('round-trips names and notes with quotes, emoji, newlines and 10,000 characters', async () => {
    const file = db();
    const long = 'x'.repeat(10_000);
    const name = 'Zoë "Z" O\'Brien 🚀\nsecond line';
    const set = await etiq(file, 'clients', 'set', 'zoe@example.com', '--name', name, '--tz', 'Europe/Dublin', '--org', 'Ünïcode & Co', '--note', long, '--json');
    expect(set.code).toBe(0);
    const list = json<{ clients: { email: string; name: string; notes: string; timezone: string; organisation: string }[] }>((await etiq(file, 'clients', '--json')).stdout).clients;
    expect(list[0]).toMatchObject({ email: 'zoe@example.com', name, notes: long, timezone: 'Europe/Dublin', organisation: 'Ünïcode & Co' });
    const noted = await etiq(file, 'noshow', '--now', '2026-03-10T10:15', '--last', '--note', `${name}\n${long}`, '--json');
    expect(json<Entry>(noted.stdout).note).toBe(`${name}\n${long}`);
    const bad = await etiq(file, 'clients', 'set', 'zoe@example.com', '--tz', 'Atlantis/Capital');
    expect(bad.code).toBe(2);
  });
});

describe('store reliability', () => {
  it('stores all of 20 concurrent etiq log processes without "database is locked"', async () => {
    const file = db();
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runEtiq(['log', 'attended', '--tz', 'UTC', '--db', file, '--now', '2026-03-20T12:00:00Z', '--client', `c${i}@x.example`, '--at', `2026-03-${String(10 + (i % 9)).padStart(2, '0')}T${String(8 + Math.floor(i / 9)).padStart(2, '0')}:00:00Z`, '--json'], { env: isolatedEnv() }),
      ),
    );
    for (const r of runs) {
      expect(r.stderr).not.toMatch(/locked/i);
      expect(r.code).toBe(0);
    }
    const conn = new Database(file, { readonly: true });
    expect((conn.prepare('SELECT COUNT(*) AS n FROM outcomes').get() as { n: number }).n).toBe(20);
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    conn.close();
  });

  it('stays consistent when a writer is killed in the middle of a transaction', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'etiq.db');
    await etiq(file, 'noshow', '--now', '2026-03-10T10:15', '--last');
    const script = path.join(dir, 'writer.mjs');
    fs.writeFileSync(
      script,
      `import { Store } from ${JSON.stringify(path.join(repoRoot, 'dist', 'adapters', 'store.js'))};
const s = Store.open(${JSON.stringify(file)});
s.write(() => {
  for (let i = 0; i < 200000; i++) {
    s.upsertClient('bulk' + i + '@x.example', 'Bulk ' + i, Date.now());
    if (i === 2000) process.stdout.write('mid-write\\n');
  }
});
`,
    );
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
      child.stdout.on('data', () => child.kill('SIGKILL'));
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer was not killed (${signal})`))));
    });
    const conn = new Database(file);
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((conn.prepare("SELECT COUNT(*) AS n FROM clients WHERE email LIKE 'bulk%'").get() as { n: number }).n).toBe(0);
    conn.close();
    const h = await etiq(file, 'history', '--json');
    expect(json<{ entries: Entry[] }>(h.stdout).entries.map((e) => e.outcome)).toEqual(['no-show']);
  });

  it('refuses a non-SQLite file, a newer schema and an unwritable location, leaving files untouched', async () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.db');
    fs.writeFileSync(text, 'my precious notes\n');
    const newer = path.join(dir, 'newer.db');
    const c = new Database(newer);
    c.exec('CREATE TABLE keep (x)');
    c.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    c.close();
    const damaged = path.join(dir, 'damaged.db');
    const d = new Database(damaged);
    d.exec('CREATE TABLE t (x TEXT)');
    const ins = d.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 2000; i++) ins.run('row '.repeat(20) + i);
    d.close();
    const bytes = fs.readFileSync(damaged);
    bytes.fill(0xab, 4096, 4096 * 3);
    fs.writeFileSync(damaged, bytes);
    const blocker = path.join(dir, 'plain-file');
    fs.writeFileSync(blocker, '');
    for (const [file, pattern] of [
      [text, /not an etiq database \(not an SQLite file\); it was left untouched/],
      [newer, /written by a newer etiq \(schema \d+; this etiq knows up to \d+\)/],
      [damaged, /is damaged/],
      [path.join(blocker, 'sub', 'etiq.db'), /cannot create the database folder/],
    ] as const) {
      const before = fs.existsSync(file) ? fs.readFileSync(file) : null;
      const r = await etiq(file, 'noshow', '--now', '2026-03-10T10:15', '--last');
      expect(r.code, file).toBe(1);
      expect(r.stderr.trim().split('\n'), file).toHaveLength(1);
      expect(r.stderr, file).toMatch(pattern);
      if (before) expect(fs.readFileSync(file).equals(before), file).toBe(true);
    }
  });

  it('copies an older database aside before migrating it', async () => {
    const file = db();
    const c = new Database(file);
    c.exec("CREATE TABLE legacy (x); INSERT INTO legacy VALUES ('kept')");
    c.close();
    const r = await etiq(file, 'clients', '--json');
    expect(r.code).toBe(0);
    const conn = new Database(file, { readonly: true });
    expect(conn.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    conn.close();
    const backup = new Database(`${file}.bak-0`, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(0);
    expect(backup.prepare('SELECT x FROM legacy').get()).toEqual({ x: 'kept' });
    backup.close();
  });
});
