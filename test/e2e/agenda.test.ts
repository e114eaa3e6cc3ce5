import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { bin, calendar, fixtures, isolatedEnv, runEtiq, tempDir, vevent, writeIcs } from './helpers.js';

const sampleConfig = path.join(fixtures, 'sample', 'config.toml');
const NOW = '2026-03-09T08:00:00';

interface AgendaEvent {
  start: string;
  end: string;
  allDay: boolean;
  busy: boolean;
  status: string;
  uid: string;
  recurrenceId: string | null;
  summary: string;
  calendar: string;
}

interface Agenda {
  timezone: string;
  from: string;
  to: string;
  events: AgendaEvent[];
  warnings: { calendar: string; message: string }[];
}

describe('etiq agenda on the bundled sample', () => {
  let agenda: Agenda;
  beforeAll(async () => {
    const r = await runEtiq(['agenda', '--config', sampleConfig, '--now', NOW, '--days', '7', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    agenda = JSON.parse(r.stdout) as Agenda;
  });

  it('prints exactly the documented JSON shape', () => {
    expect(Object.keys(agenda).sort()).toEqual(['events', 'from', 'timezone', 'to', 'warnings']);
    expect(agenda.timezone).toBe('America/New_York');
    expect(agenda.from).toBe('2026-03-09T00:00:00-04:00');
    expect(agenda.to).toBe('2026-03-16T00:00:00-04:00');
    for (const e of agenda.events) {
      expect(Object.keys(e).sort()).toEqual(['allDay', 'busy', 'calendar', 'end', 'recurrenceId', 'start', 'status', 'summary', 'uid']);
      expect(['CONFIRMED', 'TENTATIVE', 'CANCELLED']).toContain(e.status);
    }
    expect(agenda.warnings).toEqual([]);
  });

  it('lists events sorted by start, in the user zone after the DST change', () => {
    const starts = agenda.events.map((e) => Date.parse(e.allDay ? `${e.start}T04:00:00Z` : e.start));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    const acme = agenda.events.find((e) => e.uid === 'acme-weekly@example.com')!;
    // DTSTART 15:00Z: 10:00 in New York once daylight time began on 8 March.
    expect(acme.start).toBe('2026-03-10T10:00:00-04:00');
    const globex = agenda.events.find((e) => e.uid === 'globex-kickoff@example.com')!;
    // 15:00 London (still GMT until 29 March) is 11:00 in New York (already EDT).
    expect(globex.start).toBe('2026-03-12T11:00:00-04:00');
    const initech = agenda.events.find((e) => e.uid === 'initech-demo@example.com')!;
    // TZID "Eastern Standard Time" is Outlook's Windows name for America/New_York.
    expect(initech.start).toBe('2026-03-10T14:00:00-04:00');
    expect(initech.status).toBe('TENTATIVE');
    expect(initech.busy).toBe(true);
  });

  it('applies EXDATE and RECURRENCE-ID overrides of a recurring series', () => {
    const standups = agenda.events.filter((e) => e.uid === 'standup-2026@example.com');
    expect(standups.map((e) => e.start)).toEqual([
      '2026-03-09T09:30:00-04:00',
      '2026-03-10T09:30:00-04:00',
      '2026-03-11T10:15:00-04:00',
      '2026-03-12T09:30:00-04:00',
    ]);
    const moved = standups[2]!;
    expect(moved.recurrenceId).toBe('2026-03-11T13:30:00Z');
    expect(moved.summary).toContain('moved');
  });

  it('lists cancelled, declined and free events, flagged not busy', () => {
    const byUid = new Map(agenda.events.map((e) => [e.uid, e]));
    expect(byUid.get('hooli-call@example.com')).toMatchObject({ status: 'CANCELLED', busy: false });
    expect(byUid.get('vendor-webinar@example.com')).toMatchObject({ status: 'CONFIRMED', busy: false });
    expect(byUid.get('focus-block@example.com')).toMatchObject({ busy: false });
    expect(byUid.get('all-hands-2026-03@example.com')).toMatchObject({ busy: true, end: '2026-03-11T10:00:00-04:00' });
  });

  it('shows all-day events as dates with an exclusive end', () => {
    const leave = agenda.events.find((e) => e.uid === 'leave-2026-03@personal.example')!;
    expect(leave).toMatchObject({ start: '2026-03-13', end: '2026-03-14', allDay: true, busy: true });
    expect(leave.calendar).toBe(path.join(fixtures, 'sample', 'personal.ics'));
    // A DATE event without DTEND lasts one day (RFC 5545 §3.6.1); 16 March is outside the window.
    expect(agenda.events.some((e) => e.uid === 'holiday-2026-03-16@example.com')).toBe(false);
  });
});

describe('etiq agenda windows and clock', () => {
  it('defaults to today in the user zone, from --now or ETIQ_NOW', async () => {
    const viaFlag = await runEtiq(['agenda', '--config', sampleConfig, '--now', '2026-03-12T23:30:00-04:00', '--json']);
    const viaEnv = await runEtiq(['agenda', '--config', sampleConfig, '--json'], { env: isolatedEnv(undefined, { ETIQ_NOW: '2026-03-13T03:30:00Z' }) });
    expect(viaFlag.code).toBe(0);
    expect(viaEnv.code).toBe(0);
    const a = JSON.parse(viaFlag.stdout) as Agenda;
    const b = JSON.parse(viaEnv.stdout) as Agenda;
    expect(a.from).toBe('2026-03-12T00:00:00-04:00');
    expect(a.to).toBe('2026-03-13T00:00:00-04:00');
    expect(b).toEqual(a);
    expect(a.events.map((e) => e.uid)).toContain('dentist-2026-03@personal.example');
  });

  it('reads --to as a whole day included, and ISO bounds as instants', async () => {
    const dates = await runEtiq(['agenda', '--config', sampleConfig, '--from', '2026-03-13', '--to', '2026-03-16', '--json']);
    const a = JSON.parse(dates.stdout) as Agenda;
    expect(a.to).toBe('2026-03-17T00:00:00-04:00');
    expect(a.events.map((e) => e.uid)).toContain('holiday-2026-03-16@example.com');
    const iso = await runEtiq(['agenda', '--config', sampleConfig, '--from', '2026-03-10T13:55:00Z', '--to', '2026-03-10T14:05:00Z', '--json']);
    const b = JSON.parse(iso.stdout) as Agenda;
    expect(b.events.map((e) => e.uid)).toEqual(['acme-weekly@example.com']);
  });

  it('rejects bad window flags with exit 2 and one sentence', async () => {
    for (const args of [
      ['--to', '2026-03-10', '--days', '2'],
      ['--from', 'yesterday-ish'],
      ['--days', '0'],
      ['--from', '2026-03-10', '--to', '2026-03-09'],
      ['--now', 'soon'],
      ['--tz', 'Mars/Olympus_Mons'],
    ]) {
      const r = await runEtiq(['agenda', '--config', sampleConfig, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^etiq: /);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
  });
});

describe('etiq agenda human output', () => {
  it('groups by day with local times and marks', async () => {
    const r = await runEtiq(['agenda', '--config', sampleConfig, '--now', NOW, '--days', '7']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\u001b\[/); // NO_COLOR and not a TTY: no escape codes
    expect(r.stdout).toContain('Mon 9 Mar 2026');
    expect(r.stdout).toMatch(/11:00–11:30 +Hooli renewal call \(cancelled\)/);
    expect(r.stdout).toMatch(/14:00–15:00 +Initech product demo \(tentative\)/);
    expect(r.stdout).toMatch(/13:00–14:00 +Vendor webinar \(declined\)/);
    expect(r.stdout).toMatch(/15:00–16:30 +Focus time \(free\)/);
    expect(r.stdout).toMatch(/all day +Day off/);
    expect(r.stdout.indexOf('Fri 13 Mar 2026')).toBeGreaterThan(r.stdout.indexOf('Thu 12 Mar 2026'));
  });

  it('uses colour only when forced or on a terminal, never with NO_COLOR or --no-color', async () => {
    const forced = await runEtiq(['agenda', '--config', sampleConfig, '--now', NOW], { env: isolatedEnv(undefined, { NO_COLOR: '', FORCE_COLOR: '1' }) });
    expect(forced.stdout).toMatch(/\u001b\[/);
    const off = await runEtiq(['agenda', '--config', sampleConfig, '--now', NOW, '--no-color'], { env: isolatedEnv(undefined, { NO_COLOR: '', FORCE_COLOR: '1' }) });
    expect(off.stdout).not.toMatch(/\u001b\[/);
  });
});

describe('etiq agenda configuration', () => {
  it('resolves relative calendar paths against the config file, from any working directory', async () => {
    const elsewhere = tempDir();
    const r = await runEtiq(['agenda', '--config', sampleConfig, '--now', NOW, '--json'], { cwd: elsewhere });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Agenda).events.length).toBeGreaterThan(0);
  });

  it('finds the config through ETIQ_CONFIG and the XDG config dir', async () => {
    const home = tempDir();
    const viaEnv = await runEtiq(['agenda', '--now', NOW, '--json'], { env: isolatedEnv(home, { ETIQ_CONFIG: sampleConfig }) });
    expect(viaEnv.code).toBe(0);
    const xdgDir = path.join(home, '.config', 'etiq');
    fs.mkdirSync(xdgDir, { recursive: true });
    fs.writeFileSync(path.join(xdgDir, 'config.toml'), `timezone = "Europe/London"\ncalendars = [${JSON.stringify(path.join(fixtures, 'sample', 'work.ics'))}]\n`);
    const viaXdg = await runEtiq(['agenda', '--now', NOW, '--json'], { env: isolatedEnv(home) });
    expect(viaXdg.code).toBe(0);
    expect((JSON.parse(viaXdg.stdout) as Agenda).timezone).toBe('Europe/London');
  });

  it('lets --calendar and --tz override the file', async () => {
    const dir = tempDir();
    const only = writeIcs(dir, 'only.ics', calendar(vevent(['UID:only-1', 'DTSTART:20260309T170000Z', 'DTEND:20260309T173000Z', 'SUMMARY:Only'])));
    const r = await runEtiq(['agenda', '--config', sampleConfig, '--calendar', only, '--tz', 'Asia/Kolkata', '--from', '2026-03-09', '--days', '2', '--json']);
    const a = JSON.parse(r.stdout) as Agenda;
    expect(a.timezone).toBe('Asia/Kolkata');
    expect(a.events.map((e) => [e.uid, e.start])).toEqual([['only-1', '2026-03-09T22:30:00+05:30']]);
  });

  it('works with --calendar and --tz alone, without any config file', async () => {
    const r = await runEtiq(['agenda', '--calendar', path.join(fixtures, 'sample', 'work.ics'), '--tz', 'UTC', '--from', '2026-03-10', '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Agenda;
    // DTSTART is 15:00Z in February; the calendar's X-WR-TIMEZONE (New York) keeps the series
    // at 10:00 local, which is 14:00Z once daylight time began on 8 March.
    expect(a.events.find((e) => e.uid === 'acme-weekly@example.com')?.start).toBe('2026-03-10T14:00:00Z');
  });

  it('reports bad TOML with the file and line, bad values with the key, close typos as errors, other unknown keys as warnings', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.toml');
    fs.writeFileSync(bad, 'timezone = "UTC"\ncalendars = ["a.ics"\n');
    const r1 = await runEtiq(['agenda', '--config', bad]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain(bad);
    expect(r1.stderr).toMatch(/line \d/);

    const badZone = path.join(dir, 'zone.toml');
    fs.writeFileSync(badZone, 'timezone = "Europe/Atlantis"\n');
    const r2 = await runEtiq(['agenda', '--config', badZone]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('timezone = "Europe/Atlantis"');

    const badDuration = path.join(dir, 'dur.toml');
    fs.writeFileSync(badDuration, `calendars = [${JSON.stringify(path.join(fixtures, 'sample', 'work.ics'))}]\n[slots]\nduration = "half an hour"\n`);
    const r3 = await runEtiq(['agenda', '--config', badDuration]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('slots.duration');

    const unknown = path.join(dir, 'unknown.toml');
    fs.writeFileSync(unknown, `colour = "red"\ncalendars = [${JSON.stringify(path.join(fixtures, 'sample', 'work.ics'))}]\n`);
    const r4 = await runEtiq(['agenda', '--config', unknown, '--now', NOW]);
    expect(r4.code).toBe(0);
    expect(r4.stderr).toContain('unknown key "colour"');
    const r5 = await runEtiq(['agenda', '--config', unknown, '--now', NOW, '--json']);
    expect((JSON.parse(r5.stdout) as Agenda).warnings.map((w) => w.message).join()).toContain('colour');

    const typo = path.join(dir, 'typo.toml');
    fs.writeFileSync(typo, `timezon = "UTC"\ncalendars = [${JSON.stringify(path.join(fixtures, 'sample', 'work.ics'))}]\n`);
    const r6 = await runEtiq(['agenda', '--config', typo, '--now', NOW]);
    expect(r6.code).toBe(2);
    expect(r6.stderr).toContain('unknown key "timezon"');
    expect(r6.stderr).toContain('did you mean "timezone"');

    const missing = await runEtiq(['agenda', '--config', path.join(dir, 'nope.toml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.toml');
  });

  it('asks for a calendar when none is configured', async () => {
    const r = await runEtiq(['agenda']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--calendar');
  });
});

describe('etiq agenda with bad calendars', () => {
  const dir = tempDir();
  const good = writeIcs(dir, 'good.ics', calendar(vevent(['UID:good-1', 'DTSTART:20260310T150000Z', 'DTEND:20260310T160000Z', 'SUMMARY:Good'])));

  it('names a missing file and exits 2 without a stack trace (with one under --debug)', async () => {
    const missing = path.join(dir, 'missing.ics');
    const stack = /^\s+at .+(:\d+:\d+\)?|\(node:.+\))$/m;
    const r = await runEtiq(['agenda', '--calendar', missing, '--tz', 'UTC']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`etiq: calendar file ${missing} does not exist\n`);
    expect(r.stderr).not.toMatch(stack);
    const debug = await runEtiq(['agenda', '--calendar', missing, '--tz', 'UTC', '--debug']);
    expect(debug.code).toBe(2);
    expect(debug.stdout).toBe('');
    const [first, ...rest] = debug.stderr.trimEnd().split('\n');
    expect(first).toBe(`etiq: calendar file ${missing} does not exist`);
    expect(rest.join('\n')).toMatch(stack);
  });

  it('still lists the readable calendars when one of several is missing, and exits non-zero', async () => {
    const r = await runEtiq(['agenda', '--calendar', good, '--calendar', path.join(dir, 'gone.ics'), '--tz', 'UTC', '--from', '2026-03-10', '--json']);
    expect(r.code).toBe(2);
    const a = JSON.parse(r.stdout) as Agenda;
    expect(a.events.map((e) => e.uid)).toEqual(['good-1']);
    expect(a.warnings.some((w) => w.calendar.endsWith('gone.ics') && w.message.includes('does not exist'))).toBe(true);
    expect(r.stderr).toContain('gone.ics');
  });

  it('rejects a file that is not a calendar, naming it', async () => {
    const notIcs = path.join(dir, 'notes.ics');
    fs.writeFileSync(notIcs, 'Shopping list\nmilk\n');
    const r = await runEtiq(['agenda', '--calendar', notIcs, '--tz', 'UTC']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(notIcs);
    expect(r.stderr).toContain('not an iCalendar file');
  });

  it('reads the rest of a file with one broken VEVENT and warns with line and UID', async () => {
    const file = writeIcs(
      dir,
      'partly-broken.ics',
      calendar(
        vevent(['UID:ok-1', 'DTSTART:20260310T090000Z', 'DTEND:20260310T100000Z', 'SUMMARY:Fine']),
        vevent(['UID:broken-1', 'DTSTART:2026-03-10 oops', 'SUMMARY:Broken']),
        vevent(['UID:ok-2', 'DTSTART:20260310T110000Z', 'DTEND:20260310T120000Z', 'SUMMARY:Also fine']),
      ),
    );
    const r = await runEtiq(['agenda', '--calendar', file, '--tz', 'UTC', '--from', '2026-03-10', '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Agenda;
    expect(a.events.map((e) => e.uid)).toEqual(['ok-1', 'ok-2']);
    const w = a.warnings.map((x) => x.message).join('\n');
    expect(w).toContain('broken-1');
    expect(w).toMatch(/line 10/);
    const human = await runEtiq(['agenda', '--calendar', file, '--tz', 'UTC', '--from', '2026-03-10']);
    expect(human.stderr).toMatch(/^warning: .*partly-broken\.ics: .*broken-1/m);
  });

  it('shows newlines in summaries visibly in the human listing (one line per event), intact in JSON', async () => {
    const file = writeIcs(dir, 'newline.ics', calendar(vevent(['UID:nl-1', 'DTSTART:20260310T090000Z', 'DTEND:20260310T100000Z', 'SUMMARY:Line one\\nLine two'])));
    const json = await runEtiq(['agenda', '--calendar', file, '--tz', 'UTC', '--from', '2026-03-10', '--json']);
    expect((JSON.parse(json.stdout) as Agenda).events[0]!.summary).toBe('Line one\nLine two');
    const human = await runEtiq(['agenda', '--calendar', file, '--tz', 'UTC', '--from', '2026-03-10']);
    expect(human.stdout).toContain('Line one\\x0ALine two');
  });

  it('an event that began the day before the window names that day; one that runs into the next names its end day', async () => {
    const file = writeIcs(
      dir,
      'midnight.ics',
      calendar(
        vevent(['UID:late-1', 'DTSTART:20260301T221500Z', 'DTEND:20260302T001500Z', 'SUMMARY:Contract renewal']),
        vevent(['UID:night-1', 'DTSTART:20260302T230000Z', 'DTEND:20260303T010000Z', 'SUMMARY:Night shift']),
        vevent(['UID:to-midnight', 'DTSTART:20260302T220000Z', 'DTEND:20260303T000000Z', 'SUMMARY:Until midnight']),
      ),
    );
    const human = await runEtiq(['agenda', '--calendar', file, '--tz', 'UTC', '--from', '2026-03-02', '--days', '1']);
    expect(human.code).toBe(0);
    // Under Mon 2 Mar: Sunday's event still running at midnight, then two that start Monday.
    expect(human.stdout).toContain('  Sun 22:15–00:15  Contract renewal');
    expect(human.stdout).toContain('  22:00–00:00    Until midnight');
    expect(human.stdout).toContain('  23:00–Tue 01:00  Night shift');
  });
});

describe('etiq agenda with calendar URLs', () => {
  let server: http.Server;
  let base: string;
  const body = calendar(vevent(['UID:remote-1', 'DTSTART:20260310T150000Z', 'DTEND:20260310T160000Z', 'SUMMARY:Remote'])).join('\r\n');
  let hits = 0;
  let down = false;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits++;
      if (down) {
        res.writeHead(503);
        res.end();
      } else if (req.url === '/cal.ics') {
        res.writeHead(200, { 'content-type': 'text/calendar' });
        res.end(body);
      } else if (req.url === '/slow.ics') {
        setTimeout(() => res.end(body), 3000);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches, caches, and falls back to the cached copy with a warning when offline', async () => {
    const home = tempDir();
    const env = isolatedEnv(home);
    const online = await runEtiq(['agenda', '--calendar', `${base}/cal.ics`, '--tz', 'UTC', '--from', '2026-03-10', '--json'], { env });
    expect(online.code).toBe(0);
    expect((JSON.parse(online.stdout) as Agenda).events.map((e) => e.uid)).toEqual(['remote-1']);
    expect(hits).toBeGreaterThan(0);
    // The server now fails every request: the cached copy is used, with a warning.
    down = true;
    const offline = await runEtiq(['agenda', '--calendar', `${base}/cal.ics`, '--tz', 'UTC', '--from', '2026-03-10', '--json'], { env });
    down = false;
    expect(offline.code).toBe(0);
    const a = JSON.parse(offline.stdout) as Agenda;
    expect(a.events.map((e) => e.uid)).toEqual(['remote-1']);
    expect(a.warnings.map((w) => w.message).join()).toMatch(/could not fetch .*HTTP 503.*cached copy/);
  });

  it('fetches webcal:// over HTTPS, and over plain HTTP with a warning when HTTPS does not answer', async () => {
    const webcal = base.replace(/^http:/, 'webcal:');
    const r = await runEtiq(['agenda', '--calendar', `${webcal}/cal.ics`, '--tz', 'UTC', '--from', '2026-03-10', '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Agenda;
    expect(a.events.map((e) => [e.uid, e.calendar])).toEqual([['remote-1', `${webcal}/cal.ics`]]);
    expect(a.warnings.map((w) => w.message)).toEqual([`${webcal}/cal.ics does not answer over HTTPS; it was fetched over plain HTTP`]);
    // An HTTP error status is an answer: no second try, and the status is reported.
    const missing = await runEtiq(['agenda', '--calendar', `${webcal}/missing.ics`, '--tz', 'UTC']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/HTTP 404/);
  });

  it('fails with exit 1 naming the URL when it cannot be fetched and nothing is cached', async () => {
    const r = await runEtiq(['agenda', '--calendar', `${base}/missing.ics`, '--tz', 'UTC']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${base}/missing.ics`);
    expect(r.stderr).toMatch(/HTTP 404/);
  });

  it('gives up on a URL that does not answer within the timeout', async () => {
    const r = await runEtiq(['agenda', '--calendar', `${base}/slow.ics`, '--tz', 'UTC'], { env: isolatedEnv(undefined, { ETIQ_FETCH_TIMEOUT_MS: '300' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no answer within/);
  });
});

describe('etiq agenda cache', () => {
  it('serves unchanged files from the cache and never serves a changed file stale', async () => {
    const home = tempDir();
    const env = isolatedEnv(home);
    const dir = tempDir();
    const file = writeIcs(dir, 'cal.ics', calendar(vevent(['UID:v1', 'DTSTART:20260310T150000Z', 'DTEND:20260310T160000Z', 'SUMMARY:First'])));
    const args = ['agenda', '--calendar', file, '--tz', 'UTC', '--from', '2026-03-10', '--json'];
    const first = await runEtiq(args, { env });
    expect((JSON.parse(first.stdout) as Agenda).events[0]!.summary).toBe('First');
    expect(fs.readdirSync(path.join(home, '.cache', 'etiq', 'expansions')).filter((n) => n.endsWith('.v8'))).toHaveLength(1);
    const second = await runEtiq(args, { env });
    expect(second.stdout).toBe(first.stdout);
    writeIcs(dir, 'cal.ics', calendar(vevent(['UID:v1', 'DTSTART:20260310T150000Z', 'DTEND:20260310T160000Z', 'SUMMARY:Second'])));
    const third = await runEtiq(args, { env });
    expect((JSON.parse(third.stdout) as Agenda).events[0]!.summary).toBe('Second');
  });

  it('remembers the hash of a settled file by its stamp, and still sees a same-size rewrite at once', async () => {
    const home = tempDir();
    const env = isolatedEnv(home);
    const dir = tempDir();
    const file = writeIcs(dir, 'cal.ics', calendar(vevent(['UID:v1', 'DTSTART:20260310T150000Z', 'DTEND:20260310T160000Z', 'SUMMARY:First'])));
    const args = ['agenda', '--calendar', file, '--tz', 'UTC', '--from', '2026-03-10', '--json'];
    const hashes = (): number => {
      const dir = path.join(home, '.cache', 'etiq', 'file-hashes');
      return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.json')).length : 0;
    };
    // Written just now: not settled, so its hash is not remembered.
    await runEtiq(args, { env });
    expect(hashes()).toBe(0);
    await new Promise((r) => setTimeout(r, 2100));
    const settled = await runEtiq(args, { env });
    expect(hashes()).toBe(1);
    const served = await runEtiq(args, { env }); // from the stamp, without reading the file
    expect(served.stdout).toBe(settled.stdout);
    // Known stamp, window not cached yet: the file is read and expanded for the new window.
    const otherWindow = await runEtiq(['agenda', '--calendar', file, '--tz', 'UTC', '--from', '2026-03-09', '--days', '3', '--json'], { env });
    expect((JSON.parse(otherWindow.stdout) as Agenda).events.map((e) => e.summary)).toEqual(['First']);
    expect(hashes()).toBe(1);
    // Same size, same second: the stamp (ctime at least) differs, so it is read again.
    writeIcs(dir, 'cal.ics', calendar(vevent(['UID:v1', 'DTSTART:20260310T150000Z', 'DTEND:20260310T160000Z', 'SUMMARY:Furst'])));
    const rewritten = await runEtiq(args, { env });
    expect((JSON.parse(rewritten.stdout) as Agenda).events[0]!.summary).toBe('Furst');
  });

  it('ignores a damaged cache entry instead of failing, and writes it anew', async () => {
    const home = tempDir();
    const args = ['agenda', '--config', sampleConfig, '--now', NOW, '--json'];
    const first = await runEtiq(args, { env: isolatedEnv(home) });
    const dir = path.join(home, '.cache', 'etiq', 'expansions');
    const entries = fs.readdirSync(dir).filter((n) => n.endsWith('.v8'));
    expect(entries.length).toBeGreaterThan(0);
    const whole = entries.map((n) => fs.readFileSync(path.join(dir, n)));
    for (const n of entries) fs.writeFileSync(path.join(dir, n), 'this is not an entry');
    const r = await runEtiq(args, { env: isolatedEnv(home) });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(first.stdout);
    expect((JSON.parse(r.stdout) as Agenda).events.length).toBeGreaterThan(0);
    expect(entries.map((n, i) => fs.readFileSync(path.join(dir, n)).equals(whole[i]!))).toEqual(entries.map(() => true));
  });
});

describe('etiq agenda into a pipe closed early', () => {
  it('stops quietly, with exit 0 and no stack trace, when the reader goes away (`| head`)', async () => {
    const dir = tempDir();
    const events = Array.from({ length: 3000 }, (_, i) =>
      vevent([`UID:pipe-${i}`, `DTSTART:202603${String(10 + (i % 5)).padStart(2, '0')}T${String(8 + (i % 10)).padStart(2, '0')}0000Z`, 'DURATION:PT30M', `SUMMARY:Meeting ${i} ${'x'.repeat(60)}`]),
    );
    const file = writeIcs(dir, 'big.ics', calendar(...events));
    const child = spawn(process.execPath, [bin, 'agenda', '--calendar', file, '--tz', 'UTC', '--from', '2026-03-10', '--days', '7', '--json'], {
      env: isolatedEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Read one chunk (the output is ~1 MB, far more than a pipe holds), then hang up.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('etiq agenda with multi-day all-day events', () => {
  const dir = tempDir();
  // Monday 2 March to Sunday 15 March 2026: 14 days (DTEND is exclusive).
  const file = writeIcs(
    dir,
    'leave.ics',
    calendar(
      vevent(['UID:leave-14', 'DTSTART;VALUE=DATE:20260302', 'DTEND;VALUE=DATE:20260316', 'SUMMARY:Leave']),
      vevent(['UID:call-1', 'DTSTART;TZID=America/New_York:20260306T100000', 'DTEND;TZID=America/New_York:20260306T103000', 'SUMMARY:Call']),
      vevent(['UID:holiday-1', 'DTSTART;VALUE=DATE:20260306', 'SUMMARY:Holiday']),
      vevent(['UID:offsite-1', 'DTSTART;VALUE=DATE:20260306', 'DTEND;VALUE=DATE:20260308', 'STATUS:CANCELLED', 'SUMMARY:Offsite']),
    ),
  );
  const base = ['agenda', '--calendar', file, '--tz', 'America/New_York'];

  it('lists the leave on every day of the window with its day number, from the middle of it', async () => {
    const r = await runEtiq([...base, '--from', '2026-03-05', '--days', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'Agenda Thu 5 Mar 2026 – Sat 7 Mar 2026 (America/New_York)',
      '',
      'Thu 5 Mar 2026',
      '  all day        Leave 4/14',
      '',
      'Fri 6 Mar 2026',
      '  all day        Leave 5/14',
      '  all day        Holiday',
      '  all day        Offsite 1/2 (cancelled)',
      '  10:00–10:30    Call',
      '',
      'Sat 7 Mar 2026',
      '  all day        Leave 6/14',
      '  all day        Offsite 2/2 (cancelled)',
      '',
    ]);
  });

  it('shows day 1 on the first day, by default (today)', async () => {
    const r = await runEtiq([...base, '--now', '2026-03-02T08:00:00']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}all day {8}Leave 1\/14$/m);
    expect(r.stdout).not.toMatch(/×/);
  });

  it('keeps the JSON at one event per occurrence, with the dates of the whole leave', async () => {
    const r = await runEtiq([...base, '--from', '2026-03-05', '--days', '3', '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Agenda;
    expect(a.events.map((e) => [e.uid, e.start, e.end])).toEqual([
      ['leave-14', '2026-03-02', '2026-03-16'],
      ['holiday-1', '2026-03-06', '2026-03-07'],
      ['offsite-1', '2026-03-06', '2026-03-08'],
      ['call-1', '2026-03-06T10:00:00-05:00', '2026-03-06T10:30:00-05:00'],
    ]);
  });
});
