/**
 * The domain records: clients, meetings and outcomes as etiq keeps them. Pure types; the
 * SQLite adapter (adapters/store.ts) reads and writes them.
 */
import type { OutcomeKind } from '../etiquette/outcomes.js';

/** A meeting as stored: a calendar occurrence (uid + recurrence id) or one entered by hand. */
export interface MeetingInput {
  uid: string;
  recurrenceId: string | null;
  /** The calendar it came from, or `manual`. */
  source: string;
  start: number;
  end: number;
  summary: string;
}

export interface MeetingRow extends MeetingInput {
  id: number;
}

export interface ClientRow {
  id: number;
  email: string;
  name: string | null;
  organisation: string | null;
  timezone: string | null;
  notes: string | null;
}

/** A client with what `etiq clients` shows: how many meetings, outcomes per kind, the last meeting. */
export interface ClientSummary extends ClientRow {
  meetings: number;
  /** Current (not superseded) outcomes per kind. */
  outcomes: Partial<Record<OutcomeKind, number>>;
  lastMeeting: number | null;
}

/** The details an outcome carries. */
export interface OutcomeValues {
  kind: OutcomeKind;
  /** Minutes late (late, host-late) or waited (no-show). */
  minutes: number | null;
  /** For cancellations: how long before the start the client told you. */
  noticeMs: number | null;
  toldAt: number | null;
  /** For rescheduled: the meeting it moved to (a meeting id). */
  rescheduledTo: number | null;
  note: string | null;
  /**
   * For host outcomes (host-cancelled, host-late, host-no-show): the reason the user gave,
   * word for word. Every draft about the meeting quotes exactly this; a draft never states
   * a reason that was not recorded.
   */
  reason: string | null;
}

export interface OutcomeInput extends OutcomeValues {
  meetingId: number;
  clientId: number;
}

export interface OutcomeRecord {
  id: number;
  kind: OutcomeKind;
  minutes: number | null;
  noticeMs: number | null;
  toldAt: number | null;
  note: string | null;
  reason: string | null;
  recordedAt: number;
  supersededAt: number | null;
  supersededReason: 'corrected' | 'undone' | null;
  meeting: MeetingRow;
  client: ClientRow;
  rescheduledTo: MeetingRow | null;
  /** The meeting this one replaced, when it was the target of a reschedule. */
  rescheduledFrom: MeetingRow | null;
}

export type RecordStatus = 'recorded' | 'unchanged' | 'corrected';

/** One proposed time of an offer: [start, end), epoch ms. */
export interface OfferSlot {
  start: number;
  end: number;
}

/**
 * Why an offer is no longer open. An open offer whose expiry has passed is simply expired:
 * that needs no write, it is read from `expiresAt`.
 */
export type OfferClosedReason = 'replaced' | 'cancelled' | 'accepted';

/** The slots proposed to one client after a meeting, held until the offer expires or closes. */
export interface OfferInput {
  clientId: number;
  /** The meeting the offer follows up (the missed or cancelled one), if any. */
  meetingId: number | null;
  /** The draft situation it was made for (noshow, late-cancel, host-cancelled, ...). */
  situation: string;
  slots: OfferSlot[];
  createdAt: number;
  expiresAt: number;
}

export interface OfferRecord {
  id: number;
  client: ClientRow;
  meeting: MeetingRow | null;
  situation: string;
  slots: OfferSlot[];
  createdAt: number;
  expiresAt: number;
  closedAt: number | null;
  closedReason: OfferClosedReason | null;
  /** The slot the client took, when accepted. */
  acceptedStart: number | null;
}
