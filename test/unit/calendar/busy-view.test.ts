import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { busyRead, busyView } from '../../../src/core/calendar/busy.js';
import { occurrencesOf } from '../../../src/core/calendar/times.js';
import { allIcs, read, ev, ics, repoFixtures } from './helpers.js';

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

describe('a read without people (ReadOptions.people = false)', () => {
  const opts = (people: boolean, myAddresses: string[] = ['dana@example.com']) => ({ people, myAddresses });
  it("gives the busy view of the whole read, reading only the attendee lines that may be the user's", () => {
    const text = ics(
      // The user's reply (address in another case, behind MAILTO:) decides; others' do not.
      ...ev('UID:declined', 'DTSTART:20260302T090000Z', 'DURATION:PT1H', 'SUMMARY:Declined', 'LOCATION:Room 1', 'ORGANIZER;CN=Kofi:mailto:kofi@example.com', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:kofi@example.com', 'ATTENDEE;PARTSTAT=DECLINED:MAILTO:Dana@Example.com'),
      ...ev('UID:maybe', 'DTSTART:20260302T110000Z', 'DURATION:PT1H', 'SUMMARY:Maybe', 'ATTENDEE;PARTSTAT=TENTATIVE;CN="Dana: me":mailto:dana@example.com'),
      ...ev('UID:others', 'DTSTART:20260302T130000Z', 'DURATION:PT1H', 'SUMMARY:Others declined', 'ATTENDEE;PARTSTAT=DECLINED:mailto:kofi@example.com'),
      // A line ical.js refuses: someone else's is not read without people (so not warned about); the user's is.
      ...ev('UID:broken', 'DTSTART:20260302T150000Z', 'DURATION:PT1H', 'SUMMARY:Broken lines', 'ATTENDEE;=x:mailto:kofi@example.com', 'ATTENDEE;=x:mailto:dana@example.com'),
      ...ev('UID:series', 'DTSTART:20260302T170000Z', 'DURATION:PT30M', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE:20260303T170000Z', 'SUMMARY:Daily', 'ATTENDEE;PARTSTAT=DECLINED:mailto:dana@example.com'),
    );
    const whole = read(text, '2026-03-01T00:00:00Z', '2026-03-08T00:00:00Z', opts(true));
    const bare = read(text, '2026-03-01T00:00:00Z', '2026-03-08T00:00:00Z', opts(false));
    const v = busyView(whole);
    expect(bare.occurrences).toEqual(v.occurrences);
    expect(bare.removed).toEqual(v.removed);
    expect(bare.occurrences.map((o) => [o.uid, o.busy, o.tentative, o.freeReason])).toEqual([
      ['declined', false, false, 'declined by you'],
      ['maybe', true, true, null],
      ['others', true, false, null],
      ['broken', true, false, null],
      ['series', false, false, 'declined by you'],
      ['series', false, false, 'declined by you'],
    ]);
    const lines = (r: typeof whole) => r.warnings.map((w) => w.message.replace(/ ignored: .*/, ' ignored'));
    expect(lines(whole)).toEqual(['event "broken" (line 28): line 33 ignored', 'event "broken" (line 28): line 34 ignored']);
    expect(lines(bare)).toEqual(['event "broken" (line 28): line 34 ignored']);
    // Without an address of the user's, no attendee line is read at all.
    const none = read(text, '2026-03-01T00:00:00Z', '2026-03-08T00:00:00Z', opts(false, []));
    expect(none.occurrences).toEqual(busyView(read(text, '2026-03-01T00:00:00Z', '2026-03-08T00:00:00Z', opts(true, []))).occurrences);
    expect(none.warnings).toEqual([]);
  });

  it('gives the busy view of the whole read on every fixture calendar', () => {
    let listed = 0;
    for (const f of allIcs(repoFixtures)) {
      const text = fs.readFileSync(f, 'utf8');
      // The user: the first attendee address of the file, if any.
      const me = /ATTENDEE[^\n]*?:mailto:([^\s;]+)/i.exec(text)?.[1]?.toLowerCase();
      for (const myAddresses of [[], me ? [me] : []]) {
        const whole = read(text, '2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z', { myAddresses });
        const bare = read(text, '2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z', { myAddresses, people: false });
        const v = busyView(whole);
        expect(bare.occurrences, f).toEqual(v.occurrences);
        expect(bare.removed, f).toEqual(v.removed);
        expect(bare.unknown, f).toEqual(v.unknown);
        expect(bare.error, f).toEqual(v.error);
        // busyRead takes such a read as it is: the same times and occurrences as from the whole read.
        const taken = busyRead(bare, true);
        const made = busyRead(whole);
        expect(occurrencesOf(taken.times), f).toEqual(occurrencesOf(made.times));
        expect([taken.calendar, { ...taken.rest, warnings: null }], f).toEqual([made.calendar, { ...made.rest, warnings: null }]);
        // Its warnings are the whole read's, but for lines of people it did not read.
        const kept = new Set(bare.warnings.map((w) => w.message));
        for (const m of kept) expect(whole.warnings.map((w) => w.message), f).toContain(m);
        listed += bare.occurrences.length;
      }
    }
    expect(listed).toBeGreaterThan(200);
  });
});
