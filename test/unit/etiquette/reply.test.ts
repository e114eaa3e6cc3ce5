/**
 * The verdict on a client's reply, and the offer repeated after a no, worked out by hand.
 *
 * The user is in London (UTC+00:00 in February, so wall clock = UTC), Monday to Friday
 * 09:00-17:00, 60-minute slots on a 30-minute grid, no buffer. The client is in London too,
 * with the default client day (Monday to Friday 08:00-18:00) unless a test says otherwise.
 * The missed call: Mon 2 Feb 2026 10:00-11:00. Now: Mon 2 Feb 12:00. The follow-up notice
 * is the start of the next working day: Tue 3 Feb 09:00. The open offer: Tue 3 09:00,
 * Wed 4 12:00, Thu 5 09:00.
 */
import { describe, expect, it } from 'vitest';
import type { HeldSlot, Slot } from '../../../src/core/availability/slots.js';
import type { Occurrence, UnknownSpan } from '../../../src/core/calendar/types.js';
import { REPLY_REASONS, checkReply, followUpEarliest, planReoffer, type ReplyAvailability, type ReplyInput } from '../../../src/core/etiquette/reply.js';
import { DEFAULT_CLIENT_HOURS, mondayToFriday, type SlotRules } from '../../../src/core/settings.js';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const LONDON = 'Europe/London';
const t = (iso: string): number => Date.parse(`${iso}Z`);
const slot = (iso: string, minutes = 60): Slot => ({ start: t(iso), end: t(iso) + minutes * MIN });
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const hours = mondayToFriday([{ start: 9 * 60, end: 17 * 60 }]);
const rules: SlotRules = { durationMs: 60 * MIN, stepMs: 30 * MIN, noticeMs: 0, bufferMs: 0, horizonMs: 14 * D, maxPerDay: 0 };
const NOW = t('2026-02-02T12:00');
const MISSED = slot('2026-02-02T10:00');
const OFFER = [slot('2026-02-03T09:00'), slot('2026-02-04T12:00'), slot('2026-02-05T09:00')];

function busy(start: string, end: string, summary = 'Busy'): Occurrence {
  return {
    uid: `b-${start}`, recurrenceId: null, start: t(start), end: t(end), allDay: false, startDate: null, endDate: null, status: 'CONFIRMED',
    busy: true, freeReason: null, tentative: false, summary, location: null, organizer: null, attendees: [], calendar: 'work.ics', line: 1,
  };
}

function availability(extra: Partial<ReplyAvailability> = {}): ReplyAvailability {
  return {
    now: NOW,
    zone: LONDON,
    hours,
    rules,
    occurrences: [],
    unknown: [],
    held: [],
    client: { zone: LONDON, hours: mondayToFriday(DEFAULT_CLIENT_HOURS.mon) },
    ...extra,
  };
}

function check(proposed: string, extra: Partial<Omit<ReplyInput, 'proposed'>> = {}) {
  return checkReply({
    proposed: t(proposed),
    offer: { slots: OFFER, expired: false },
    durationMs: 60 * MIN,
    availability: availability(),
    rules: { noticeMs: null, missed: MISSED },
    acceptAnyway: false,
    fmt: iso,
    ...extra,
  });
}

describe('checkReply: the reasons', () => {
  it('the JSON contract names exactly these reasons', () => {
    expect(REPLY_REASONS).toEqual(['offered', 'not-offered', 'busy', 'too-soon', 'outside-hours', 'expired', 'no-offer']);
  });

  it('offered: the start of one of the slots, still free, after the notice: accepted, the slot as offered', () => {
    expect(check('2026-02-04T12:00')).toEqual({ reason: 'offered', accepted: true, slot: OFFER[1], earliest: t('2026-02-03T09:00'), details: [] });
  });

  it('not-offered: a free time that was not offered; --accept-anyway accepts it', () => {
    expect(check('2026-02-03T14:00')).toMatchObject({ reason: 'not-offered', accepted: false, slot: slot('2026-02-03T14:00') });
    expect(check('2026-02-03T14:00', { acceptAnyway: true })).toMatchObject({ reason: 'not-offered', accepted: true });
    // Off the grid and not on an offered start: still just not offered.
    expect(check('2026-02-04T12:15')).toMatchObject({ reason: 'not-offered', accepted: false });
  });

  it('too-soon: today, before the next working day starts, or past; never accepted', () => {
    expect(check('2026-02-02T16:00')).toMatchObject({ reason: 'too-soon', accepted: false, details: ['the earliest start the follow-up notice allows is 2026-02-03T09:00'] });
    expect(check('2026-02-03T08:30')).toMatchObject({ reason: 'too-soon' });
    expect(check('2026-02-02T09:00')).toMatchObject({ reason: 'too-soon' });
    expect(check('2026-02-02T16:00', { acceptAnyway: true })).toMatchObject({ reason: 'too-soon', accepted: false });
    // An offered slot whose day has come: on Tue 3 at 08:00 the next working day is Wed 4.
    const tuesday = availability({ now: t('2026-02-03T08:00') });
    expect(check('2026-02-03T09:00', { availability: tuesday })).toMatchObject({ reason: 'too-soon', earliest: t('2026-02-04T09:00') });
  });

  it('too-soon with a notice written as a duration, and never on the missed day', () => {
    // followup.notice = 36h: from Wed 4 00:00.
    expect(check('2026-02-03T14:00', { rules: { noticeMs: 36 * H, missed: MISSED } })).toMatchObject({ reason: 'too-soon', earliest: t('2026-02-04T00:00') });
    // followup.notice = 1h would allow Monday 16:00, but Monday is the day of the missed call.
    expect(check('2026-02-02T16:00', { rules: { noticeMs: H, missed: MISSED } })).toMatchObject({ reason: 'too-soon', details: ['it is on the day of the missed meeting'] });
  });

  it("outside-hours: outside the client's day, or the user's own hours; --accept-anyway does not change that", () => {
    // New York is 5 h behind: Tue 3 09:00 London is 04:00 there, before the client's 08:00.
    const ny = availability({ client: { zone: 'America/New_York', hours: mondayToFriday(DEFAULT_CLIENT_HOURS.mon) } });
    expect(check('2026-02-03T09:00', { availability: ny })).toMatchObject({ reason: 'outside-hours', accepted: false });
    expect(check('2026-02-03T09:00', { availability: ny }).details[0]).toContain("outside the client's working day");
    // Saturday: neither working day.
    expect(check('2026-02-07T10:00', { acceptAnyway: true })).toMatchObject({ reason: 'outside-hours', accepted: false });
    // 16:30-17:30 ends after the user's 17:00.
    expect(check('2026-02-03T16:30', { acceptAnyway: true }).reason).toBe('outside-hours');
  });

  it('busy: an event, the buffer, a slot held by another offer, unknown time, a full day', () => {
    const withEvent = availability({ occurrences: [busy('2026-02-05T09:30', '2026-02-05T10:00', 'Dentist')] });
    const r = check('2026-02-05T09:00', { availability: withEvent });
    expect(r).toMatchObject({ reason: 'busy', accepted: false });
    expect(r.details[0]).toContain('it overlaps "Dentist"');
    // 15 minutes of buffer: an event from 10:00 touches the 09:00-10:00 slot.
    const buffered = availability({ rules: { ...rules, bufferMs: 15 * MIN }, occurrences: [busy('2026-02-05T10:00', '2026-02-05T10:30')] });
    expect(check('2026-02-05T09:00', { availability: buffered }).reason).toBe('busy');
    const held: HeldSlot[] = [{ ...slot('2026-02-03T14:00'), offerId: 7, client: 'jo@example.com', expiresAt: t('2026-02-04T12:00') }];
    const r2 = check('2026-02-03T14:00', { availability: availability({ held }), acceptAnyway: true });
    expect(r2).toMatchObject({ reason: 'busy', accepted: false });
    expect(r2.details[0]).toContain('held for jo@example.com by offer 7');
    const unknown: UnknownSpan[] = [{ calendar: 'work.ics', uid: 'u', summary: 'Series', line: 1, start: t('2026-02-04T00:00'), end: t('2026-02-05T00:00'), reason: 'capped' }];
    expect(check('2026-02-04T12:00', { availability: availability({ unknown }) }).reason).toBe('busy');
    const full = availability({ rules: { ...rules, maxPerDay: 1 }, occurrences: [busy('2026-02-04T16:00', '2026-02-04T16:30')] });
    expect(check('2026-02-04T12:00', { availability: full }).reason).toBe('busy');
  });

  it('expired: an expired offer is not accepted, even its own slot; --accept-anyway accepts a free time', () => {
    const expired = { slots: OFFER, expired: true };
    expect(check('2026-02-04T12:00', { offer: expired })).toMatchObject({ reason: 'expired', accepted: false });
    expect(check('2026-02-03T14:00', { offer: expired })).toMatchObject({ reason: 'expired', accepted: false });
    expect(check('2026-02-04T12:00', { offer: expired, acceptAnyway: true })).toMatchObject({ reason: 'expired', accepted: true, slot: OFFER[1] });
  });

  it('no-offer: nothing to check against', () => {
    expect(check('2026-02-04T12:00', { offer: null, acceptAnyway: true })).toMatchObject({ reason: 'no-offer', accepted: false });
  });

  it('the first failing check wins: too-soon, outside-hours, busy, then expired, then not-offered', () => {
    const expired = { slots: OFFER, expired: true };
    const busyAll = availability({ occurrences: [busy('2026-02-02T00:00', '2026-02-10T00:00')] });
    expect(check('2026-02-02T16:00', { offer: expired, availability: busyAll }).reason).toBe('too-soon');
    expect(check('2026-02-07T10:00', { offer: expired, availability: busyAll }).reason).toBe('outside-hours');
    expect(check('2026-02-03T14:00', { offer: expired, availability: busyAll }).reason).toBe('busy');
  });
});

describe('followUpEarliest', () => {
  it('the next working day, or now + a duration', () => {
    expect(followUpEarliest({ now: NOW, zone: LONDON, hours, noticeMs: null })).toBe(t('2026-02-03T09:00'));
    // Friday noon: the next working day is Monday.
    expect(followUpEarliest({ now: t('2026-02-06T12:00'), zone: LONDON, hours, noticeMs: null })).toBe(t('2026-02-09T09:00'));
    expect(followUpEarliest({ now: NOW, zone: LONDON, hours, noticeMs: 36 * H })).toBe(t('2026-02-04T00:00'));
  });
});

describe('planReoffer', () => {
  const reoffer = (extra: { availability?: ReplyAvailability; previous?: Slot[]; declined: Slot; count?: number; firmNoticeMs?: number | null }) =>
    planReoffer({
      availability: extra.availability ?? availability(),
      rules: { noticeMs: null, missed: MISSED, firmNoticeMs: extra.firmNoticeMs ?? null },
      previous: extra.previous ?? OFFER,
      declined: extra.declined,
      count: extra.count ?? 3,
    });
  const starts = (r: { slots: Slot[] }) => r.slots.map((s) => iso(s.start));

  it('all still free: the same slots', () => {
    const r = reoffer({ declined: slot('2026-02-03T14:00') });
    expect(r).toEqual({ slots: OFFER, short: false, kept: OFFER });
  });

  it('one taken: the other two kept, topped up by the planner, which skips the declined hour', () => {
    // Thu 09:00-09:30 is busy and Thu 09:00-10:00 was declined: the planner's Thursday
    // morning is 10:00 (09:30-10:30 overlaps the declined hour).
    const r = reoffer({ availability: availability({ occurrences: [busy('2026-02-05T09:00', '2026-02-05T09:30')] }), declined: slot('2026-02-05T09:00') });
    expect(starts(r)).toEqual(['2026-02-03T09:00', '2026-02-04T12:00', '2026-02-05T10:00']);
    expect(r.kept.map((s) => iso(s.start))).toEqual(['2026-02-03T09:00', '2026-02-04T12:00']);
  });

  it('a slot overlapping the declined time is not offered again', () => {
    // Declined Tue 09:30-10:30 overlaps Tue 09:00: Tuesday's first free start is then 10:30.
    const r = reoffer({ declined: slot('2026-02-03T09:30') });
    expect(starts(r)).toEqual(['2026-02-03T10:30', '2026-02-04T12:00', '2026-02-05T09:00']);
  });

  it('slots whose time has come are dropped: on Wednesday 11:00 the offer starts Thursday', () => {
    // Earliest Thu 09:00; the declined Thu 09:00 and its overlaps are skipped. Planner:
    // Thu 10:00 (morning), Fri 12:00 (afternoon), Mon 9 09:00 (morning).
    const r = reoffer({ availability: availability({ now: t('2026-02-04T11:00') }), declined: slot('2026-02-05T09:00') });
    expect(r.kept).toEqual([]);
    expect(starts(r)).toEqual(['2026-02-05T10:00', '2026-02-06T12:00', '2026-02-09T09:00']);
  });

  it('the firm tone tops up only from firm_notice on; the kept slots stay', () => {
    // now + 3d = Thu 5 12:00: the first new slot is Thursday afternoon's first, 12:00.
    const r = reoffer({ availability: availability({ occurrences: [busy('2026-02-05T09:00', '2026-02-05T09:30')] }), declined: slot('2026-02-05T09:00'), firmNoticeMs: 3 * D });
    expect(starts(r)).toEqual(['2026-02-03T09:00', '2026-02-04T12:00', '2026-02-05T12:00']);
  });

  it("when the planner's picks all overlap the kept slots, it plans again around them", () => {
    // Mornings only (09:00-12:00), a horizon to Fri 00:00, Thursday all busy. Kept: Tue and
    // Wed 09:30. The planner's picks (Tue 09:00, Wed 09:00, then Tue 09:30) all overlap them;
    // planned again with them held: Tuesday's first free start, 10:30.
    const mornings = mondayToFriday([{ start: 9 * 60, end: 12 * 60 }]);
    const av = availability({ hours: mornings, rules: { ...rules, horizonMs: t('2026-02-06T00:00') - NOW }, occurrences: [busy('2026-02-05T00:00', '2026-02-06T00:00')] });
    const previous = [slot('2026-02-03T09:30'), slot('2026-02-04T09:30'), slot('2026-02-05T09:30')];
    const r = reoffer({ availability: av, previous, declined: slot('2026-02-05T09:30') });
    expect(starts(r)).toEqual(['2026-02-03T09:30', '2026-02-03T10:30', '2026-02-04T09:30']);
  });

  it('nothing free: fewer slots, short', () => {
    const r = reoffer({ availability: availability({ occurrences: [busy('2026-02-02T00:00', '2026-03-02T00:00')] }), declined: slot('2026-02-03T14:00') });
    expect(r).toEqual({ slots: [], short: true, kept: [] });
  });
});
