/**
 * Writing iCalendar text with ical.js (issue 10): the held slots of open offers as
 * tentative events (`METHOD:PUBLISH`), which the user imports so that their calendar
 * shows the holds, and the invitation for one confirmed meeting (`METHOD:REQUEST`), which
 * `etiq reply` attaches to the confirm draft. Built as components and serialised by
 * ical.js (escaping and line folding are its work), never by string concatenation.
 *
 * Text from data (names, titles) is made one line first: ical.js escapes `\n` in a TEXT
 * value and in a parameter, but not a bare CR or another control character, which would
 * end the content line. Times are written in UTC (`...Z`), so no VTIMEZONE is needed.
 *
 * Pure apart from ical.js: the clock (`now`) and the user's zone are passed in.
 */
import ICAL from 'ical.js';
import { inputError } from '../core/errors.js';
import { multiLine, singleLine } from '../core/draft/template.js';
import type { OfferRecord } from '../core/records/types.js';
import { dateTimeIn } from '../core/time.js';

const PRODID = '-//etiq//etiq//EN';

/** What the holds calendar needs of an offer (an `OfferRecord` fits). */
export type HeldOffer = Pick<OfferRecord, 'id' | 'slots' | 'expiresAt'> & {
  client: { email: string; name: string | null };
  meeting?: { summary: string; start: number } | null;
};

export interface HoldsOptions {
  /** DTSTAMP: when the file was made (the injected clock). */
  now: number;
  /** The user's zone, for the expiry written in DESCRIPTION. */
  zone: string;
}

/** `20260303T080000Z`: an instant in UTC in the iCalendar basic format. */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** The UID of one held slot: the same for the same offer and slot in every run. */
export function holdUid(offerId: number, start: number): string {
  return `etiq-hold-${offerId}-${utcStamp(start)}@etiq`;
}

/** The UID of the meeting confirmed from an offer's slot: the same on every run. */
export function invitationUid(offerId: number, start: number): string {
  return `etiq-meeting-${offerId}-${utcStamp(start)}@etiq`;
}

/** How many VEVENTs `holdsCalendar` writes for these offers. */
export function heldSlotCount(offers: readonly HeldOffer[]): number {
  return offers.reduce((n, o) => n + o.slots.length, 0);
}

/**
 * The held slots of the offers as one VCALENDAR (`METHOD:PUBLISH`): one VEVENT per slot,
 * `STATUS:TENTATIVE`, `TRANSP:OPAQUE` (the time shows as taken), a stable UID per slot
 * (re-importing updates the same events), DTSTAMP from `now`. Offers in id order, slots
 * by start. With no offer, a calendar without events.
 */
export function holdsCalendar(offers: readonly HeldOffer[], opts: HoldsOptions): string {
  const cal = newCalendar('PUBLISH');
  const sorted = [...offers].sort((a, b) => a.id - b.id);
  for (const o of sorted) {
    const who = clientLabel(o.client);
    const until = `${dateTimeIn(o.expiresAt, opts.zone).toFormat('ccc d LLL yyyy, HH:mm')} (${opts.zone})`;
    const after = o.meeting ? ` after "${singleLine(o.meeting.summary) || 'a meeting'}"` : '';
    for (const slot of [...o.slots].sort((a, b) => a.start - b.start)) {
      const event = newEvent(holdUid(o.id, slot.start), slot.start, slot.end, opts.now);
      event.summary = `Held for ${who} (offer ${o.id})`;
      event.description = `Offered to ${who}${after} (etiq offer ${o.id}). Held until ${until}; after that the time is free again.`;
      event.component.addPropertyWithValue('status', 'TENTATIVE');
      event.component.addPropertyWithValue('transp', 'OPAQUE');
      cal.addSubcomponent(event.component);
    }
  }
  return serialise(cal);
}

export interface InvitationInput {
  /** A stable UID (see `invitationUid`). */
  uid: string;
  start: number;
  end: number;
  summary: string;
  description?: string | null;
  /** The user ([me]): the organizer. */
  organizer: { email: string; name: string | null };
  /** The client: the one attendee, asked to reply. */
  attendee: { email: string; name: string | null };
  /** DTSTAMP. */
  now: number;
}

/**
 * The invitation for exactly one confirmed meeting (`METHOD:REQUEST`): ORGANIZER is the
 * user, one ATTENDEE (the client) with `RSVP=TRUE` and `PARTSTAT=NEEDS-ACTION`,
 * `SEQUENCE:0`, `STATUS:CONFIRMED`, times in UTC.
 */
export function invitationCalendar(input: InvitationInput): string {
  const cal = newCalendar('REQUEST');
  const event = newEvent(singleLine(input.uid), input.start, input.end, input.now);
  event.summary = singleLine(input.summary) || 'Meeting';
  if (input.description) event.description = multiLine(input.description);
  event.sequence = 0;
  event.component.addPropertyWithValue('status', 'CONFIRMED');
  event.component.addPropertyWithValue('transp', 'OPAQUE');
  const organizer = event.component.addPropertyWithValue('organizer', mailto(input.organizer.email));
  const organizerName = singleLine(input.organizer.name ?? '');
  if (organizerName) organizer.setParameter('cn', organizerName);
  const attendee = event.component.addPropertyWithValue('attendee', mailto(input.attendee.email));
  const attendeeName = singleLine(input.attendee.name ?? '');
  if (attendeeName) attendee.setParameter('cn', attendeeName);
  attendee.setParameter('role', 'REQ-PARTICIPANT');
  attendee.setParameter('partstat', 'NEEDS-ACTION');
  attendee.setParameter('rsvp', 'TRUE');
  cal.addSubcomponent(event.component);
  return serialise(cal);
}

function newCalendar(method: 'PUBLISH' | 'REQUEST'): ICAL.Component {
  const cal = new ICAL.Component(['vcalendar', [], []]);
  cal.addPropertyWithValue('prodid', PRODID);
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('calscale', 'GREGORIAN');
  cal.addPropertyWithValue('method', method);
  return cal;
}

function newEvent(uid: string, start: number, end: number, now: number): ICAL.Event {
  const event = new ICAL.Event(new ICAL.Component('vevent'));
  event.uid = uid;
  event.component.addPropertyWithValue('dtstamp', utc(now));
  event.startDate = utc(start);
  event.endDate = utc(end);
  return event;
}

function utc(ms: number): ICAL.Time {
  return ICAL.Time.fromJSDate(new Date(ms), true);
}

/** `Tom Berger`, or the address when there is no name. */
function clientLabel(client: { email: string; name: string | null }): string {
  return singleLine(client.name ?? '') || singleLine(client.email);
}

/** A `mailto:` calendar address; the caller has checked the address, this refuses anything that could break the line. */
function mailto(email: string): string {
  if (!/^[^\s\u0000-\u001f\u007f-\u009f]+@[^\s\u0000-\u001f\u007f-\u009f@]+$/u.test(email)) {
    throw inputError(`"${singleLine(email)}" is not an email address a calendar invitation can name`);
  }
  return `mailto:${email}`;
}

/**
 * ical.js's text, CRLF between lines, with the final CRLF RFC 5545 asks for. ical.js puts
 * up to `foldLength` octets after the space that starts a continuation line, so 74 keeps
 * every line within the 75 octets of RFC 5545 (3.1); the setting is restored at once.
 */
function serialise(cal: ICAL.Component): string {
  const fold = ICAL.foldLength;
  const newline = ICAL.newLineChar;
  ICAL.foldLength = 74;
  ICAL.newLineChar = '\r\n';
  try {
    return `${cal.toString()}\r\n`;
  } finally {
    ICAL.foldLength = fold;
    ICAL.newLineChar = newline;
  }
}
