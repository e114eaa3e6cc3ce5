// `etiq slots` end to end: bin/etiq.cjs against the fixtures in fixtures/slots/ with --now.
//
// fixtures/slots/week.ics (New York), the week of Monday 16 March 2026:
//   daily-sync          Mon-Fri 09:00-09:30 (RRULE COUNT=5); Tuesday's occurrence CANCELLED
//   declined-1          Mon 10:00-11:00, declined by dana@example.com (me.email): free
//   free-1              Mon 11:00-12:00, TRANSP:TRANSPARENT: free
//   tentative-1         Mon 13:00-14:00, STATUS:TENTATIVE: busy unless tentative_is_busy = false
//   accepted-1          Fri 11:00-11:30, accepted by dana: busy
//   others-declined-1   Fri 12:00-12:30, declined by someone else, accepted by dana: busy
// fixtures/slots/config.toml: mon 09-12 + 13-15, tue 09-10, fri 09-13; 30m on a 30m grid,
// notice 1h, buffer 0m, horizon 7d, max_per_day 0.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calendar, fixtures, isolatedEnv, runEtiq, tempDir, vevent, writeIcs } from './helpers.js';

const dir = path.join(fixtures, 'slots');
const config = path.join(dir, 'config.toml');
const weekIcs = path.join(dir, 'week.ics');
const NOW = '2026-03-16T07:00:00-04:00'; // Monday

interface SlotsJson {
  timezone: string;
  slots: { start: string; end: string }[];
  warnings: { calendar: string; message: string }[];
}
interface ExplainJson {
  timezone: string;
  start: string;
  end: string;
  offered: boolean;
  reasons: { rule: string; message: string; event?: { uid: string; summary: string; calendar: string; start: string; end: string } }[];
  warnings: unknown[];
}

/** Runs `etiq slots --config FILE --now NOW ...args`. */
async function slots(args: string[], opts: { config?: string; now?: string } = {}) {
  const r = await runEtiq(['slots', '--config', opts.config ?? config, '--now', opts.now ?? NOW, ...args]);
  return r;
}
async function slotsJson(args: string[] = [], opts: { config?: string; now?: string } = {}): Promise<SlotsJson> {
  const r = await slots(['--json', ...args], opts);
  expect(r.stderr, r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as SlotsJson;
}
const starts = (j: SlotsJson): string[] => j.slots.map((s) => s.start);
/** `at('2026-03-16', '09:30', '10:00')`: New York EDT instants. */
const at = (date: string, ...times: string[]): string[] => times.map((hm) => `${date}T${hm}:00-04:00`);

const MON = '2026-03-16';
const TUE = '2026-03-17';
const FRI = '2026-03-20';
const DEFAULT = [
  ...at(MON, '09:30', '10:00', '10:30', '11:00', '11:30', '14:00', '14:30'),
  ...at(TUE, '09:00', '09:30'),
  ...at(FRI, '09:30', '10:00', '10:30', '11:30', '12:30'),
];

describe('etiq slots --json', () => {
  it('prints exactly {"timezone", "slots": [{"start", "end"}], "held", "warnings"}, sorted, with offsets', async () => {
    const r = await slots(['--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as SlotsJson;
    expect(Object.keys(j)).toEqual(['timezone', 'slots', 'held', 'warnings']);
    expect(j.timezone).toBe('America/New_York');
    expect(j.warnings).toEqual([]);
    for (const s of j.slots) {
      expect(Object.keys(s)).toEqual(['start', 'end']);
      expect(s.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-04:00$/);
      expect(Date.parse(s.end) - Date.parse(s.start)).toBe(30 * 60_000);
    }
    const ms = j.slots.map((s) => Date.parse(s.start));
    expect(ms).toEqual([...ms].sort((a, b) => a - b));
    expect(starts(j)).toEqual(DEFAULT);
  });

  it('honours busy, declined, transparent, tentative and cancelled events', async () => {
    const s = starts(await slotsJson());
    expect(s).not.toContain(at(MON, '09:00')[0]); // daily sync
    expect(s).toContain(at(MON, '10:00')[0]); // declined by me
    expect(s).toContain(at(MON, '11:00')[0]); // TRANSP:TRANSPARENT
    expect(s).not.toContain(at(MON, '13:00')[0]); // tentative, tentative_is_busy = true
    expect(s).toContain(at(TUE, '09:00')[0]); // the cancelled occurrence of the sync
    expect(s).not.toContain(at(FRI, '09:00')[0]); // ...while the other occurrences block
    expect(s).not.toContain(at(FRI, '11:00')[0]); // accepted
    expect(s).not.toContain(at(FRI, '12:00')[0]); // declined by someone else, not by me
  });

  it('frees a tentative event with tentative_is_busy = false', async () => {
    const j = await slotsJson([], { config: path.join(dir, 'tentative-free.toml') });
    expect(starts(j)).toEqual([...DEFAULT.slice(0, 5), ...at(MON, '13:00', '13:30'), ...DEFAULT.slice(5)]);
  });

  it('honours the [hours] and [slots] example of the issue (fri = ["09:00-13:00"], notice 18h, buffer 10m, horizon 14d)', async () => {
    const j = await slotsJson([], { config: path.join(dir, 'issue.toml') });
    expect(starts(j)).toEqual([
      // Notice 18h: nothing before Tue 01:00. Tuesday to Thursday are not listed: off.
      // Fri 20: the buffer keeps 10 minutes clear of the sync (to 09:30), Acme review (11:00-11:30), Acme lunch (12:00-12:30).
      ...at(FRI, '10:00'),
      ...at('2026-03-23', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30'),
      ...at('2026-03-27', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30'),
      // Mon 30 09:00 is after now + 14d (Mon 30 07:00).
    ]);
  });

  it('uses Monday to Friday 09:00-17:00, with a warning, when the config has no [hours]', async () => {
    const j = await slotsJson(['--horizon', '3d'], { config: path.join(dir, 'no-hours.toml') });
    expect(j.warnings.map((w) => w.message)).toEqual(['no [hours] in the config: using Monday to Friday, 09:00-17:00']);
    const days = [...new Set(starts(j).map((s) => s.slice(0, 10)))];
    expect(days).toEqual([MON, TUE, '2026-03-18']);
    expect(starts(j).filter((s) => s.startsWith('2026-03-18'))).toHaveLength(15); // 09:30-16:30, the sync at 09:00
    expect(starts(j)).toContain(at(MON, '16:30')[0]);
  });

  it('writes every instant in the right offset on both sides of a DST change', async () => {
    // Friday 6 March is EST (-05:00); from Sunday 8 March New York is on EDT (-04:00).
    const j = await slotsJson([], { now: '2026-03-06T07:00' });
    expect(starts(j)).toEqual([
      ...['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30'].map((hm) => `2026-03-06T${hm}:00-05:00`),
      ...at('2026-03-09', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:00', '13:30', '14:00', '14:30'),
      ...at('2026-03-10', '09:00', '09:30'),
    ]);
    expect(j.slots[0]!.end).toBe('2026-03-06T09:30:00-05:00');
  });
});

describe('etiq slots with all-day events', () => {
  it("blocks the user's whole local day(s) of a busy all-day event, not a free one", async () => {
    const tmp = tempDir();
    const file = writeIcs(
      tmp,
      'days.ics',
      calendar(
        vevent(['UID:offsite-1', 'DTSTART;VALUE=DATE:20260316', 'DTEND;VALUE=DATE:20260318', 'SUMMARY:Offsite']),
        vevent(['UID:holiday-1', 'DTSTART;VALUE=DATE:20260320', 'DTEND;VALUE=DATE:20260321', 'TRANSP:TRANSPARENT', 'SUMMARY:Public holiday']),
      ),
    );
    const j = await slotsJson(['--calendar', weekIcs, '--calendar', file]);
    expect(starts(j)).toEqual(DEFAULT.filter((s) => s.startsWith(FRI)));
    const e = JSON.parse((await slots(['--calendar', weekIcs, '--calendar', file, '--explain', '2026-03-17T09:30', '--json'])).stdout) as ExplainJson;
    expect(e.reasons.map((r) => [r.rule, r.event?.uid, r.event?.start, r.event?.end])).toEqual([['busy', 'offsite-1', '2026-03-16', '2026-03-18']]);
    expect(e.reasons[0]!.message).toContain('"Offsite" (all day 2026-03-16 to 2026-03-18 (exclusive); uid offsite-1;');
    // All-day events do not count toward max_per_day: Monday has 2 busy timed events and the
    // offsite, so a cap of 3 is not reached (the offsite alone blocks 09:30).
    const capped = async (cap: string) =>
      (JSON.parse((await slots(['--calendar', weekIcs, '--calendar', file, '--explain', '2026-03-16T09:30', '--max-per-day', cap, '--json'])).stdout) as ExplainJson).reasons.map((r) => r.rule);
    expect(await capped('3')).toEqual(['busy']);
    expect(await capped('2')).toEqual(['busy', 'max-per-day']);
  });
});

describe('etiq slots rule flags', () => {
  it('--duration 45m overrides the config duration', async () => {
    const j = await slotsJson(['--duration', '45m']);
    expect(starts(j)).toEqual([...at(MON, '09:30', '10:00', '10:30', '11:00', '14:00'), ...at(TUE, '09:00'), ...at(FRI, '09:30', '10:00')]);
    for (const s of j.slots) expect(Date.parse(s.end) - Date.parse(s.start)).toBe(45 * 60_000);
    // ISO 8601 and bare minutes read the same.
    expect(await slotsJson(['--duration', 'PT45M'])).toEqual(j);
    expect(await slotsJson(['--duration', '45'])).toEqual(j);
  });

  it('--notice 18h overrides the config notice (1h)', async () => {
    const j = await slotsJson(['--notice', '18h']);
    expect(starts(j)).toEqual(DEFAULT.filter((s) => !s.startsWith(MON)));
  });

  it('--buffer 10m overrides the config buffer (0m)', async () => {
    const j = await slotsJson(['--buffer', '10m']);
    expect(starts(j)).toEqual([...at(MON, '10:00', '10:30', '11:00', '11:30', '14:30'), ...at(TUE, '09:00', '09:30'), ...at(FRI, '10:00')]);
  });

  it('--horizon overrides the config horizon (7d)', async () => {
    expect(starts(await slotsJson(['--horizon', '1d']))).toEqual(DEFAULT.filter((s) => s.startsWith(MON)));
    const two = starts(await slotsJson(['--horizon', '14d']));
    expect(two.slice(0, DEFAULT.length)).toEqual(DEFAULT);
    expect(two).toContain(at('2026-03-23', '09:00')[0]); // outside 7d, inside 14d
    expect(two.at(-1)).toBe(at('2026-03-27', '12:30')[0]);
    expect(two).toHaveLength(DEFAULT.length + 10 + 2 + 8);
  });

  it('--step 15m overrides the config step (30m)', async () => {
    const j = await slotsJson(['--step', '15m']);
    expect(starts(j)).toEqual([
      ...at(MON, '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00', '11:15', '11:30', '14:00', '14:15', '14:30'),
      ...at(TUE, '09:00', '09:15', '09:30'),
      ...at(FRI, '09:30', '09:45', '10:00', '10:15', '10:30', '11:30', '12:30'),
    ]);
  });

  it('--max-per-day overrides the config cap (0): declined, transparent and cancelled events do not count', async () => {
    // Busy timed events: Mon 2 (sync, tentative), Tue 0 (sync cancelled), Fri 3 (sync, two Acme meetings).
    expect(starts(await slotsJson(['--max-per-day', '2']))).toEqual(at(TUE, '09:00', '09:30'));
    expect(starts(await slotsJson(['--max-per-day', '3']))).toEqual(DEFAULT.filter((s) => !s.startsWith(FRI)));
    expect(starts(await slotsJson(['--max-per-day', '4']))).toEqual(DEFAULT);
    // A tentative event that is not busy does not count either.
    const free = await slotsJson(['--max-per-day', '2'], { config: path.join(dir, 'tentative-free.toml') });
    expect(starts(free).filter((s) => s.startsWith(MON))).toHaveLength(9);
  });

  it('combines all the rule flags', async () => {
    const j = await slotsJson(['--duration', '45m', '--notice', '18h', '--buffer', '10m', '--horizon', '14d', '--step', '15m', '--max-per-day', '4']);
    const s = starts(j);
    expect(s.slice(0, 4)).toEqual([...at(TUE, '09:00', '09:15'), ...at(FRI, '09:45', '10:00')]);
    expect(s.filter((x) => x.startsWith('2026-03-23'))).toEqual(at('2026-03-23', '09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00', '11:15', '13:00', '13:15', '13:30', '13:45', '14:00', '14:15'));
    expect(s.at(-1)).toBe(at('2026-03-27', '12:15')[0]);
    expect(s).toHaveLength(36);
    for (const x of j.slots) expect(Date.parse(x.end) - Date.parse(x.start)).toBe(45 * 60_000);
  });

  it('rejects bad values with exit 2, one line naming the flag', async () => {
    for (const args of [
      ['--duration', 'forever'],
      ['--duration', '0'],
      ['--step', '0m'],
      ['--step', 'often'],
      ['--notice', 'soon'],
      ['--buffer=-5m'],
      ['--horizon', '0'],
      ['--horizon', '400d'],
      ['--max-per-day', '-1'],
      ['--max-per-day', '2.5'],
      ['--max-per-day', 'many'],
      ['--max-per-day', ''],
      ['--max-per-day', '0x3'],
      ['--offer', '0x2'],
      ['--offer', '1e1'],
      ['--offer', '0'],
      ['--offer', 'three'],
      ['--offer', '101'],
      ['--for-tz', 'Moon/Base'],
      ['--explain', 'teatime'],
    ]) {
      const flag = args[0]!.split('=')[0]!;
      const r = await slots([...args, '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(new RegExp(`^etiq: .*${flag}`));
    }
  });
});

describe('etiq slots --offer and --for-tz', () => {
  it('--offer N returns only the offered slots, spread over days and halves of the day', async () => {
    // Mon morning, then Tue (no afternoon, so its morning), then Fri afternoon.
    expect(starts(await slotsJson(['--offer', '3']))).toEqual([...at(MON, '09:30'), ...at(TUE, '09:00'), ...at(FRI, '12:30')]);
    // Then the other half of each day.
    expect(starts(await slotsJson(['--offer', '5']))).toEqual([...at(MON, '09:30', '14:00'), ...at(TUE, '09:00'), ...at(FRI, '09:30', '12:30')]);
    // More than there are: all of them.
    expect(starts(await slotsJson(['--offer', '100']))).toEqual(DEFAULT);
  });

  it('--offer in human output says the slots are proposed', async () => {
    const r = await slots(['--offer', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Proposed 30-minute slots /);
    expect(r.stdout.trim().split('\n').slice(1)).toEqual(['Mon 16 Mar  09:30–10:00', 'Tue 17 Mar  09:00–09:30']);
  });

  it("--for-tz shows the client's time beside each slot, 4 h apart while only New York is on DST", async () => {
    const r = await slots(['--for-tz', 'Europe/London', '--horizon', '1d']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Free 30-minute slots Mon 16 Mar 08:00 – Tue 17 Mar 2026 07:00 (America/New_York)');
    expect(r.stdout.trim().split('\n').slice(1)).toEqual([
      'Mon 16 Mar  09:30–10:00 (13:30–14:00 Europe/London)',
      '            10:00–10:30 (14:00–14:30 Europe/London)',
      '            10:30–11:00 (14:30–15:00 Europe/London)',
      '            11:00–11:30 (15:00–15:30 Europe/London)',
      '            11:30–12:00 (15:30–16:00 Europe/London)',
      // The client's day (followup.client_hours, default 08:00-18:00) is over in London.
      '            14:00–14:30 (18:00–18:30 Europe/London, outside their working day)',
      '            14:30–15:00 (18:30–19:00 Europe/London, outside their working day)',
    ]);
  });

  it('--for-tz shows 5 h once London is on summer time too, and the client day when it differs', async () => {
    const r = await slots(['--for-tz', 'Europe/London', '--horizon', '1d'], { now: '2026-03-30T07:00' });
    expect(r.stdout).toContain('Mon 30 Mar  09:00–09:30 (14:00–14:30 Europe/London)');
    expect(r.stdout).toContain('            10:00–10:30 (15:00–15:30 Europe/London)');
    const tokyo = await slots(['--for-tz', 'Asia/Tokyo', '--horizon', '1d'], { now: '2026-03-30T07:00' });
    expect(tokyo.stdout).toContain('Mon 30 Mar  09:00–09:30 (22:00–22:30 Asia/Tokyo, outside their working day)');
    expect(tokyo.stdout).toContain('            11:00–11:30 (Tue 31 Mar 00:00–00:30 Asia/Tokyo, outside their working day)');
  });

  it('--for-tz keeps the JSON in the user zone, adding clientZone and whether each slot is inside their day', async () => {
    const plain = await slotsJson();
    const forClient = (await slotsJson(['--for-tz', 'Europe/London'])) as SlotsJson & { clientZone: string; slots: { start: string; end: string; inClientHours: boolean }[] };
    expect(Object.keys(forClient)).toEqual(['timezone', 'clientZone', 'slots', 'held', 'warnings']);
    expect(forClient.clientZone).toBe('Europe/London');
    expect(forClient.slots.map(({ start, end }) => ({ start, end }))).toEqual(plain.slots);
    // Monday 14:00 and 14:30 in New York are 18:00 and 18:30 in London (GMT until the 29th).
    expect(forClient.slots.filter((x) => !x.inClientHours).map((x) => x.start)).toEqual(at(MON, '14:00', '14:30'));
  });
});

describe('etiq slots --explain', () => {
  it('says why a time is not offered, naming the event, its uid and calendar (human)', async () => {
    const r = await slots(['--explain', '2026-03-16T09:00']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'not offered: Mon 16 Mar 2026 09:00–09:30 America/New_York',
      `  - it overlaps "Daily sync" (2026-03-16 09:00–2026-03-16 09:30; uid daily-sync; ${weekIcs})`,
    ]);
  });

  it('gives the same in JSON, with the event', async () => {
    const r = await slots(['--explain', '2026-03-20T09:00', '--json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout) as ExplainJson;
    expect(Object.keys(e)).toEqual(['timezone', 'start', 'end', 'offered', 'reasons', 'warnings']);
    expect(e).toMatchObject({ timezone: 'America/New_York', start: '2026-03-20T09:00:00-04:00', end: '2026-03-20T09:30:00-04:00', offered: false });
    expect(e.reasons).toHaveLength(1);
    expect(e.reasons[0]!.rule).toBe('busy');
    expect(e.reasons[0]!.event).toEqual({ uid: 'daily-sync', summary: 'Daily sync', calendar: weekIcs, start: '2026-03-20T09:00:00-04:00', end: '2026-03-20T09:30:00-04:00' });
  });

  it('names the buffer and its side', async () => {
    const before = JSON.parse((await slots(['--explain', '2026-03-16T09:30', '--buffer', '10m', '--json'])).stdout) as ExplainJson;
    expect(before.offered).toBe(false);
    expect(before.reasons[0]!.message).toMatch(/^the 10-minute buffer before it touches "Daily sync"/);
    const after = JSON.parse((await slots(['--explain', '2026-03-20T10:30', '--buffer', '10m', '--json'])).stdout) as ExplainJson;
    expect(after.reasons.map((x) => [x.rule, x.event?.uid])).toEqual([['busy', 'accepted-1']]);
    expect(after.reasons[0]!.message).toMatch(/^the 10-minute buffer after it touches "Acme review"/);
  });

  it('offers the times of declined, transparent and cancelled events', async () => {
    for (const time of ['2026-03-16T10:00', '2026-03-16T11:00', '2026-03-17T09:00']) {
      const e = JSON.parse((await slots(['--explain', time, '--json'])).stdout) as ExplainJson;
      expect(e.offered, time).toBe(true);
      expect(e.reasons, time).toEqual([]);
    }
    const human = await slots(['--explain', '2026-03-17T09:00', '--for-tz', 'Europe/London']);
    expect(human.stdout.trim()).toBe('offered: Tue 17 Mar 2026 09:00–09:30 America/New_York (13:00–13:30 Europe/London) is free and meets every rule.');
  });

  it('names the tentative event, and frees it with tentative_is_busy = false', async () => {
    const busy = JSON.parse((await slots(['--explain', '2026-03-16T13:00', '--json'])).stdout) as ExplainJson;
    expect(busy.reasons.map((x) => x.event?.uid)).toEqual(['tentative-1']);
    const free = JSON.parse((await slots(['--explain', '2026-03-16T13:00', '--json'], { config: path.join(dir, 'tentative-free.toml') })).stdout) as ExplainJson;
    expect(free.offered).toBe(true);
  });

  it('names the other rules: hours, grid, notice, horizon, max-per-day', async () => {
    const rules = async (time: string, ...extra: string[]) =>
      (JSON.parse((await slots(['--explain', time, '--json', ...extra])).stdout) as ExplainJson).reasons.map((x) => x.rule);
    expect(await rules('2026-03-18T09:30')).toEqual(['hours']); // Wednesday is off
    expect(await rules('2026-03-16T12:00')).toEqual(['hours']); // lunch
    expect(await rules('2026-03-16T09:45')).toEqual(['grid']);
    expect(await rules('2026-03-16T09:30', '--notice', '3h')).toEqual(['notice']); // now + 3h = 10:00
    expect(await rules('2026-03-23T09:00')).toEqual(['horizon']);
    expect(await rules('2026-03-20T09:30', '--max-per-day', '3')).toEqual(['max-per-day']);
  });
});

describe('etiq slots with calendars that cannot be read', () => {
  const missingConfig = path.join(dir, 'missing.toml');
  const missingIcs = path.join(dir, 'missing.ics');

  it('offers nothing and exits 1 with the reason when a configured calendar is missing', async () => {
    expect(fs.existsSync(missingIcs)).toBe(false);
    for (const extra of [[], ['--json'], ['--offer', '2']]) {
      const r = await slots(extra, { config: missingConfig });
      expect(r.code, extra.join(' ')).toBe(1);
      expect(r.stdout, extra.join(' ')).toBe('');
      expect(r.stderr).toContain(`etiq: no slots offered: calendar file ${missingIcs} does not exist`);
      expect(r.stderr).toContain('--allow-missing');
    }
  });

  it('also refuses with a missing --calendar among readable ones', async () => {
    const gone = path.join(tempDir(), 'gone.ics');
    const r = await slots(['--calendar', weekIcs, '--calendar', gone, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no slots offered: .*gone\.ics does not exist/);
  });

  it('offers from the readable calendars with --allow-missing, and warns', async () => {
    const r = await slots(['--allow-missing', '--json'], { config: missingConfig });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as SlotsJson;
    expect(starts(j)).toEqual(DEFAULT);
    expect(j.warnings).toEqual([{ calendar: missingIcs, message: `calendar file ${missingIcs} does not exist; slots are offered without it (--allow-missing)` }]);
    const human = await slots(['--allow-missing'], { config: missingConfig });
    expect(human.code).toBe(0);
    expect(human.stderr).toContain(`warning: ${missingIcs}: calendar file ${missingIcs} does not exist; slots are offered without it (--allow-missing)`);
    expect(human.stdout).toContain('Mon 16 Mar  09:30–10:00');
  });

  it('exits 2 when no calendar is configured', async () => {
    const r = await slots(['--json'], { config: path.join(dir, 'no-calendars.toml') });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^etiq: no calendars configured: add calendars = \["work\.ics"\] to .*no-calendars\.toml, or pass --calendar FILE \(offering slots without a calendar/);
    // No config file at all: where etiq looked, and `etiq init`.
    const env = isolatedEnv();
    const bare = await runEtiq(['slots', '--tz', 'UTC', '--now', NOW], { env });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain(`no config file (etiq looked for ${path.join(env['XDG_CONFIG_HOME']!, 'etiq', 'config.toml')}): run \`etiq init\` to write one, or pass --calendar FILE`);
  });
});

describe('etiq slots and the busy view of the expansion cache', () => {
  it('offers and explains the same with no cache, a cold cache and its own warm entry', async () => {
    // --explain at Monday 13:00 cites tentative-1 by uid, summary and calendar: the fields
    // the busy view keeps (it drops attendees, organizer and location). Entries made from a
    // whole read's entry: test/unit/adapters/busy-view-cache.test.ts.
    const runs = async (env: NodeJS.ProcessEnv, extra: string[] = []) => {
      const list = await runEtiq(['slots', '--config', config, '--now', NOW, '--json', ...extra], { env });
      const explain = await runEtiq(['slots', '--config', config, '--now', NOW, '--json', '--explain', '2026-03-16T13:00:00-04:00', ...extra], { env });
      expect(list.code).toBe(0);
      expect(explain.code).toBe(0);
      return list.stdout + explain.stdout;
    };
    const plain = await runs(isolatedEnv(), ['--no-cache']);
    expect(plain).toContain('tentative-1');
    const home = tempDir();
    expect(await runs(isolatedEnv(home))).toBe(plain); // cold: read, busy entry written
    expect(await runs(isolatedEnv(home))).toBe(plain); // warm: its own entry
  });
});
