import { describe, expect, it } from 'vitest';
import { busyView } from '../../../src/core/calendar/busy.js';
import { read, ev, ics } from './helpers.js';

describe('busyView', () => {
  it('drops attendees, organizer and location, and keeps every other field of every occurrence', () => {
    const r = read(
      ics(
        ...ev('UID:a', 'DTSTART:20260302T090000Z', 'DURATION:PT1H', 'SUMMARY:Call', 'LOCATION:Room 1', 'ORGANIZER;CN=Dana:mailto:dana@example.com', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:kofi@example.com', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE:20260303T090000Z'),
        ...ev('UID:b', 'DTSTART:20260302T120000Z', 'DURATION:PT1H', 'SUMMARY:Free', 'TRANSP:TRANSPARENT'),
        ...ev('UID:c', 'DTSTART;VALUE=DATE:20260305', 'SUMMARY:Maybe', 'STATUS:TENTATIVE'),
      ),
      '2026-03-01T00:00:00Z',
      '2026-03-08T00:00:00Z',
    );
    expect(r.occurrences).toHaveLength(4);
    expect(r.occurrences.map((o) => [o.uid, o.busy, o.tentative, o.allDay])).toEqual([
      ['a', true, false, false],
      ['b', false, false, false],
      ['a', true, false, false],
      ['c', true, true, true],
    ]);
    // The instance EXDATE removes is kept aside, cancelled and free, with its instance named.
    expect(r.removed).toHaveLength(1);
    expect(r.removed![0]).toMatchObject({ uid: 'a', recurrenceId: '2026-03-03T09:00:00Z', status: 'CANCELLED', busy: false, freeReason: 'removed from its series (EXDATE)' });
    const v = busyView(r);
    const people = { attendees: [], organizer: null, location: null };
    expect(v.occurrences).toEqual(r.occurrences.map((o) => ({ ...o, ...people })));
    expect(v.removed).toEqual(r.removed!.map((o) => ({ ...o, ...people })));
    expect(v.occurrences[0]!.summary).toBe('Call');
    expect(r.occurrences[0]!.attendees).toHaveLength(1); // the read itself is untouched
    expect({ ...v, occurrences: null, removed: null }).toEqual({ ...r, occurrences: null, removed: null });
  });
});
