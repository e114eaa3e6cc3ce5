// Busy or free (fixtures/calendars/busy.ics, one event per hour on 10 March 2026), and
// occurrences and warnings of several calendars keeping their own source.
import { describe, expect, it } from 'vitest';
import { readCalendarText } from '../../../src/core/calendar/read.js';
import type { ReadOptions } from '../../../src/core/calendar/types.js';
import { fixtureText, ofUid, readFixture } from './helpers.js';

describe('busy or free (busy.ics)', () => {
  const read = (opts: Partial<ReadOptions>) => readFixture('busy.ics', '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z', { myAddresses: ['dana@example.com'], ...opts });
  const busy = (opts: Partial<ReadOptions>) => Object.fromEntries(read(opts).occurrences.map((o) => [o.uid, o.busy]));

  it('follows status, transparency, Outlook busy status and the user own reply; tentative is busy by default', () => {
    expect(busy({ tentativeIsBusy: true })).toEqual({
      plain: true,
      cancelled: false,
      transparent: false,
      'outlook-free': false,
      'i-declined': false,
      'other-declined': true,
      tentative: true,
      'my-tentative': true,
      'outlook-tentative': true,
      'allday-transparent': false,
      'allday-opaque': true,
    });
  });

  it('frees tentative events (by status, the user reply or Outlook) when tentativeIsBusy is false', () => {
    const b = busy({ tentativeIsBusy: false });
    expect([b['tentative'], b['my-tentative'], b['outlook-tentative']]).toEqual([false, false, false]);
    expect([b['plain'], b['other-declined'], b['allday-opaque']]).toEqual([true, true, true]);
  });

  it('says why an occurrence is free, and marks tentative ones', () => {
    const r = read({ tentativeIsBusy: false });
    const why = Object.fromEntries(r.occurrences.filter((o) => !o.busy).map((o) => [o.uid, o.freeReason]));
    expect(why).toEqual({
      cancelled: 'cancelled',
      transparent: expect.stringContaining('TRANSP:TRANSPARENT'),
      'outlook-free': expect.stringContaining('X-MICROSOFT-CDO-BUSYSTATUS:FREE'),
      'i-declined': 'declined by you',
      tentative: expect.stringContaining('tentative'),
      'my-tentative': expect.stringContaining('tentative'),
      'outlook-tentative': expect.stringContaining('tentative'),
      'allday-transparent': expect.stringContaining('TRANSP:TRANSPARENT'),
    });
    expect(r.occurrences.filter((o) => o.busy).every((o) => o.freeReason === null)).toBe(true);
    expect(r.occurrences.filter((o) => o.tentative).map((o) => o.uid)).toEqual(['tentative', 'my-tentative', 'outlook-tentative']);
    expect(Object.fromEntries(r.occurrences.map((o) => [o.uid, o.status]))).toMatchObject({ cancelled: 'CANCELLED', tentative: 'TENTATIVE', plain: 'CONFIRMED', 'my-tentative': 'CONFIRMED' });
  });

  it('reads organizer and attendees with lower-cased addresses', () => {
    const [o] = ofUid(read({}), 'i-declined');
    expect(o?.organizer).toEqual({ email: 'sam@example.org', name: 'Sam' });
    expect(o?.attendees).toEqual([
      { email: 'dana@example.com', name: 'Dana', partstat: 'DECLINED', role: null },
      { email: 'sam@example.org', name: 'Sam', partstat: 'ACCEPTED', role: null },
    ]);
  });

  it('cannot tell the user reply without the user addresses: declined and tentative replies then stay busy', () => {
    const b = busy({ myAddresses: [], tentativeIsBusy: false });
    expect([b['i-declined'], b['my-tentative']]).toEqual([true, true]);
    // Another address of someone else does not count either.
    expect(busy({ myAddresses: ['sam@example.org'] })['i-declined']).toBe(true);
  });
});

describe('several calendars', () => {
  const opts: ReadOptions = { window: { start: Date.parse('2026-03-01T00:00:00Z'), end: Date.parse('2026-04-01T00:00:00Z') }, userZone: 'UTC', myAddresses: [], tentativeIsBusy: true };

  it('read separately, keep their own source in each occurrence and warning', () => {
    const work = readCalendarText(fixtureText('busy.ics'), '/home/dana/work.ics', opts);
    const team = readCalendarText(fixtureText('value-forms.ics'), 'https://example.com/team.ics', opts);
    const broken = readCalendarText(fixtureText('damaged.ics'), 'webcal://example.org/broken.ics', opts);
    expect(work.occurrences).toHaveLength(11);
    expect(team.occurrences).toHaveLength(6);
    expect(new Set(work.occurrences.map((o) => o.calendar))).toEqual(new Set(['/home/dana/work.ics']));
    expect(new Set(team.occurrences.map((o) => o.calendar))).toEqual(new Set(['https://example.com/team.ics']));
    expect(broken.warnings.length).toBeGreaterThan(0);
    expect(new Set([...broken.occurrences, ...broken.warnings].map((x) => x.calendar))).toEqual(new Set(['webcal://example.org/broken.ics']));
  });

});
