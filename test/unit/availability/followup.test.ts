/**
 * The follow-up offer's own rules, worked out by hand.
 *
 * The user is in New York, Monday to Friday 09:00-17:00; the client is in Berlin with the
 * default client day, Monday to Friday 08:00-18:00 Berlin. In February (no DST) Berlin is
 * six hours ahead, so the two days overlap 09:00-12:00 New York (15:00-18:00 Berlin):
 * 30-minute slots at 09:00, 09:30, ..., 11:30 New York, all of them the client's afternoon.
 * The missed call: Tue 10 Feb 2026 10:00-10:30 New York (15:00 UTC).
 */
import { describe, expect, it } from 'vitest';
import { nextWorkingDayStart, planFollowUpOffer, type FollowUpOfferInput } from '../../../src/core/availability/followup.js';
import type { HeldSlot } from '../../../src/core/availability/slots.js';
import type { Occurrence } from '../../../src/core/calendar/types.js';
import { DEFAULT_CLIENT_HOURS, mondayToFriday, type SlotRules } from '../../../src/core/settings.js';
import { isoInZone } from '../../../src/core/time.js';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const NY = 'America/New_York';
const t = (iso: string): number => Date.parse(iso);
const hours = mondayToFriday([{ start: 9 * 60, end: 17 * 60 }]);
const rules: SlotRules = { durationMs: 30 * MIN, stepMs: null, noticeMs: 0, bufferMs: 0, horizonMs: 14 * D, maxPerDay: 0 };

function busy(start: string, end: string): Occurrence {
  return {
    uid: `b-${start}`, recurrenceId: null, start: t(start), end: t(end), allDay: false, startDate: null, endDate: null, status: 'CONFIRMED',
    busy: true, freeReason: null, tentative: false, summary: 'Busy', location: null, organizer: null, attendees: [], calendar: 'work.ics', line: 1,
  };
}

function input(extra: Partial<FollowUpOfferInput> = {}): FollowUpOfferInput {
  return {
    now: t('2026-02-10T16:00:00Z'), // Tue 11:00 New York, after the missed call
    zone: NY,
    hours,
    rules,
    occurrences: [],
    client: { zone: 'Europe/Berlin', hours: mondayToFriday(DEFAULT_CLIENT_HOURS.mon) },
    missed: { start: t('2026-02-10T15:00:00Z'), end: t('2026-02-10T15:30:00Z') },
    count: 3,
    noticeMs: null,
    firmNoticeMs: null,
    ...extra,
  };
}
const starts = (i: FollowUpOfferInput) => planFollowUpOffer(i).slots.map((s) => isoInZone(s.start, NY));

describe('planFollowUpOffer', () => {
  it('from the next working day, inside both working days, one a day', () => {
    expect(starts(input())).toEqual(['2026-02-11T09:00:00-05:00', '2026-02-12T09:00:00-05:00', '2026-02-13T09:00:00-05:00']);
    expect(planFollowUpOffer(input()).earliest).toBe(t('2026-02-11T14:00:00Z'));
  });

  it('skips busy time and slots held by another open offer', () => {
    const held: HeldSlot[] = [{ start: t('2026-02-12T14:00:00Z'), end: t('2026-02-12T14:30:00Z'), offerId: 7, client: 'jo@fabrikam.example', expiresAt: t('2026-02-13T00:00:00Z') }];
    expect(starts(input({ occurrences: [busy('2026-02-11T14:00:00Z', '2026-02-11T15:00:00Z')], held }))).toEqual([
      '2026-02-11T10:00:00-05:00',
      '2026-02-12T09:30:00-05:00',
      '2026-02-13T09:00:00-05:00',
    ]);
  });

  it('the firm tone starts at least firm_notice away', () => {
    // now + 3d = Fri 13 Feb 11:00 New York: 11:00 and 11:30 are left that day.
    expect(starts(input({ firmNoticeMs: 3 * D }))).toEqual(['2026-02-13T11:00:00-05:00', '2026-02-16T09:00:00-05:00', '2026-02-17T09:00:00-05:00']);
  });

  it('never on the day of the missed call, even when the notice allows it', () => {
    // Told on Monday 08:00 that Tuesday's call is off: the next working day is Tuesday itself.
    const i = input({ now: t('2026-02-09T13:00:00Z') });
    expect(planFollowUpOffer(i).earliest).toBe(t('2026-02-10T14:00:00Z'));
    expect(starts(i)).toEqual(['2026-02-11T09:00:00-05:00', '2026-02-12T09:00:00-05:00', '2026-02-13T09:00:00-05:00']);
  });

  it('a notice written as a duration: now + 36h', () => {
    // Tue 11:00 + 36h = Wed 23:00 New York.
    expect(starts(input({ noticeMs: 36 * H }))[0]).toBe('2026-02-12T09:00:00-05:00');
  });

  it('no overlap with the client day: nothing offered, and short says so', () => {
    // Tokyo is 14 h ahead: 08:00-18:00 Tokyo is 18:00-04:00 New York.
    const r = planFollowUpOffer(input({ client: { zone: 'Asia/Tokyo', hours: mondayToFriday(DEFAULT_CLIENT_HOURS.mon) } }));
    expect(r.slots).toEqual([]);
    expect(r.short).toBe(true);
  });

  it('nextWorkingDayStart skips the weekend', () => {
    // Fri 13 Feb 16:00 New York -> Mon 16 Feb 09:00.
    expect(isoInZone(nextWorkingDayStart({ now: t('2026-02-13T21:00:00Z'), zone: NY, hours }), NY)).toBe('2026-02-16T09:00:00-05:00');
  });
});
