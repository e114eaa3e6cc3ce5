import { describe, expect, it } from 'vitest';
import type { Attendee, Person } from '../../../src/core/calendar/types.js';
import {
  OUTCOMES,
  classifyCancellation,
  clientsOf,
  countMisses,
  earliestRecording,
  isMiss,
  isOutcome,
  minutesProblem,
  whyNotRecordable,
  type OutcomeKind,
  type Policy,
} from '../../../src/core/etiquette/outcomes.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const policy: Policy = { graceMs: 10 * MIN, lateCancelMs: 24 * HOUR };

describe('outcome names', () => {
  it('are exactly the contract of the issue, in order', () => {
    expect([...OUTCOMES]).toEqual(['attended', 'late', 'no-show', 'cancelled', 'late-cancel', 'rescheduled', 'host-cancelled', 'host-late', 'host-no-show']);
    for (const o of OUTCOMES) expect(isOutcome(o)).toBe(true);
    for (const o of ['noshow', 'No-Show', 'late_cancel', 'canceled', '', 'host']) expect(isOutcome(o), o).toBe(false);
  });
});

describe('classifyCancellation', () => {
  it('is not late exactly at the policy window, and late one millisecond inside it', () => {
    expect(classifyCancellation(24 * HOUR, policy)).toBe('cancelled');
    expect(classifyCancellation(24 * HOUR - 1, policy)).toBe('late-cancel');
    expect(classifyCancellation(24 * HOUR + 1, policy)).toBe('cancelled');
  });

  it('treats no notice and a notice given after the start as late', () => {
    expect(classifyCancellation(0, policy)).toBe('late-cancel');
    expect(classifyCancellation(-30 * MIN, policy)).toBe('late-cancel');
    expect(classifyCancellation(3 * HOUR, policy)).toBe('late-cancel');
    expect(classifyCancellation(2 * 24 * HOUR, policy)).toBe('cancelled');
  });

  it('follows the configured window', () => {
    const strict: Policy = { graceMs: 0, lateCancelMs: 48 * HOUR };
    expect(classifyCancellation(30 * HOUR, strict)).toBe('late-cancel');
    expect(classifyCancellation(48 * HOUR, strict)).toBe('cancelled');
    // A zero window: nothing is a late cancel, except notice given after the start.
    expect(classifyCancellation(0, { graceMs: 0, lateCancelMs: 0 })).toBe('cancelled');
    expect(classifyCancellation(-1, { graceMs: 0, lateCancelMs: 0 })).toBe('late-cancel');
  });
});

describe('earliestRecording', () => {
  const start = Date.UTC(2026, 2, 10, 14, 0);
  const expected: Record<OutcomeKind, number | null> = {
    'no-show': start + 10 * MIN,
    'host-no-show': start + 10 * MIN,
    attended: start,
    late: start,
    'host-late': start,
    cancelled: null,
    'late-cancel': null,
    rescheduled: null,
    'host-cancelled': null,
  };

  it('gives every outcome its earliest time', () => {
    for (const kind of OUTCOMES) expect(earliestRecording(kind, start, policy), kind).toBe(expected[kind]);
  });

  it('uses the configured grace for no-shows', () => {
    expect(earliestRecording('no-show', start, { graceMs: 0, lateCancelMs: 0 })).toBe(start);
    expect(earliestRecording('no-show', start, { graceMs: 25 * MIN, lateCancelMs: 0 })).toBe(start + 25 * MIN);
    expect(earliestRecording('attended', start, { graceMs: 25 * MIN, lateCancelMs: 0 })).toBe(start);
  });
});

describe('clientsOf', () => {
  const me = ['dana@example.com', 'dana.reyes@personal.example'];
  const att = (email: string | null, name: string | null = null, partstat: string | null = 'ACCEPTED'): Attendee => ({ email, name, partstat, role: null });
  const org = (email: string | null, name: string | null = null): Person => ({ email, name });

  it('is the organizer and the attendees minus the user', () => {
    const people = clientsOf({ organizer: org('dana@example.com', 'Dana'), attendees: [att('priya@acme.example', 'Priya Nair'), att('dana@example.com', 'Dana')] }, me);
    expect(people).toEqual([{ email: 'priya@acme.example', name: 'Priya Nair' }]);
  });

  it('includes an external organizer first, then attendees in order', () => {
    const people = clientsOf({ organizer: org('sam@initech.example', 'Sam Lee'), attendees: [att('ann@one.example'), att('dana@example.com'), att('bob@two.example', 'Bob')] }, me);
    expect(people.map((p) => p.email)).toEqual(['sam@initech.example', 'ann@one.example', 'bob@two.example']);
  });

  it('drops every one of the user addresses, whatever the case in the calendar', () => {
    const people = clientsOf(
      { organizer: org('Dana@Example.COM'), attendees: [att('DANA.REYES@personal.example'), att('Client@Acme.Example', 'Client')] },
      me,
    );
    expect(people).toEqual([{ email: 'client@acme.example', name: 'Client' }]);
  });

  it('deduplicates case-insensitively and keeps the first name it finds', () => {
    const people = clientsOf(
      { organizer: org('Oliver@Globex.example', 'Oliver Grant, Globex'), attendees: [att('oliver@globex.example', 'Oliver Grant'), att('OLIVER@GLOBEX.EXAMPLE')] },
      me,
    );
    expect(people).toEqual([{ email: 'oliver@globex.example', name: 'Oliver Grant, Globex' }]);
  });

  it('takes a name from a later entry when the first had none', () => {
    const people = clientsOf({ organizer: org('ann@one.example'), attendees: [att('Ann@One.example', 'Ann One')] }, me);
    expect(people).toEqual([{ email: 'ann@one.example', name: 'Ann One' }]);
  });

  it('ignores people without an address and a missing organizer', () => {
    expect(clientsOf({ organizer: null, attendees: [att(null, 'Room 4'), att('dana@example.com')] }, me)).toEqual([]);
    expect(clientsOf({ organizer: org(null, 'Someone'), attendees: [] }, me)).toEqual([]);
  });

  it('without known user addresses, everyone is a client', () => {
    const people = clientsOf({ organizer: org('dana@example.com'), attendees: [att('priya@acme.example')] }, []);
    expect(people.map((p) => p.email)).toEqual(['dana@example.com', 'priya@acme.example']);
  });

  it('does not modify the occurrence it reads', () => {
    const occ = { organizer: org('Ann@One.example'), attendees: [att('ann@one.example', 'Ann One')] };
    const snapshot = structuredClone(occ);
    clientsOf(occ, me);
    expect(occ).toEqual(snapshot);
  });
});

describe('whyNotRecordable: one rule for every way of naming a meeting', () => {
  const me = ['me@example.com'];
  const occ = (over: Partial<import('../../../src/core/calendar/types.js').Occurrence> = {}) => ({
    uid: 'u', recurrenceId: null, start: 0, end: 30 * MIN, allDay: false, startDate: null, endDate: null, status: 'CONFIRMED' as const, busy: true,
    freeReason: null, tentative: false, summary: 's', location: null, organizer: { email: 'me@example.com', name: null },
    attendees: [{ email: 'client@x.example', name: null, partstat: 'ACCEPTED', role: null }, { email: 'me@example.com', name: null, partstat: 'ACCEPTED', role: null }],
    calendar: 'c', line: 1, ...over,
  });

  it('a meeting that took place carries any outcome', () => {
    for (const k of OUTCOMES) expect(whyNotRecordable(occ(), me, k), k).toBeNull();
  });

  it('a cancelled, removed or declined one carries a cancellation or a reschedule, never attendance', () => {
    const cancelled = occ({ status: 'CANCELLED' });
    const declined = occ({ attendees: [{ email: 'me@example.com', name: null, partstat: 'DECLINED', role: null }], organizer: { email: 'client@x.example', name: null } });
    for (const k of OUTCOMES) {
      const attendance = ['attended', 'late', 'no-show', 'host-late', 'host-no-show'].includes(k);
      expect(whyNotRecordable(cancelled, me, k), k).toBe(attendance ? 'cancelled' : null);
      expect(whyNotRecordable(occ(), me, k, true), k).toBe(attendance ? 'removed' : null);
      expect(whyNotRecordable(declined, me, k), k).toBe(attendance ? 'declined' : null);
    }
  });

  it('an all-day event, or one with nobody but the user, carries nothing', () => {
    expect(whyNotRecordable(occ({ allDay: true }), me, 'cancelled')).toBe('all-day');
    expect(whyNotRecordable(occ({ attendees: [] }), me, 'cancelled')).toBe('no-client');
  });

  it('minutes: late 1 to length - 1, waited 1 to length', () => {
    expect(minutesProblem('late', 59, 60 * MIN)).toBeNull();
    expect(minutesProblem('late', 60, 60 * MIN)).toMatch(/late is 1 to 59 minutes on this 60-minute meeting/);
    expect(minutesProblem('host-late', 0, 60 * MIN)).toMatch(/host-late is 1 to 59/);
    expect(minutesProblem('no-show', 60, 60 * MIN)).toBeNull();
    expect(minutesProblem('no-show', 61, 60 * MIN)).toMatch(/1 to 60/);
    expect(minutesProblem('attended', 500, 60 * MIN)).toBeNull();
  });

  it('a miss is a no-show or a late cancel, and nothing else', () => {
    expect(OUTCOMES.filter(isMiss)).toEqual(['no-show', 'late-cancel']);
    expect(countMisses({ 'no-show': 2, 'late-cancel': 1, cancelled: 4, attended: 9 })).toBe(3);
  });
});
