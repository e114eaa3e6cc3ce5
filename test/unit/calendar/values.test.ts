// Date-time value forms, durations and all-day events, read from the fixtures
// value-forms.ics, floating-wr-timezone.ics and all-day.ics (each says what it exercises).
import { describe, expect, it } from 'vitest';
import { ofUid, readFixture, spans } from './helpers.js';

describe('value forms (value-forms.ics)', () => {
  const read = (userZone: string) => readFixture('value-forms.ics', '2026-03-01T00:00:00Z', '2026-04-05T00:00:00Z', { userZone });

  it('reads UTC values, DURATION instead of DTEND, and days as nominal across a DST change', () => {
    const r = read('Asia/Kolkata');
    const byUid = Object.fromEntries(r.occurrences.map((o) => [o.uid, spans([o])[0]]));
    expect(byUid).toEqual({
      utc: '2026-03-10T15:00:00Z/2026-03-10T15:30:00Z',
      floating: '2026-03-10T03:30:00Z/2026-03-10T04:30:00Z', // 09:00 in Kolkata (+05:30)
      'duration-45m': '2026-03-11T08:00:00Z/2026-03-11T08:45:00Z',
      // P1D: 12:00 EST to 12:00 EDT the next day (23 hours); PT24H: 24 hours, 13:00 EDT.
      'duration-1d-dst': '2026-03-07T17:00:00Z/2026-03-08T16:00:00Z',
      'duration-24h-dst': '2026-03-07T17:00:00Z/2026-03-08T17:00:00Z',
      // P1W: 09:00 CET to 09:00 CEST a week later.
      'duration-1w-dst': '2026-03-25T08:00:00Z/2026-04-01T07:00:00Z',
    });
    expect(r.occurrences.every((o) => !o.allDay && o.startDate === null && o.endDate === null && o.recurrenceId === null)).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('reads a floating time in the user zone when the calendar has no X-WR-TIMEZONE', () => {
    expect(spans(ofUid(read('America/New_York'), 'floating'))).toEqual(['2026-03-10T13:00:00Z/2026-03-10T14:00:00Z']); // EDT
    expect(spans(ofUid(read('UTC'), 'floating'))).toEqual(['2026-03-10T09:00:00Z/2026-03-10T10:00:00Z']);
    // The zoned and UTC events stay where they are.
    expect(spans(ofUid(read('America/New_York'), 'utc'))).toEqual(spans(ofUid(read('UTC'), 'utc')));
  });
});

describe('X-WR-TIMEZONE (floating-wr-timezone.ics)', () => {
  it('reads floating times in the calendar zone, repeats a UTC series at its local time there, and leaves TZIDs alone', () => {
    const r = readFixture('floating-wr-timezone.ics', '2026-03-01T00:00:00Z', '2026-08-01T00:00:00Z', { userZone: 'Asia/Kolkata' });
    expect(r.occurrences.map((o) => `${o.uid} ${spans([o])[0]}`)).toEqual([
      // 10:00 London on Fridays: GMT, GMT, then BST from 29 March.
      'google-utc-series 2026-03-20T10:00:00Z/2026-03-20T11:00:00Z',
      'google-utc-series 2026-03-27T10:00:00Z/2026-03-27T11:00:00Z',
      'google-utc-series 2026-04-03T09:00:00Z/2026-04-03T10:00:00Z',
      'floating-london 2026-07-10T08:00:00Z/2026-07-10T08:45:00Z',
      'zoned 2026-07-10T13:00:00Z/2026-07-10T14:00:00Z',
    ]);
  });
});

describe('all-day events (all-day.ics)', () => {
  const read = (userZone: string) => readFixture('all-day.ics', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', { userZone });

  it('keep their dates whatever the user zone: DTEND exclusive, no DTEND = one day, DTEND = DTSTART = that day', () => {
    for (const zone of ['America/New_York', 'Asia/Kolkata', 'UTC']) {
      const r = read(zone);
      expect(r.occurrences.map((o) => [o.uid, o.allDay, o.startDate, o.endDate]), zone).toEqual([
        ['across-dst', true, '2026-03-07', '2026-03-09'],
        ['one-day', true, '2026-03-13', '2026-03-14'],
        ['three-days', true, '2026-03-16', '2026-03-19'],
        ['no-end', true, '2026-03-20', '2026-03-21'],
        ['same-day-end', true, '2026-03-23', '2026-03-24'],
      ]);
      expect(r.warnings, zone).toEqual([]);
    }
  });

  it('span the user local days in New York (midnight EST/EDT)', () => {
    expect(spans(read('America/New_York'))).toEqual([
      '2026-03-07T05:00:00Z/2026-03-09T04:00:00Z', // 47 hours: 8 March has 23
      '2026-03-13T04:00:00Z/2026-03-14T04:00:00Z',
      '2026-03-16T04:00:00Z/2026-03-19T04:00:00Z',
      '2026-03-20T04:00:00Z/2026-03-21T04:00:00Z',
      '2026-03-23T04:00:00Z/2026-03-24T04:00:00Z',
    ]);
  });

  it('span the user local days in Kolkata (midnight at 18:30Z the day before)', () => {
    expect(spans(read('Asia/Kolkata'))).toEqual([
      '2026-03-06T18:30:00Z/2026-03-08T18:30:00Z',
      '2026-03-12T18:30:00Z/2026-03-13T18:30:00Z',
      '2026-03-15T18:30:00Z/2026-03-18T18:30:00Z',
      '2026-03-19T18:30:00Z/2026-03-20T18:30:00Z',
      '2026-03-22T18:30:00Z/2026-03-23T18:30:00Z',
    ]);
  });

  it('count as in the window by the user local days', () => {
    // 13 March in Kolkata ends at 18:30Z: a window starting at 19:00Z on 13 March misses it,
    // while in New York the same day runs until 04:00Z on 14 March.
    const from = '2026-03-13T19:00:00Z';
    const to = '2026-03-14T00:00:00Z';
    expect(readFixture('all-day.ics', from, to, { userZone: 'Asia/Kolkata' }).occurrences).toEqual([]);
    expect(readFixture('all-day.ics', from, to, { userZone: 'America/New_York' }).occurrences.map((o) => o.uid)).toEqual(['one-day']);
  });
});

describe('parseJcalDateTime', () => {
  // The reading before the digit-by-digit one (issue 13), by regular expressions alone.
  const JCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z)?)?$/;
  const BASIC = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/;
  const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  function byRegex(text: string) {
    const m = JCAL.exec(text) ?? BASIC.exec(text.trim());
    if (!m) return null;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    if (mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && leap ? 29 : MONTH_DAYS[mo - 1]!)) return null;
    // (A date of a year before 100 comes out in 19xx, as it always has: Date.UTC's mapping.)
    if (m[4] === undefined) return { wallMs: Date.UTC(y, mo - 1, d), isDate: true, utc: false };
    const [h, mi, s] = [Number(m[4]), Number(m[5]), Math.min(Number(m[6]), 59)];
    if (h > 23 || mi > 59) return null;
    const day = new Date(0);
    day.setUTCFullYear(y, mo - 1, d);
    day.setUTCHours(h, mi, s);
    return { wallMs: day.getTime(), isDate: false, utc: m[7] === 'Z' };
  }

  it('reads what the regular expressions read, on hand-picked and 100,000 random texts', async () => {
    const { parseJcalDateTime } = await import('../../../src/core/calendar/values.js');
    const hand = [
      '20260310', '20260310T100000', '20260310T100000Z', '2026-03-10', '2026-03-10T10:00:00Z', '2026-03-10T10:00:00.5',
      ' 20260310T100000Z', '20260310T100000Z ', '20260310t100000', '20260310T100000z', '20260229', '20240229T235960Z',
      '00010101T000000', '00991231', '20261301', '20260132', '20260310T240000', '20260310T236000', '2026031', '202603100',
      '20260310T10000', '20260310T1000000', '20260310X100000', '２0260310', '2026031a', '+2026031', '-2026031', '2026 310',
      '20260310T10000Z', '20260310T100000ZZ', '', '        ', '99991231T235959Z', '00000101', '20260310T1 0000',
    ];
    for (const t of hand) expect(parseJcalDateTime(t), JSON.stringify(t)).toEqual(byRegex(t));
    // Texts near the form: digits, with a character swapped, dropped or added here and there.
    const alphabet = '0123456789TZtz -:.+1';
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const forms = ['YYYYMMDD', 'YYYYMMDDThhmmss', 'YYYYMMDDThhmmssZ'];
    for (let i = 0; i < 100_000; i++) {
      let t = forms[rand(3)]!.replace(/[YMDhms]/g, () => String(rand(10)));
      // Months, days and times in range half of the time, so that values are read too.
      if (rand(2) === 0) t = t.slice(0, 4) + String(1 + rand(12)).padStart(2, '0') + String(1 + rand(31)).padStart(2, '0') + t.slice(8).replace(/^T\d\d/, `T${String(rand(25)).padStart(2, '0')}`);
      const edits = rand(3);
      for (let e = 0; e < edits; e++) {
        const at = rand(t.length + 1);
        const kind = rand(3);
        const c = alphabet[rand(alphabet.length)]!;
        t = kind === 0 ? t.slice(0, at) + c + t.slice(at + 1) : kind === 1 ? t.slice(0, at) + t.slice(at + 1) : t.slice(0, at) + c + t.slice(at);
      }
      expect(parseJcalDateTime(t), JSON.stringify(t)).toEqual(byRegex(t));
    }
  });
});
