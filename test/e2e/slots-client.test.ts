/**
 * `etiq slots` for a client in another zone, the horizon across DST, and the injected
 * clock (issue 8, items 11-13), in-process on fixtures/records/berlin.ics.
 *
 * The user is in Berlin (berlin.toml): Mon-Thu 09:00-17:00, Fri 09:00-13:00, 60-minute
 * slots on a 30-minute grid, notice 18h, buffer 0, horizon 14d. In the window used below
 * the only busy event is Tue 24 Mar 14:00-15:00 (the weekly call moved from Monday; the
 * call of Mon 16 Mar is cancelled). From 8 to 28 March, Berlin (CET, +01:00) is 6 hours
 * ahead of Chicago (CDT, -05:00) and 8 hours behind Tokyo (+09:00).
 *
 * With --now Wed 11 Mar 08:00 the search runs from Thu 12 Mar 02:00 (18h notice) to
 * Wed 25 Mar 08:00 (14 calendar days).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, isolatedEnv, runEtiq, tempDir, type RunResult } from './helpers.js';

const config = path.join(fixtures, 'records', 'berlin.toml');
const NOW = '2026-03-11T08:00';

interface SlotsJson {
  timezone: string;
  clientZone?: string;
  slots: { start: string; end: string; inClientHours?: boolean }[];
  warnings: { calendar: string; message: string }[];
}

const slots = (args: string[], now = NOW) => runEtiq(['slots', '--config', config, '--now', now, ...args]);

function json(r: RunResult): SlotsJson {
  expect(r.stderr, r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as SlotsJson;
}

function usage(r: RunResult, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

const berlin = (date: string, ...times: string[]) => times.map((t) => `2026-03-${date}T${t}:00+01:00`);

describe('12. --offer for a client in another zone offers only times inside their working day', () => {
  it('without the client: 09:00 Berlin, which is 03:00 in Chicago', async () => {
    const plain = json(await slots(['--offer', '5', '--json']));
    expect(plain.slots.map((s) => s.start)).toEqual([...berlin('12', '09:00'), ...berlin('13', '12:00'), ...berlin('16', '09:00'), ...berlin('17', '12:00'), ...berlin('18', '09:00')]);
  });

  it('--for-tz America/Chicago: 14:00 Berlin (08:00 in Chicago) on five days; never Friday, when the two days do not meet', async () => {
    const expected = [...berlin('12', '14:00'), ...berlin('16', '14:00'), ...berlin('17', '14:00'), ...berlin('18', '14:00'), ...berlin('19', '14:00')];
    const chicago = json(await slots(['--offer', '5', '--for-tz', 'America/Chicago', '--json']));
    expect(chicago.clientZone).toBe('America/Chicago');
    expect(chicago.slots.map((s) => [s.start, s.inClientHours])).toEqual(expected.map((s) => [s, true]));
    const human = await slots(['--offer', '5', '--for-tz', 'America/Chicago']);
    expect(human.stdout.trim().split('\n').slice(1)).toEqual([
      'Thu 12 Mar  14:00–15:00 (08:00–09:00 America/Chicago)',
      'Mon 16 Mar  14:00–15:00 (08:00–09:00 America/Chicago)',
      'Tue 17 Mar  14:00–15:00 (08:00–09:00 America/Chicago)',
      'Wed 18 Mar  14:00–15:00 (08:00–09:00 America/Chicago)',
      'Thu 19 Mar  14:00–15:00 (08:00–09:00 America/Chicago)',
    ]);
  });

  it('accepts a Windows zone name and a recorded client whose zone is set', async () => {
    const byWindows = json(await slots(['--offer', '5', '--for-tz', 'Central Standard Time', '--json']));
    const chicago = json(await slots(['--offer', '5', '--for-tz', 'America/Chicago', '--json']));
    expect(byWindows).toEqual(chicago);
    const db = path.join(tempDir('etiq-slots-client-'), 'etiq.db');
    const env = isolatedEnv();
    const set = await runEtiq(['clients', 'set', 'jo@fabrikam.example', '--tz', 'Central Standard Time', '--config', config, '--db', db, '--json'], { env });
    expect(JSON.parse(set.stdout).client.timezone).toBe('America/Chicago');
    expect(json(await runEtiq(['slots', '--config', config, '--now', NOW, '--offer', '5', '--for-tz', 'JO@fabrikam.example', '--db', db, '--json'], { env }))).toEqual(chicago);
    // $ETIQ_DB is where the clients are, as for the record commands.
    const viaEnv = await runEtiq(['slots', '--config', config, '--now', NOW, '--offer', '5', '--for-tz', 'jo@fabrikam.example', '--json'], { env: { ...env, ETIQ_DB: db } });
    expect(json(viaEnv)).toEqual(chicago);
    await runEtiq(['clients', 'set', 'tom@northwind.example', '--name', 'Tom', '--config', config, '--db', db], { env });
    usage(await slots(['--for-tz', 'tom@northwind.example', '--db', db]), /--for-tz tom@northwind\.example: the client has no time zone; set one with `etiq clients set tom@northwind\.example --tz ZONE`/);
    usage(await slots(['--for-tz', 'nobody@nowhere.example', '--db', db]), /--for-tz nobody@nowhere\.example: no client with that address is recorded/);
    usage(await slots(['--for-tz', 'Mars/Olympus_Mons']), /--for-tz "Mars\/Olympus_Mons" is not a time zone \(an IANA name such as America\/Chicago, a Windows name such as "Central Standard Time"\) or a recorded client's email/);
  });

  it('when the two days barely meet it offers fewer, and says so (Tokyo: only 09:00-10:00 Berlin)', async () => {
    // Horizon 2d: Thursday 12 only. Tokyo's 08:00-18:00 is Berlin's 00:00-10:00.
    const r = await slots(['--offer', '3', '--for-tz', 'Asia/Tokyo', '--horizon', '2d', '--json']);
    const j = JSON.parse(r.stdout) as SlotsJson;
    expect(r.code).toBe(0);
    expect(j.slots.map((s) => s.start)).toEqual(berlin('12', '09:00'));
    expect(j.warnings.map((w) => w.message)).toEqual([
      "only 1 of the 3 slots asked for fall inside the client's working day (Mon–Fri 08:00–18:00 Asia/Tokyo; followup.client_hours): no time outside it is offered",
    ]);
    const human = await slots(['--offer', '3', '--for-tz', 'Asia/Tokyo', '--horizon', '2d']);
    expect(human.code).toBe(0);
    expect(human.stderr).toMatch(/^warning: .*berlin\.toml: only 1 of the 3 slots asked for fall inside the client's working day/);
    expect(human.stdout.trim().split('\n').slice(1)).toEqual(['Thu 12 Mar  09:00–10:00 (17:00–18:00 Asia/Tokyo)']);
  });

  it('follows followup.client_hours from the config', async () => {
    const dir = tempDir('etiq-client-hours-');
    const file = path.join(dir, 'config.toml');
    const text = (await import('node:fs')).readFileSync(config, 'utf8').replace('calendars = ["berlin.ics"]', `calendars = [${JSON.stringify(path.join(fixtures, 'records', 'berlin.ics'))}]`);
    (await import('node:fs')).writeFileSync(file, `${text}\n[followup]\nclient_hours = "10:00-18:00"\n`);
    const r = json(await runEtiq(['slots', '--config', file, '--now', NOW, '--offer', '2', '--for-tz', 'America/Chicago', '--json']));
    // Chicago 10:00 is Berlin 16:00, the last start of a 60-minute slot before 17:00.
    expect(r.slots.map((s) => s.start)).toEqual([...berlin('12', '16:00'), ...berlin('16', '16:00')]);
  });

  it('without --offer every free slot is listed, those outside the client day marked', async () => {
    const j = json(await slots(['--for-tz', 'America/Chicago', '--horizon', '2d', '--json']));
    // Thursday 12: 60-minute slots from 09:00 to 16:00 on a 30-minute grid.
    expect(j.slots).toHaveLength(15);
    expect(j.slots.filter((s) => s.inClientHours).map((s) => s.start)).toEqual(berlin('12', '14:00', '14:30', '15:00', '15:30', '16:00'));
    const human = (await slots(['--for-tz', 'America/Chicago', '--horizon', '2d'])).stdout.split('\n');
    expect(human).toContain('Thu 12 Mar  09:00–10:00 (03:00–04:00 America/Chicago, outside their working day)');
    expect(human).toContain('            14:00–15:00 (08:00–09:00 America/Chicago)');
  });

  it('--explain with --for-tz says when a time is outside the client day', async () => {
    const r = await slots(['--explain', '2026-03-12T09:00', '--for-tz', 'America/Chicago', '--json']);
    const e = JSON.parse(r.stdout) as { offered: boolean; reasons: { rule: string; message: string }[] };
    expect(e.offered).toBe(false);
    expect(e.reasons).toEqual([{ rule: 'client-hours', message: "it is outside the client's working day (Mon–Fri 08:00–18:00 America/Chicago; followup.client_hours)" }]);
    const fine = JSON.parse((await slots(['--explain', '2026-03-12T14:00', '--for-tz', 'America/Chicago', '--json'])).stdout) as { offered: boolean };
    expect(fine.offered).toBe(true);
  });
});

describe('13. a horizon in days counts calendar days across a DST change', () => {
  it('--horizon 7d from Mon 23 Mar 09:30 ends Mon 30 Mar 09:30 (summer time), and 168h at 10:30', async () => {
    // Berlin moves to summer time on Sunday 29 March.
    const days = await slots(['--horizon', '7d'], '2026-03-23T09:30');
    expect(days.stdout.split('\n')[0]).toBe('Free 60-minute slots Tue 24 Mar 03:30 – Mon 30 Mar 2026 09:30 (Europe/Berlin)');
    const hours = await slots(['--horizon', '168h'], '2026-03-23T09:30');
    expect(hours.stdout.split('\n')[0]).toBe('Free 60-minute slots Tue 24 Mar 03:30 – Mon 30 Mar 2026 10:30 (Europe/Berlin)');
    // The config's horizon (14d) counts days too: from Wed 25 Mar 09:30, Wed 8 Apr 09:30.
    const config14 = await slots([], '2026-03-25T09:30');
    expect(config14.stdout.split('\n')[0]).toBe('Free 60-minute slots Thu 26 Mar 03:30 – Wed 8 Apr 2026 09:30 (Europe/Berlin)');
  });

  it('a notice in days is calendar days too', async () => {
    const r = await slots(['--notice', '1d', '--horizon', '2d'], '2026-03-28T10:00');
    // Saturday 10:00 CET + 1 day is Sunday 10:00 CEST (23 hours later).
    expect(r.stdout.split('\n')[0]).toBe('Free 60-minute slots Sun 29 Mar 10:00 – Mon 30 Mar 2026 10:00 (Europe/Berlin)');
  });
});

describe('11. every bare time is read on the injected clock', () => {
  it('--explain 10:00 is on --now\'s date, not the real one', async () => {
    const e = JSON.parse((await slots(['--explain', '10:00', '--json'])).stdout) as { start: string };
    expect(e.start).toBe('2026-03-11T10:00:00+01:00');
    const viaEnv = await runEtiq(['slots', '--config', config, '--explain', '10:00', '--json'], { env: isolatedEnv(undefined, { ETIQ_NOW: '2026-03-12T08:00' }) });
    expect((JSON.parse(viaEnv.stdout) as { start: string }).start).toBe('2026-03-12T10:00:00+01:00');
  });

  it('noshow --at 10:00 names the meeting at 10:00 on --now\'s date', async () => {
    const db = path.join(tempDir('etiq-bare-'), 'etiq.db');
    const r = await runEtiq(['noshow', '--config', config, '--db', db, '--now', '2026-03-02T10:30', '--at', '10:00', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).meeting.start).toBe('2026-03-02T10:00:00+01:00');
  });

  it('an empty --now or ETIQ_NOW is an input error, not the real clock', async () => {
    usage(await slots([], ''), /--now is empty: give an ISO 8601 date-time/);
    usage(await runEtiq(['agenda', '--config', config], { env: isolatedEnv(undefined, { ETIQ_NOW: '' }) }), /ETIQ_NOW is empty/);
    usage(await runEtiq(['agenda', '--config', config, '--now', '  ']), /--now is empty/);
    usage(await slots(['--explain', '25:00']), /--explain "25:00" is not a date \(YYYY-MM-DD\), a time \(HH:MM\) or an ISO 8601 date-time/);
  });
});
