// The availability engine on hand-built busy lists: each rule and boundary of issue 3.
import { describe, expect, it } from 'vitest';
import { explainSlot, findFreeSlots, pickOffer, type WorkingHours } from '../../../src/core/availability/slots.js';
import type { Occurrence } from '../../../src/core/calendar/types.js';
import type { SlotRules } from '../../../src/core/settings.js';
import { clientTime } from '../../../src/render/slots.js';

const MIN = 60_000;
const H = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const t = (s: string) => Date.parse(s);

function busy(start: string, end: string, extra: Partial<Occurrence> = {}): Occurrence {
  return {
    uid: extra.uid ?? `b-${start}`,
    recurrenceId: null,
    start: t(start),
    end: t(end),
    allDay: false,
    startDate: null,
    endDate: null,
    status: 'CONFIRMED',
    busy: true,
    freeReason: null,
    tentative: false,
    summary: extra.summary ?? 'Busy',
    location: null,
    organizer: null,
    attendees: [],
    calendar: 'test.ics',
    line: 1,
    ...extra,
  };
}

const none: WorkingHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const every = (ranges: [string, string][]): WorkingHours => {
  const r = ranges.map(([a, b]) => ({ start: toMin(a), end: toMin(b) }));
  return { mon: r, tue: r, wed: r, thu: r, fri: r, sat: r, sun: r };
};
function toMin(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}
const rules = (r: Partial<SlotRules> = {}): SlotRules => ({ durationMs: 30 * MIN, stepMs: null, noticeMs: 0, bufferMs: 0, horizonMs: 2 * 24 * H, maxPerDay: 0, ...r });

function slots(opts: { now: string; zone?: string; hours?: WorkingHours; rules?: Partial<SlotRules>; busy?: Occurrence[] }): string[] {
  return findFreeSlots({ now: t(opts.now), zone: opts.zone ?? 'UTC', hours: opts.hours ?? every([['09:00', '11:00']]), rules: rules(opts.rules), occurrences: opts.busy ?? [] }).map((s) => iso(s.start));
}

describe('rule 1: working ranges and the grid', () => {
  it('steps from the range start by the step (default: the duration) and ends at the range end', () => {
    expect(slots({ now: '2026-03-10T00:00:00Z', rules: { horizonMs: 24 * H } })).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T09:30:00Z', '2026-03-10T10:00:00Z', '2026-03-10T10:30:00Z']);
    expect(slots({ now: '2026-03-10T00:00:00Z', rules: { horizonMs: 24 * H, stepMs: 20 * MIN } })).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T09:20:00Z', '2026-03-10T09:40:00Z', '2026-03-10T10:00:00Z', '2026-03-10T10:20:00Z']);
  });
  it('offers nothing on a day without hours', () => {
    expect(slots({ now: '2026-03-10T00:00:00Z', hours: { ...every([['09:00', '10:00']]), tue: [] }, rules: { horizonMs: 24 * H } })).toEqual([]);
    expect(slots({ now: '2026-03-10T00:00:00Z', hours: none })).toEqual([]);
  });
});

describe('rule 2: notice and horizon', () => {
  it('offers a start exactly at now + notice, not one step before', () => {
    const r = slots({ now: '2026-03-10T07:00:00Z', rules: { noticeMs: 2.5 * H, horizonMs: 24 * H } });
    expect(r[0]).toBe('2026-03-10T09:30:00Z');
  });
  it('never offers a start at or after now + horizon', () => {
    expect(slots({ now: '2026-03-10T08:00:00Z', rules: { horizonMs: 2 * H } })).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T09:30:00Z']);
    expect(slots({ now: '2026-03-10T08:00:00Z', rules: { horizonMs: 2 * H + 1 } })).toContain('2026-03-10T10:00:00Z');
  });
});

describe('rule 3: busy time and buffers', () => {
  const now = '2026-03-10T00:00:00Z';
  it('lets a busy event end exactly at s - buffer, not a minute later; same after', () => {
    const before = slots({ now, rules: { bufferMs: 10 * MIN, horizonMs: 24 * H }, busy: [busy('2026-03-10T08:00:00Z', '2026-03-10T09:50:00Z')] });
    expect(before[0]).toBe('2026-03-10T10:00:00Z');
    const beforeLate = slots({ now, rules: { bufferMs: 10 * MIN, horizonMs: 24 * H }, busy: [busy('2026-03-10T08:00:00Z', '2026-03-10T09:51:00Z')] });
    expect(beforeLate[0]).toBe('2026-03-10T10:30:00Z');
    const after = slots({ now, rules: { bufferMs: 10 * MIN, horizonMs: 24 * H }, busy: [busy('2026-03-10T09:40:00Z', '2026-03-10T12:00:00Z')] });
    expect(after).toEqual(['2026-03-10T09:00:00Z']);
    const afterEarly = slots({ now, rules: { bufferMs: 10 * MIN, horizonMs: 24 * H }, busy: [busy('2026-03-10T09:39:00Z', '2026-03-10T12:00:00Z')] });
    expect(afterEarly).toEqual([]);
  });
  it('blocks the whole local day(s) of an all-day busy event, and ignores events that are not busy', () => {
    const leave = busy('2026-03-10T04:00:00Z', '2026-03-12T04:00:00Z', { allDay: true, startDate: '2026-03-10', endDate: '2026-03-12' });
    const r = slots({ now: '2026-03-10T00:00:00Z', zone: 'America/New_York', rules: { horizonMs: 4 * 24 * H }, busy: [leave] });
    expect(r.every((s) => s >= '2026-03-12')).toBe(true);
    expect(r.length).toBeGreaterThan(0);
    const free = busy('2026-03-10T09:00:00Z', '2026-03-10T11:00:00Z', { busy: false });
    expect(slots({ now: '2026-03-10T00:00:00Z', rules: { horizonMs: 24 * H }, busy: [free] })).toHaveLength(4);
  });
});

describe('rule 4: max meetings per day', () => {
  it('gives no slot to a day with max_per_day busy timed events; all-day and free events do not count', () => {
    const day = [busy('2026-03-10T12:00:00Z', '2026-03-10T12:30:00Z'), busy('2026-03-10T13:00:00Z', '2026-03-10T13:30:00Z')];
    expect(slots({ now: '2026-03-10T00:00:00Z', rules: { horizonMs: 24 * H, maxPerDay: 2 }, busy: day })).toEqual([]);
    expect(slots({ now: '2026-03-10T00:00:00Z', rules: { horizonMs: 24 * H, maxPerDay: 3 }, busy: day })).toHaveLength(4);
    const allDay = busy('2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z', { allDay: true, startDate: '2026-03-10', endDate: '2026-03-11', busy: true });
    const notBusy = busy('2026-03-10T14:00:00Z', '2026-03-10T14:30:00Z', { busy: false });
    // The all-day event blocks the day by rule 3, not rule 4: check the count with explain.
    const e = explainSlot({ now: t('2026-03-10T00:00:00Z'), zone: 'UTC', hours: every([['09:00', '11:00']]), rules: rules({ horizonMs: 24 * H, maxPerDay: 2 }), occurrences: [day[0]!, allDay, notBusy] }, t('2026-03-10T09:00:00Z'), iso);
    expect(e.reasons.map((x) => x.rule)).toEqual(['busy']);
  });
});

describe('daylight-saving days', () => {
  it('skips wall times that do not exist on the New York spring-forward day', () => {
    const r = slots({ now: '2026-03-08T04:00:00Z', zone: 'America/New_York', hours: every([['00:00', '04:00']]), rules: { horizonMs: 20 * H } });
    expect(r).toEqual(['2026-03-08T05:00:00Z', '2026-03-08T05:30:00Z', '2026-03-08T06:00:00Z', '2026-03-08T06:30:00Z', '2026-03-08T07:00:00Z', '2026-03-08T07:30:00Z']);
    // 00:00, 00:30, 01:00, 01:30 EST, then 03:00 and 03:30 EDT; 02:00 and 02:30 do not exist.
  });
  it('offers 01:00 and 01:30 once (the first, EDT) on the fall-back day', () => {
    const r = slots({ now: '2026-11-01T04:00:00Z', zone: 'America/New_York', hours: every([['00:00', '03:00']]), rules: { horizonMs: 20 * H } });
    expect(r).toEqual(['2026-11-01T04:00:00Z', '2026-11-01T04:30:00Z', '2026-11-01T05:00:00Z', '2026-11-01T05:30:00Z', '2026-11-01T07:00:00Z', '2026-11-01T07:30:00Z']);
  });
  it('handles the London changes the same way', () => {
    const spring = slots({ now: '2026-03-29T00:00:00Z', zone: 'Europe/London', hours: every([['00:00', '03:00']]), rules: { horizonMs: 20 * H } });
    expect(spring).toEqual(['2026-03-29T00:00:00Z', '2026-03-29T00:30:00Z', '2026-03-29T01:00:00Z', '2026-03-29T01:30:00Z']);
    const autumn = slots({ now: '2026-10-24T23:00:00Z', zone: 'Europe/London', hours: every([['00:00', '02:30']]), rules: { horizonMs: 20 * H } });
    expect(autumn).toEqual(['2026-10-24T23:00:00Z', '2026-10-24T23:30:00Z', '2026-10-25T00:00:00Z', '2026-10-25T00:30:00Z', '2026-10-25T02:00:00Z']);
  });
  it('shows a London client the right time while the two zones are 4 hours apart (8-29 March 2026)', () => {
    const s = { start: t('2026-03-10T14:00:00Z'), end: t('2026-03-10T14:30:00Z') };
    expect(clientTime(s, 'America/New_York', 'Europe/London')).toBe('14:00–14:30 Europe/London');
    const april = { start: t('2026-04-07T14:00:00Z'), end: t('2026-04-07T14:30:00Z') };
    expect(clientTime(april, 'America/New_York', 'Europe/London')).toBe('15:00–15:30 Europe/London');
    const late = { start: t('2026-03-10T23:00:00Z'), end: t('2026-03-10T23:30:00Z') };
    expect(clientTime(late, 'America/New_York', 'Asia/Tokyo')).toBe('Wed 11 Mar 08:00–08:30 Asia/Tokyo');
  });
  it('places slots in a half-hour zone (Asia/Kolkata)', () => {
    expect(slots({ now: '2026-03-10T00:00:00Z', zone: 'Asia/Kolkata', rules: { horizonMs: 12 * H } })[0]).toBe('2026-03-10T03:30:00Z');
  });
});

describe('explainSlot', () => {
  const input = (extra: Partial<Parameters<typeof explainSlot>[0]> = {}) => ({
    now: t('2026-03-10T08:00:00Z'),
    zone: 'UTC',
    hours: { ...every([['09:00', '12:00']]), sat: [], sun: [] },
    rules: rules({ noticeMs: H, horizonMs: 3 * 24 * H, bufferMs: 10 * MIN, maxPerDay: 3 }),
    occurrences: [busy('2026-03-10T10:00:00Z', '2026-03-10T10:30:00Z', { summary: 'Acme call', uid: 'acme-1' })],
    ...extra,
  });
  const why = (at: string, extra = {}) => explainSlot(input(extra), t(at), iso);
  it('names each rule that rejects a time', () => {
    expect(why('2026-03-14T10:00:00Z').reasons[0]!.message).toContain('not a working day');
    expect(why('2026-03-10T13:00:00Z').reasons.map((r) => r.rule)).toContain('hours');
    expect(why('2026-03-11T09:10:00Z').reasons.map((r) => r.rule)).toEqual(['grid']);
    expect(why('2026-03-11T11:45:00Z').reasons.map((r) => r.rule)).toEqual(['grid', 'hours']);
    expect(why('2026-03-10T08:30:00Z').reasons.map((r) => r.rule)).toContain('notice');
    expect(why('2026-03-13T11:00:00Z').reasons.map((r) => r.rule)).toEqual(['horizon']);
    const overlap = why('2026-03-10T10:00:00Z').reasons.find((r) => r.rule === 'busy')!;
    expect(overlap.message).toMatch(/overlaps "Acme call".*uid acme-1; test\.ics/);
    expect(why('2026-03-10T10:30:00Z').reasons[0]!.message).toMatch(/10-minute buffer before it touches "Acme call"/);
    expect(why('2026-03-10T09:30:00Z').reasons[0]!.message).toMatch(/10-minute buffer after it touches "Acme call"/);
    const full = [0, 1, 2].map((i) => busy(`2026-03-11T1${i + 3}:00:00Z`, `2026-03-11T1${i + 3}:30:00Z`));
    expect(why('2026-03-11T09:00:00Z', { occurrences: full }).reasons.map((r) => r.rule)).toEqual(['max-per-day']);
  });
  it('says a free time is offered', () => {
    const e = why('2026-03-11T09:00:00Z');
    expect(e.offered).toBe(true);
    expect(e.reasons).toEqual([]);
  });
  it('names the gap on a spring-forward day', () => {
    const e = explainSlot({ ...input(), zone: 'America/New_York', hours: every([['00:00', '04:00']]), now: t('2026-03-07T00:00:00Z') }, t('2026-03-08T07:00:00Z'), iso);
    expect(e.offered).toBe(true); // 03:00 EDT exists
  });
});

describe('pickOffer', () => {
  const mk = (isoStart: string) => ({ start: t(isoStart), end: t(isoStart) + 30 * MIN });
  const all = [
    mk('2026-03-10T09:00:00Z'), mk('2026-03-10T09:30:00Z'), mk('2026-03-10T14:00:00Z'),
    mk('2026-03-11T09:00:00Z'), mk('2026-03-11T15:00:00Z'),
    mk('2026-03-12T10:00:00Z'), mk('2026-03-12T16:00:00Z'),
  ];
  const pick = (n: number, slots = all) => pickOffer(slots, n, 'UTC').map((s) => iso(s.start));
  it('spreads over days, alternating mornings and afternoons, earliest first within that', () => {
    expect(pick(3)).toEqual(['2026-03-10T09:00:00Z', '2026-03-11T15:00:00Z', '2026-03-12T10:00:00Z']);
  });
  it('then takes the other half of each day, then the earliest left, sorted', () => {
    expect(pick(5)).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T14:00:00Z', '2026-03-11T09:00:00Z', '2026-03-11T15:00:00Z', '2026-03-12T10:00:00Z']);
    expect(pick(7)).toHaveLength(7);
    expect(pick(20)).toHaveLength(7);
    expect(pick(2, all.slice(0, 2))).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T09:30:00Z']);
  });
});
