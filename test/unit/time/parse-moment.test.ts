// parseMoment (core/time.ts) reads `HH:MM`, `YYYY-MM-DD` and a local `YYYY-MM-DDTHH:mm[:ss[.SSS]]`
// in an IANA zone with luxon's own steps on etiq's zone tables, so that a warm run with
// `--at 10:00` in a user's zone needs no Intl object (issue 13). Each must give luxon's
// instant: in the hour a spring-forward change skips (moved forward by the gap), in the
// hour a fall-back change repeats (luxon guesses the offset of its own clock,
// Settings.now(), so the answer there depends on the season the process runs in), and
// where a whole day was skipped (Pacific/Apia, 30 December 2011).
import { DateTime, Settings } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMoment } from '../../../src/core/time.js';

const HOUR = 3_600_000;
const ZONES = ['Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Apia', 'Asia/Kolkata', 'America/St_Johns', 'Africa/Casablanca', 'America/Havana'];

/** Every change of offset in [from, to), found hour by hour with luxon. */
function changes(zone: string, from: number, to: number): number[] {
  const out: number[] = [];
  let prev = DateTime.fromMillis(from, { zone }).offset;
  for (let t = from + HOUR; t < to; t += HOUR) {
    const o = DateTime.fromMillis(t, { zone }).offset;
    if (o !== prev) out.push(t);
    prev = o;
  }
  return out;
}

const realNow = Settings.now;
afterEach(() => {
  Settings.now = realNow;
});

/** luxon's clock at these instants: a winter and a summer day of each hemisphere. */
const CLOCKS = [Date.UTC(2026, 0, 15, 12), Date.UTC(2026, 6, 15, 12)];

describe("parseMoment: luxon's instants without luxon", () => {
  for (const zone of ZONES) {
    it(`agrees with luxon in ${zone}, wall time by wall time around each change of 2011-2012 and 2026`, () => {
      const walls: string[] = [];
      for (const [a, b] of [[Date.UTC(2011, 0, 1), Date.UTC(2013, 0, 1)], [Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)]] as const) {
        for (const c of changes(zone, a, b)) {
          // Every 20 minutes of wall time from a day before the change to a day after.
          const local = DateTime.fromMillis(c, { zone });
          for (let m = -26 * 60; m <= 26 * 60; m += 20) {
            const w = new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour) + m * 60_000).toISOString();
            walls.push(w.slice(0, 16), w.slice(0, 19), `${w.slice(0, 19)}.5`);
          }
        }
      }
      // And a spread over 2026 (every zone, Asia/Kolkata's without changes included).
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 61 * HOUR + 7 * 60_000) walls.push(new Date(t).toISOString().slice(0, 16));
      expect(walls.length).toBeGreaterThan(140);
      let checked = 0;
      for (const clock of CLOCKS) {
        Settings.now = () => clock;
        for (const text of walls) {
          expect(parseMoment(text, zone, '--at').ms, `${text} ${zone}`).toBe(DateTime.fromISO(text, { zone }).toMillis());
          const date = text.slice(0, 10);
          expect(parseMoment(date, zone, '--since').ms, `${date} ${zone}`).toBe(DateTime.fromISO(date, { zone }).startOf('day').toMillis());
          checked++;
        }
      }
      expect(checked).toBe(2 * walls.length);
    });

    it(`reads HH:MM on the day of --now as luxon does in ${zone}`, () => {
      const nows: number[] = [];
      for (const c of changes(zone, Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1))) for (let t = c - 30 * HOUR; t <= c + 30 * HOUR; t += 3 * HOUR + 7 * 60_000) nows.push(t);
      nows.push(Date.UTC(2011, 11, 29, 12), Date.UTC(2011, 11, 31, 12)); // around Apia's skipped day
      for (const now of nows) {
        for (const [h, m] of [[0, 0], [0, 30], [1, 0], [2, 0], [2, 30], [3, 0], [12, 0], [23, 59]] as const) {
          const text = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
          const luxon = DateTime.fromMillis(now, { zone }).startOf('day').set({ hour: h, minute: m, second: 0 }).toMillis();
          expect(parseMoment(text, zone, '--at', now).ms, `${text} on ${new Date(now).toISOString()} ${zone}`).toBe(luxon);
        }
      }
    });
  }

  it('refuses what luxon refuses, with the same sentence', () => {
    for (const text of ['2026-02-30T10:00', '2026-13-01', '2026-02-29', '2026-03-02T10:60', '2026-03-02T10:00:61', '25:00', '2026-3-2']) {
      expect(() => parseMoment(text, 'Europe/Berlin', '--at', Date.UTC(2026, 2, 2)), text).toThrow(`--at "${text}" is not a date (YYYY-MM-DD), a time (HH:MM) or an ISO 8601 date-time`);
    }
  });

  it('reads YYYY-MM-DDTHH:mm[:ss[.SSS]] with Z or ±HH:MM as luxon does (without loading it), and refuses what luxon refuses', () => {
    // The form of --now and ETIQ_NOW in scripts: read without luxon (core/time.ts,
    // offsetInstant). Every field at and past its limits, and forms left to luxon (one
    // fraction digit, +HHMM, lowercase z).
    const texts: string[] = [];
    for (const date of ['2026-03-02', '2024-02-29', '2026-02-29', '2026-04-30', '2026-04-31', '2026-12-31', '2026-00-10', '2026-13-01', '1999-01-00']) {
      for (const time of ['00:00', '23:59', '24:00', '12:60', '09:00:00', '09:00:59', '09:00:60', '09:00:00.000', '09:00:00.999', '09:00:00.5', '9:00']) {
        for (const zone of ['Z', 'z', '+00:00', '-00:00', '+05:30', '-12:00', '+14:00', '+23:59', '+24:00', '+05:60', '+0100', '+01']) texts.push(`${date}T${time}${zone}`);
      }
    }
    let read = 0;
    for (const text of texts) {
      let expected: number | null = null;
      try {
        expected = DateTime.fromISO(text, { setZone: true }).toMillis();
      } catch {
        // refused by luxon (throwOnInvalid): refused by parseMoment too
      }
      if (expected === null) expect(() => parseMoment(text, 'UTC', '--now'), text).toThrow(/is not a date/);
      else {
        expect(parseMoment(text, 'UTC', '--now').ms, text).toBe(expected);
        read++;
      }
    }
    expect(read).toBeGreaterThan(300);
    // Hand-worked: 09:30 at +05:30 is 04:00Z; 23:59:59.999 at -12:00 is 11:59:59.999Z the next day.
    expect(new Date(parseMoment('2026-03-02T09:30+05:30', 'Europe/Berlin', '--now').ms).toISOString()).toBe('2026-03-02T04:00:00.000Z');
    expect(new Date(parseMoment('2026-12-31T23:59:59.999-12:00', 'UTC', '--now').ms).toISOString()).toBe('2027-01-01T11:59:59.999Z');
  });

  it('hands other ISO forms to luxon: week dates, ordinal dates, the basic format, 24:00', () => {
    // Hand-worked: 2026-W10-1 and the 61st day are Monday 2 March 2026; 10:00 in Berlin (CET) is 09:00Z.
    for (const text of ['2026-W10-1T10:00', '2026-061T10:00', '20260302T1000']) {
      expect(new Date(parseMoment(text, 'Europe/Berlin', '--at').ms).toISOString(), text).toBe('2026-03-02T09:00:00.000Z');
    }
    // 24:00 is the end of the day: midnight of 3 March, 23:00Z.
    expect(new Date(parseMoment('2026-03-02T24:00', 'Europe/Berlin', '--at').ms).toISOString()).toBe('2026-03-02T23:00:00.000Z');
  });
});
