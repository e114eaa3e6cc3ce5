/**
 * Writing iCalendar with ical.js (adapters/ics-write.ts): the held slots as a PUBLISH
 * calendar of tentative events, and the REQUEST invitation for one confirmed meeting.
 * Each file is parsed back with ical.js; the instants are written by hand.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { heldSlotCount, holdUid, holdsCalendar, invitationCalendar, invitationUid, utcStamp, type HeldOffer } from '../../src/adapters/ics-write.js';

const NOW = Date.UTC(2026, 2, 2, 10, 0); // Mon 2 Mar 2026 11:00 Berlin
const H = 3_600_000;

// Tue 3 Mar 09:00-10:00 Berlin (08:00Z), Wed 4 Mar 12:00-13:00 Berlin (11:00Z).
const tom: HeldOffer = {
  id: 7,
  client: { email: 'tom@northwind.example', name: 'Tom Berger' },
  meeting: { summary: 'Northwind weekly', start: Date.UTC(2026, 2, 2, 9, 0) },
  slots: [
    { start: Date.UTC(2026, 2, 4, 11, 0), end: Date.UTC(2026, 2, 4, 12, 0) },
    { start: Date.UTC(2026, 2, 3, 8, 0), end: Date.UTC(2026, 2, 3, 9, 0) },
  ],
  expiresAt: NOW + 48 * H,
};
const jo: HeldOffer = {
  id: 3,
  client: { email: 'jo@fabrikam.example', name: null },
  slots: [{ start: Date.UTC(2026, 2, 6, 8, 0), end: Date.UTC(2026, 2, 6, 9, 0) }],
  expiresAt: NOW + 24 * H,
};

function parse(text: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(text));
}

describe('holdsCalendar', () => {
  const text = holdsCalendar([tom, jo], { now: NOW, zone: 'Europe/Berlin' });
  const cal = parse(text);
  const events = cal.getAllSubcomponents('vevent');

  it('is a PUBLISH calendar with one tentative, opaque VEVENT per held slot', () => {
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(events).toHaveLength(3);
    expect(heldSlotCount([tom, jo])).toBe(3);
    for (const e of events) {
      expect(e.getFirstPropertyValue('status')).toBe('TENTATIVE');
      expect(e.getFirstPropertyValue('transp')).toBe('OPAQUE');
      expect((e.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().getTime()).toBe(NOW);
    }
  });

  it('the slots in UTC, offers in id order and slots by start, each with a stable UID', () => {
    const rows = events.map((e) => {
      const ev = new ICAL.Event(e);
      return [ev.uid, ev.startDate.toJSDate().toISOString(), ev.endDate.toJSDate().toISOString(), ev.startDate.zone?.tzid];
    });
    expect(rows).toEqual([
      ['etiq-hold-3-20260306T080000Z@etiq', '2026-03-06T08:00:00.000Z', '2026-03-06T09:00:00.000Z', 'UTC'],
      ['etiq-hold-7-20260303T080000Z@etiq', '2026-03-03T08:00:00.000Z', '2026-03-03T09:00:00.000Z', 'UTC'],
      ['etiq-hold-7-20260304T110000Z@etiq', '2026-03-04T11:00:00.000Z', '2026-03-04T12:00:00.000Z', 'UTC'],
    ]);
    expect(text).toContain('\r\nDTSTART:20260303T080000Z\r\n');
    expect(holdUid(7, Date.UTC(2026, 2, 3, 8, 0))).toBe('etiq-hold-7-20260303T080000Z@etiq');
    expect(utcStamp(Date.UTC(2026, 11, 31, 23, 59, 58))).toBe('20261231T235958Z');
  });

  it('names the client (or the address) and the offer, and says when the hold ends in the user zone', () => {
    const tomEvent = new ICAL.Event(events[1]!);
    expect(tomEvent.summary).toBe('Held for Tom Berger (offer 7)');
    expect(tomEvent.description).toBe('Offered to Tom Berger after "Northwind weekly" (etiq offer 7). Held until Wed 4 Mar 2026, 11:00 (Europe/Berlin); after that the time is free again.');
    expect(new ICAL.Event(events[0]!).summary).toBe('Held for jo@fabrikam.example (offer 3)');
  });

  it('the same offers give the same text; only DTSTAMP follows the clock', () => {
    expect(holdsCalendar([jo, tom], { now: NOW, zone: 'Europe/Berlin' })).toBe(text);
    const later = holdsCalendar([tom, jo], { now: NOW + H, zone: 'Europe/Berlin' });
    expect(later.replace(/DTSTAMP:\S+/g, '')).toBe(text.replace(/DTSTAMP:\S+/g, ''));
  });

  it('CRLF line ends, folded at 75 octets, ending with CRLF', () => {
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('a name or a title with line breaks and controls stays inside its one property', () => {
    const evil: HeldOffer = {
      ...tom,
      client: { email: 'tom@northwind.example', name: 'Tom\r\nEND:VEVENT\rBEGIN:VEVENT\u001b[2J' },
      meeting: { summary: 'Weekly\nATTENDEE:mailto:evil@x.example\r', start: tom.meeting!.start },
    };
    const out = holdsCalendar([evil], { now: NOW, zone: 'Europe/Berlin' });
    const lines = out.replace(/\r\n /g, '').split('\r\n');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines.filter((l) => /^(ATTENDEE|END:VEVENT.|BEGIN:VEVENT.)/.test(l))).toEqual([]);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b\u000c\u000e-\u001f]/);
    const parsed = parse(out).getAllSubcomponents('vevent');
    expect(parsed).toHaveLength(2);
    expect(parsed.every((e) => e.getAllProperties('attendee').length === 0)).toBe(true);
    expect(new ICAL.Event(parsed[0]!).summary).toBe('Held for Tom END:VEVENT BEGIN:VEVENT [2J (offer 7)');
  });

  it('no offer: a calendar without events', () => {
    const empty = parse(holdsCalendar([], { now: NOW, zone: 'Europe/Berlin' }));
    expect(empty.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(empty.getAllSubcomponents('vevent')).toEqual([]);
  });
});

describe('invitationCalendar', () => {
  const start = Date.UTC(2026, 2, 3, 8, 0);
  const input = {
    uid: invitationUid(7, start),
    start,
    end: start + H,
    summary: 'Northwind weekly',
    description: 'Rescheduled from Monday.',
    organizer: { email: 'lena@vogel-consulting.example', name: 'Lena Vogel' },
    attendee: { email: 'tom@northwind.example', name: 'Tom "TB" Berger; Northwind' },
    now: NOW,
  };

  it('METHOD:REQUEST with exactly one event: organizer, one attendee asked to reply, SEQUENCE 0, a stable UID', () => {
    const text = invitationCalendar(input);
    expect(invitationCalendar(input)).toBe(text);
    const cal = parse(text);
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    const events = cal.getAllSubcomponents('vevent');
    expect(events).toHaveLength(1);
    const e = events[0]!;
    const ev = new ICAL.Event(e);
    expect(ev.uid).toBe('etiq-meeting-7-20260303T080000Z@etiq');
    expect(ev.startDate.toJSDate().getTime()).toBe(start);
    expect(ev.endDate.toJSDate().getTime()).toBe(start + H);
    expect(ev.sequence).toBe(0);
    expect(ev.summary).toBe('Northwind weekly');
    expect(e.getFirstPropertyValue('status')).toBe('CONFIRMED');
    const organizer = e.getFirstProperty('organizer')!;
    expect(organizer.getFirstValue()).toBe('mailto:lena@vogel-consulting.example');
    expect(organizer.getParameter('cn')).toBe('Lena Vogel');
    const attendees = e.getAllProperties('attendee');
    expect(attendees).toHaveLength(1);
    expect(attendees[0]!.getFirstValue()).toBe('mailto:tom@northwind.example');
    expect(attendees[0]!.getParameter('cn')).toBe('Tom "TB" Berger; Northwind');
    expect(attendees[0]!.getParameter('rsvp')).toBe('TRUE');
    expect(attendees[0]!.getParameter('partstat')).toBe('NEEDS-ACTION');
  });

  it('a name with a line break stays a parameter; an address that could break the line is refused', () => {
    const text = invitationCalendar({ ...input, attendee: { email: 'tom@northwind.example', name: 'Tom\r\nATTENDEE:mailto:evil@x.example' } });
    const e = parse(text).getFirstSubcomponent('vevent')!;
    expect(e.getAllProperties('attendee')).toHaveLength(1);
    expect(() => invitationCalendar({ ...input, attendee: { email: 'tom@x.example\r\nATTENDEE:mailto:evil@x.example', name: null } })).toThrow(/not an email address/);
  });
});
