/**
 * The command contracts as a shell sees them: the real bin/etiq.cjs in a child process, one
 * test per command: exit codes 0, 1 and 2, what goes to stdout and what to stderr. The
 * many cases behind each command run in-process (runEtiq) in the other e2e files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, spawnEtiq, tempDir, type RunResult } from './helpers.js';

const sample = path.join(fixtures, 'sample', 'config.toml');
const STACK = /^\s+at .+(:\d+:\d+\)?|\(node:.+\))$/m;

function succeeds(r: RunResult): RunResult {
  expect(r.stderr, r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.length).toBeGreaterThan(0);
  return r;
}

/** Exit code `code`, nothing on stdout, one `etiq: ` sentence on stderr (plus an optional hint line), no stack. */
function failsWith(r: RunResult, code: 1 | 2, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^etiq: /);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(STACK);
}

function db(): string {
  return path.join(tempDir('etiq-contract-'), 'etiq.db');
}

/** A file where the database should be that is not one: every store command fails with exit 1. */
function notADatabase(): string {
  const file = path.join(tempDir('etiq-contract-'), 'etiq.db');
  fs.writeFileSync(file, 'not a database\n');
  return file;
}

describe('the binary', () => {
  it('etiq --version, --help and etiq alone print to stdout and exit 0; an unknown command exits 2', async () => {
    const [version, help, unknown, alone] = await Promise.all([spawnEtiq(['--version']), spawnEtiq(['--help']), spawnEtiq(['agendaa']), spawnEtiq([])]);
    expect(succeeds(version).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(succeeds(help).stdout).toMatch(/Usage: etiq/);
    expect(succeeds(alone).stdout).toMatch(/^etiq keeps client meetings honest/);
    failsWith(unknown, 2, /unknown command 'agendaa'/);
  });
});

describe('command contracts (spawned)', () => {
  it('agenda: JSON on stdout, exit 0; a missing calendar file exits 2 on stderr', async () => {
    const [good, bad] = await Promise.all([
      spawnEtiq(['agenda', '--config', sample, '--now', '2026-03-09T08:00', '--json']),
      spawnEtiq(['agenda', '--calendar', '/nonexistent/etiq.ics', '--tz', 'UTC']),
    ]);
    expect(JSON.parse(succeeds(good).stdout)).toHaveProperty('events');
    failsWith(bad, 2, /\/nonexistent\/etiq\.ics/);
  });

  it('slots: text on stdout, exit 0; a bad flag value exits 2; an unreadable calendar exits 1', async () => {
    const [good, bad, missing] = await Promise.all([
      spawnEtiq(['slots', '--config', sample, '--now', '2026-03-09T08:00', '--offer', '2']),
      spawnEtiq(['slots', '--config', sample, '--now', '2026-03-09T08:00', '--offer', 'two']),
      spawnEtiq(['slots', '--config', sample, '--now', '2026-03-09T08:00', '--calendar', 'http://127.0.0.1:9/none.ics']),
    ]);
    expect(succeeds(good).stdout).toMatch(/^Proposed 30-minute slots/);
    failsWith(bad, 2, /--offer "two"/);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^etiq: no slots offered: /m);
  });

  it('noshow: records (exit 0), refuses too early (exit 2), and a damaged store is exit 1', async () => {
    const file = db();
    succeeds(await spawnEtiq(['noshow', '--config', sample, '--db', file, '--now', '2026-03-10T10:15', '--last']));
    failsWith(await spawnEtiq(['noshow', '--config', sample, '--db', db(), '--now', '2026-03-10T10:05', '--last']), 2, /can be recorded from/);
    failsWith(await spawnEtiq(['noshow', '--config', sample, '--db', notADatabase(), '--now', '2026-03-10T10:15', '--last']), 1, /not an etiq database/);
  });

  it('log: records (exit 0); an unknown outcome exits 2', async () => {
    const [good, bad] = await Promise.all([
      spawnEtiq(['log', 'attended', '--config', sample, '--db', db(), '--now', '2026-03-10T11:00', '--last', '--json']),
      spawnEtiq(['log', 'vanished', '--config', sample, '--db', db(), '--last']),
    ]);
    expect(JSON.parse(succeeds(good).stdout)).toMatchObject({ outcome: 'attended', status: 'recorded' });
    failsWith(bad, 2, /"vanished" is not an outcome/);
  });

  it('history: exit 0 on an empty store; an unknown client exits 2; a damaged store exits 1', async () => {
    const [good, bad, broken] = await Promise.all([
      spawnEtiq(['history', '--config', sample, '--db', db()]),
      spawnEtiq(['history', 'nobody@example.com', '--config', sample, '--db', db()]),
      spawnEtiq(['history', '--config', sample, '--db', notADatabase()]),
    ]);
    expect(succeeds(good).stdout).toMatch(/Nothing recorded yet/);
    failsWith(bad, 2, /no client "nobody@example\.com"/);
    failsWith(broken, 1, /not an etiq database/);
  });

  it('clients and clients set: exit 0; a bad email exits 2; a damaged store exits 1', async () => {
    const file = db();
    succeeds(await spawnEtiq(['clients', 'set', 'ann@example.com', '--name', 'Ann', '--config', sample, '--db', file]));
    const [list, bad, broken] = await Promise.all([
      spawnEtiq(['clients', '--config', sample, '--db', file, '--json']),
      spawnEtiq(['clients', 'set', 'not an email', '--name', 'X', '--config', sample, '--db', file]),
      spawnEtiq(['clients', '--config', sample, '--db', notADatabase()]),
    ]);
    expect(JSON.parse(succeeds(list).stdout).clients).toHaveLength(1);
    failsWith(bad, 2, /is not an email address/);
    failsWith(broken, 1, /not an etiq database/);
  });

  it('offers and offers cancel: exit 0 with JSON; an unknown offer exits 2; a damaged store exits 1', async () => {
    const [list, unknown, broken] = await Promise.all([
      spawnEtiq(['offers', '--config', sample, '--db', db(), '--json']),
      spawnEtiq(['offers', 'cancel', '99', '--config', sample, '--db', db()]),
      spawnEtiq(['offers', '--config', sample, '--db', notADatabase()]),
    ]);
    expect(JSON.parse(succeeds(list).stdout)).toEqual({ offers: [] });
    failsWith(unknown, 2, /there is no offer 99/);
    failsWith(broken, 1, /not an etiq database/);
  });

  it('templates and templates show: exit 0; an unknown situation exits 2', async () => {
    const [list, show, bad] = await Promise.all([
      spawnEtiq(['templates', '--config', sample, '--json']),
      spawnEtiq(['templates', 'show', 'noshow', '--config', sample]),
      spawnEtiq(['templates', 'show', 'nope', '--config', sample]),
    ]);
    expect(JSON.parse(succeeds(list).stdout).templates).toHaveLength(10);
    expect(succeeds(show).stdout).toMatch(/^Rescheduling \{\{meeting\.title\}\}/);
    failsWith(bad, 2, /"nope" is not a situation/);
  });

  it('report: JSON on stdout, exit 0; a bad flag value exits 2', async () => {
    const file = db();
    succeeds(await spawnEtiq(['noshow', '--config', sample, '--db', file, '--now', '2026-03-10T10:15', '--last', '--no-draft']));
    const [good, bad] = await Promise.all([
      spawnEtiq(['report', '--config', sample, '--db', file, '--now', '2026-03-10T11:00', '--json']),
      spawnEtiq(['report', '--config', sample, '--db', file, '--now', '2026-03-10T11:00', '--min-incidents', 'many']),
    ]);
    // 90 calendar days back across the US clock change (8 March): 11:00 on both sides.
    const doc = JSON.parse(succeeds(good).stdout) as { since: string; until: string; clients: { email: string; noShows: number; flag: string }[] };
    expect([doc.since, doc.until]).toEqual(['2025-12-10T11:00:00-05:00', '2026-03-10T11:00:00-04:00']);
    expect(doc.clients).toMatchObject([{ email: 'priya@acme.example', noShows: 1, flag: 'new' }]);
    failsWith(bad, 2, /--min-incidents "many" must be a whole number/);
  });

  it('reply: "no" is an answer (exit 0, JSON); an unreadable phrase exits 2', async () => {
    const [none, bad] = await Promise.all([
      spawnEtiq(['reply', '--client', 'priya@acme.example', '--proposed', '2026-03-11T11:00', '--config', sample, '--db', db(), '--now', '2026-03-10T11:00', '--json']),
      spawnEtiq(['reply', '--client', 'priya@acme.example', '--proposed', 'whenever suits', '--config', sample, '--db', db(), '--now', '2026-03-10T11:00']),
    ]);
    expect(JSON.parse(succeeds(none).stdout)).toMatchObject({ accepted: false, reason: 'no-offer' });
    failsWith(bad, 2, /whenever suits/);
  });
});
