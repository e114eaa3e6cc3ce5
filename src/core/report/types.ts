/**
 * `etiq report` (issue 11): the rows the store hands in, and the result the renderers
 * print. Pure types.
 */
import type { OutcomeKind } from '../etiquette/outcomes.js';
import type { nextStep } from '../etiquette/tone.js';
import type { OfferClosedReason } from '../records/types.js';

/** One current (neither corrected nor undone) outcome of a client at a meeting. */
export interface OutcomeRow {
  clientId: number;
  meetingId: number;
  /** The meeting's start and end, epoch ms. */
  start: number;
  end: number;
  kind: OutcomeKind;
  /** Minutes late (late, host-late) or waited (no-show). */
  minutes: number | null;
  /** For `rescheduled`: the meeting it moved to. */
  rescheduledTo: number | null;
  /** When the outcome was recorded (a host cancellation's notice is judged from it). */
  recordedAt: number;
}

/**
 * The same rows by column, as the store reads them for `etiq report` (issue 13): one array
 * per field instead of an object per row. Row i is index i of each array. On the bench
 * database a window holds ~9,000 rows, and an object each (with three timestamps V8 boxes
 * one by one) was most of what the report's scavenges copied.
 */
export interface OutcomeColumns {
  length: number;
  clientId: readonly number[];
  meetingId: readonly number[];
  start: readonly number[];
  end: readonly number[];
  kind: readonly OutcomeKind[];
  minutes: readonly (number | null)[];
  rescheduledTo: readonly (number | null)[];
  recordedAt: readonly number[];
}

/** One follow-up offer (the slots a draft proposed). */
export interface OfferRow {
  clientId: number;
  /** The draft situation it was made for: noshow, late-cancel, host-cancelled, ... */
  situation: string;
  createdAt: number;
  closedReason: OfferClosedReason | null;
}

export interface ReportClient {
  id: number;
  email: string;
  name: string | null;
  organisation: string | null;
}

/** One outcome of a client's meeting, current or not, for the evidence of `--client`. */
export interface EvidenceRow {
  meetingId: number;
  start: number;
  end: number;
  summary: string;
  /** Null for a meeting of the client's that carries no outcome. */
  kind: OutcomeKind | null;
  minutes: number | null;
  noticeMs: number | null;
  /** Where a reschedule moved the meeting (its start), and the meeting a booking replaced. */
  rescheduledToStart: number | null;
  rescheduledFromStart: number | null;
  note: string | null;
  reason: string | null;
  recordedAt: number | null;
  supersededAt: number | null;
  supersededReason: 'corrected' | 'undone' | null;
}

export type ReportFlag = 'repeat-offender' | 'new';
export type NextStep = ReturnType<typeof nextStep>;
export type GroupBy = 'client' | 'org';

/** The figures of one client, one organisation, or the user's own side. */
export interface ReportEntry {
  /** A client's email, an organisation's name (`org:NAME`), or `self`. */
  key: string;
  /** Null for an organisation's row. */
  email: string | null;
  name: string | null;
  org: string | null;
  /** Meetings in the window that carry a current outcome (each booked time once: A -> B -> C is three). */
  meetings: number;
  /** Meetings the client came to, on time or late (also when you were late). */
  attended: number;
  late: number;
  /** Average minutes late, rounded; null when never late. */
  lateAverage: number | null;
  noShows: number;
  lateCancels: number;
  cancels: number;
  /** Null on the user's own side: etiq does not record who asked to move a meeting. */
  reschedules: number | null;
  /** The most moves in a row (A -> B -> C is 2); 0 when none. */
  longestChain: number;
  /** attended / (attended + noShows + lateCancels), rounded to 2 decimals; null when none of these. */
  showRate: number | null;
  /** Minutes waited for late arrivals, plus the whole length of each no-show and late cancel. */
  minutesLost: number;
  /** The start of the latest meeting with an incident, epoch ms. */
  lastIncident: number | null;
  /** Incidents: late, no-show, late cancel, cancel, reschedule (your own side: host-late, host-no-show, host cancels). */
  incidents: number;
  /** noShows + lateCancels. */
  misses: number;
  /** Follow-ups: offers created in the window, and those the client accepted. */
  followUps: { sent: number; accepted: number };
  /** 0 to 100; null for a `new` row (not judged). */
  score: number | null;
  flag: ReportFlag | null;
  /** What the next follow-up's tone calls for; null on the user's own side. */
  next: NextStep | null;
  /** Incidents per month of `ReportResult.months`. */
  months: number[];
}

/** A calendar month of the window, for the incident strip. */
export interface ReportMonth {
  /** `2026-03`. */
  key: string;
  /** Local midnight of its first day, epoch ms. */
  start: number;
}

export interface ReportResult {
  since: number;
  until: number;
  zone: string;
  by: GroupBy;
  /** `clients`: the table; `client`: one client with evidence; `self`: the user's own record; `upcoming`: flagged meetings to come. */
  view: 'clients' | 'client' | 'self' | 'upcoming';
  /** Why there is nothing to show: nothing recorded at all, nothing in the window, or nothing left by --min-incidents. */
  empty: 'nothing-recorded' | 'window' | 'filtered' | null;
  months: ReportMonth[];
  /** Sorted by severity, filtered by --min-incidents. */
  entries: ReportEntry[];
  /** The user's own record over the same meetings. */
  /** The user's own record; null when ReportInput.withSelf is false (only the table and `--self` show it). */
  self: ReportEntry | null;
  repeatOffender: number;
  lateCancelMs: number;
  minIncidents: number;
  /** `--client`: the client, and every outcome of theirs in the window, corrections included. */
  client: ReportClient | null;
  evidence: EvidenceRow[];
  upcoming: UpcomingReport | null;
}

export interface UpcomingMeeting {
  start: number;
  end: number;
  summary: string;
  /** The calendar it is in, or null for a meeting etiq booked that no calendar has yet. */
  calendar: string | null;
  client: { email: string; name: string | null };
  flag: ReportFlag;
  next: NextStep | null;
  misses: number;
  /** Local midnight of the day before the meeting: the day to ask for a confirmation. */
  confirmOn: number;
}

export interface UpcomingReport {
  from: number;
  to: number;
  meetings: UpcomingMeeting[];
}
