/**
 * WHEN as a client writes it, read in their zone relative to an injected now. Every
 * expected instant is worked out by hand (UTC offsets: Berlin +01:00 in March until the
 * 29th; Chicago -06:00 until Sunday 8 March 2026 02:00, then -05:00).
 */
import { describe, expect, it } from 'vitest';
import { isSameLocalDay, readWhen } from '../../src/core/phrase.js';
import { EtiqError } from '../../src/core/errors.js';

const t = (iso: string): number => Date.parse(iso);
const BERLIN = 'Europe/Berlin';
const CHICAGO = 'America/Chicago';
// Monday 2 March 2026, 12:00 in Berlin.
const MON_NOON = t('2026-03-02T11:00:00Z');

async function refused(text: string, now = MON_NOON, zone = BERLIN): Promise<EtiqError> {
  try {
    await readWhen(text, now, zone);
  } catch (err) {
    expect(err).toBeInstanceOf(EtiqError);
    expect((err as EtiqError).exitCode).toBe(2);
    return err as EtiqError;
  }
  throw new Error(`"${text}" was read`);
}

describe('readWhen: phrases relative to now, in the zone', () => {
  it('tomorrow 10:30: Tuesday 3 March 10:30 Berlin', async () => {
    expect(await readWhen('tomorrow 10:30', MON_NOON, BERLIN)).toEqual({ ms: t('2026-03-03T09:30:00Z'), kind: 'time', zone: BERLIN });
  });

  it('Tue 14:00: the coming Tuesday, 3 March', async () => {
    expect((await readWhen('Tue 14:00', MON_NOON, BERLIN)).ms).toBe(t('2026-03-03T13:00:00Z'));
    // On Tuesday 3 March at 15:00 the Tuesday to come is the 10th.
    expect((await readWhen('Tue 14:00', t('2026-03-03T14:00:00Z'), BERLIN)).ms).toBe(t('2026-03-10T13:00:00Z'));
  });

  it('next Monday at 9: Monday 9 March 09:00', async () => {
    expect((await readWhen('next Monday at 9', MON_NOON, BERLIN)).ms).toBe(t('2026-03-09T08:00:00Z'));
    expect((await readWhen('next Monday at 9', t('2026-03-04T09:00:00Z'), BERLIN)).ms).toBe(t('2026-03-09T08:00:00Z'));
  });

  it('today 16:00: today, a definite time', async () => {
    expect(await readWhen('today 16:00', MON_NOON, BERLIN)).toEqual({ ms: t('2026-03-02T15:00:00Z'), kind: 'time', zone: BERLIN });
  });

  it('later today, today, this afternoon: later-today, at now', async () => {
    for (const p of ['later today', 'Later today', 'today', 'this afternoon', 'tonight']) {
      expect(await readWhen(p, MON_NOON, BERLIN), p).toEqual({ ms: MON_NOON, kind: 'later-today', zone: BERLIN });
    }
  });

  it('now: exactly now', async () => {
    expect(await readWhen('now', MON_NOON, BERLIN)).toEqual({ ms: MON_NOON, kind: 'now', zone: BERLIN });
    expect((await readWhen(' right now ', MON_NOON + 17, BERLIN)).ms).toBe(MON_NOON + 17);
  });

  it('ISO forms and a bare time, as --at reads them: wall clock in the zone, or the offset given', async () => {
    expect((await readWhen('2026-03-04T12:00', MON_NOON, BERLIN)).ms).toBe(t('2026-03-04T11:00:00Z'));
    expect((await readWhen('2026-03-04T12:00', MON_NOON, CHICAGO)).ms).toBe(t('2026-03-04T18:00:00Z'));
    expect((await readWhen('2026-03-04T12:00:00Z', MON_NOON, CHICAGO)).ms).toBe(t('2026-03-04T12:00:00Z'));
    expect((await readWhen('16:00', MON_NOON, BERLIN)).ms).toBe(t('2026-03-02T15:00:00Z'));
    expect((await readWhen('2026-03-02', MON_NOON, BERLIN)).kind).toBe('later-today');
  });

  it('a stated zone and a relative time are the instants they name', async () => {
    expect((await readWhen('in 2 hours', MON_NOON, CHICAGO)).ms).toBe(MON_NOON + 2 * 3_600_000);
    // 10:30 CET (+01:00) on Tuesday 3 March, whatever zone the phrase is read in.
    expect((await readWhen('10:30 CET tomorrow', MON_NOON, CHICAGO)).ms).toBe(t('2026-03-03T09:30:00Z'));
  });

  it('the same phrase in another zone is another instant', async () => {
    // Monday 2 March 05:00 in Chicago: tomorrow is Tuesday 3 March, 10:30 CST = 16:30 UTC.
    expect((await readWhen('tomorrow 10:30', MON_NOON, CHICAGO)).ms).toBe(t('2026-03-03T16:30:00Z'));
  });
});

describe('readWhen on the day the zone changes to summer time', () => {
  // Saturday 7 March 2026, 10:00 Berlin = 03:00 Chicago (CST, -06:00).
  const SAT = t('2026-03-07T09:00:00Z');

  it('tomorrow 10:30 in Chicago is 10:30 CDT (-05:00) on Sunday 8 March, not 10:30 at Saturday\'s offset', async () => {
    expect((await readWhen('tomorrow 10:30', SAT, CHICAGO)).ms).toBe(t('2026-03-08T15:30:00Z'));
  });

  it('Mon 8:00 in Chicago is Monday 9 March 08:00 CDT', async () => {
    expect((await readWhen('Mon 8:00', SAT, CHICAGO)).ms).toBe(t('2026-03-09T13:00:00Z'));
  });

  it('today 10:00 read on the change day itself, before the change (01:00 CST), is after it: 10:00 CDT', async () => {
    expect((await readWhen('today 10:00', t('2026-03-08T07:00:00Z'), CHICAGO)).ms).toBe(t('2026-03-08T15:00:00Z'));
  });

  it('a time the clocks skip does not exist: refused', async () => {
    expect((await refused('tomorrow 2:30', SAT, CHICAGO)).message).toContain('does not exist in America/Chicago');
  });
});

describe('readWhen refuses what it cannot read, quoting it', () => {
  it('unreadable text', async () => {
    const e = await refused('whenever suits');
    expect(e.message).toContain('--proposed "whenever suits" cannot be read as a time');
  });

  it('controls in the text are shown, not obeyed', async () => {
    expect((await refused('soon\u001b[2J')).message).toContain('"soon\\x1B[2J"');
  });

  it('more than one time, or words besides the time', async () => {
    expect((await refused('Tue 14:00 or Wed 10:00')).message).toContain('holds more than one time');
    expect((await refused('tomorrow at 3pm please')).message).toContain('only "tomorrow at 3pm" is a time');
  });

  it('a day without a time of day', async () => {
    expect((await refused('Thursday')).message).toContain('is a day without a time of day');
    expect((await refused('tomorrow')).message).toContain('is a day without a time of day');
    expect((await refused('2026-03-05')).message).toContain('is a day without a time of day');
  });

  it('empty, a bad ISO time, a year etiq does not handle', async () => {
    expect((await refused('3100-01-01T10:00')).message).toContain('is outside the years 1900 to 2999');
    expect((await refused('tomorrow 10:30 in 3100')).exitCode).toBe(2);
    expect((await refused('  ')).message).toContain('is empty');
    expect((await refused('2026-13-45T10:00')).message).toContain('--proposed "2026-13-45T10:00" is not a date-time etiq can read');
    expect((await refused('2026-03-04T1\n0:00')).message).toContain('"2026-03-04T1\\x0A0:00"');
  });
});

describe('isSameLocalDay', () => {
  it('compares local days in the zone', async () => {
    // Monday 2 March 23:30 Berlin is still Monday there, but Monday 16:30 in Chicago.
    expect(isSameLocalDay(t('2026-03-02T22:30:00Z'), MON_NOON, BERLIN)).toBe(true);
    expect(isSameLocalDay(t('2026-03-02T23:30:00Z'), MON_NOON, BERLIN)).toBe(false);
    expect(isSameLocalDay(t('2026-03-02T23:30:00Z'), MON_NOON, CHICAGO)).toBe(true);
  });
});
