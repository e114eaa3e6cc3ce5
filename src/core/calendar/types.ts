/** What the calendar reader produces. Instants are epoch milliseconds (UTC). */

export type EventStatus = 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';

export interface Person {
  /** Lower-cased address without `mailto:`, or null when the value is not an address. */
  email: string | null;
  name: string | null;
}

export interface Attendee extends Person {
  /** PARTSTAT upper-cased (ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION, ...), or null. */
  partstat: string | null;
  role: string | null;
}

export interface Occurrence {
  uid: string;
  /** Identity of this instance within its series: ISO instant (UTC, `Z`) or `YYYY-MM-DD` for all-day; null for a single event. */
  recurrenceId: string | null;
  start: number;
  end: number;
  allDay: boolean;
  /** For all-day occurrences: first day and the day after the last (exclusive), `YYYY-MM-DD`. */
  startDate: string | null;
  endDate: string | null;
  status: EventStatus;
  /** Whether this occurrence makes the user busy (see `isBusy`). */
  busy: boolean;
  /** Why it does not make the user busy, when it does not. */
  freeReason: string | null;
  /** Whether the event or the user's reply is tentative. */
  tentative: boolean;
  summary: string;
  location: string | null;
  organizer: Person | null;
  attendees: Attendee[];
  /** The calendar source (path or URL) it came from. */
  calendar: string;
  /** 1-based line of the VEVENT in its file. */
  line: number;
}

export interface ReaderWarning {
  calendar: string;
  message: string;
  /**
   * What sort of problem it is (`unknown-zone`, `capped-series`, `bad-event`, ...; the
   * reader's kinds are `ReaderWarningKind` in read.ts): human output shows the first 20
   * warnings of each kind and counts the rest. The reader itself keeps the first 20 of each
   * kind per calendar and adds one more of that kind counting the others. Absent: `other`.
   */
  kind?: string;
}

/**
 * Time the reader could not account for: a series cut short by a cap, or a recurring event
 * it could not expand, covers an unknown part of [start, end). Unknown is not free: the
 * availability engine treats the span as busy and `--explain` says why.
 */
export interface UnknownSpan {
  calendar: string;
  uid: string;
  summary: string;
  /** 1-based line of the VEVENT in its file. */
  line: number;
  start: number;
  end: number;
  /** One sentence: why the span is unknown (names the event and the cap or error). */
  reason: string;
}

export interface Window {
  start: number;
  end: number;
}

export interface ReadOptions {
  window: Window;
  /** IANA name of the user's zone: floating times without X-WR-TIMEZONE and all-day dates use it. */
  userZone: string;
  /** The user's own addresses (lower-cased), to find their PARTSTAT. */
  myAddresses: string[];
  tentativeIsBusy: boolean;
  /** Per-series caps; the defaults are generous for real calendars and stop hostile ones. */
  maxOccurrencesPerSeries?: number;
  maxStepsPerSeries?: number;
  /**
   * The same caps for all series of the calendar together (single events do not count);
   * the defaults grow with the size of the text (see DEFAULT_MAX_OCCURRENCES_PER_CALENDAR).
   */
  maxOccurrencesPerCalendar?: number;
  maxStepsPerCalendar?: number;
  /**
   * false: a read for busy time and titles (agenda, slots, the follow-ups' offers, reply):
   * occurrences come without attendees, organizer and location (the busy view, busy.ts),
   * whose lines are then not read, but for an ATTENDEE line that may be the user's own (its
   * text holds one of myAddresses), read for the user's reply. Default true.
   */
  people?: boolean;
}

export interface ReadResult {
  occurrences: Occurrence[];
  warnings: ReaderWarning[];
  /** Set when nothing of the source could be read at all. */
  error: string | null;
  /**
   * Instances of recurring series inside the window that EXDATE removed: not events, never
   * busy, never listed; the record commands use them to say why such a meeting cannot
   * carry a no-show. Status CANCELLED. Absent in results cached by older versions.
   */
  removed?: Occurrence[];
  /** Spans of the window that a capped or unexpandable series may cover (see UnknownSpan). */
  unknown?: UnknownSpan[];
}
