/** The meetings table (one row per uid + recurrence id) and who attended each. */
import type Database from 'better-sqlite3';
import type { OutcomeKind } from '../../core/etiquette/outcomes.js';
import type { MeetingInput, MeetingRow } from '../../core/records/types.js';

interface RawMeeting {
  id: number;
  uid: string;
  recurrence_id: string;
  source: string;
  start_at: number;
  end_at: number;
  summary: string;
}

const MEETING_COLUMNS = 'id, uid, recurrence_id, source, start_at, end_at, summary';

export class MeetingsTable {
  constructor(private readonly db: Database.Database) {}

  /** The meeting with this uid + recurrence id, created or refreshed from the calendar. */
  upsert(m: MeetingInput, now: number): MeetingRow {
    this.db
      .prepare(
        `INSERT INTO meetings (uid, recurrence_id, source, start_at, end_at, summary, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (uid, recurrence_id) DO UPDATE SET start_at = excluded.start_at, end_at = excluded.end_at,
           summary = excluded.summary, source = excluded.source`,
      )
      .run(m.uid, m.recurrenceId ?? '', m.source, m.start, m.end, m.summary, now);
    return this.byKey(m.uid, m.recurrenceId)!;
  }

  byKey(uid: string, recurrenceId: string | null): MeetingRow | null {
    const row = this.db.prepare(`SELECT ${MEETING_COLUMNS} FROM meetings WHERE uid = ? AND recurrence_id = ?`).get(uid, recurrenceId ?? '') as RawMeeting | undefined;
    return row ? toMeeting(row) : null;
  }

  /** A stored meeting with this client starting then (a manual or rescheduled one), if any. */
  startingAt(start: number, clientEmail: string): MeetingRow | null {
    const row = this.db
      .prepare(
        `SELECT m.id, m.uid, m.recurrence_id, m.source, m.start_at, m.end_at, m.summary FROM meetings m
         JOIN meeting_attendees ma ON ma.meeting_id = m.id JOIN clients c ON c.id = ma.client_id
         WHERE m.start_at = ? AND c.email = ? ORDER BY m.id DESC LIMIT 1`,
      )
      .get(start, clientEmail.trim()) as RawMeeting | undefined;
    return row ? toMeeting(row) : null;
  }

  byId(id: number): MeetingRow | null {
    const row = this.db.prepare(`SELECT ${MEETING_COLUMNS} FROM meetings WHERE id = ?`).get(id) as RawMeeting | undefined;
    return row ? toMeeting(row) : null;
  }

  linkAttendee(meetingId: number, clientId: number, partstat: string | null): void {
    this.db
      .prepare('INSERT INTO meeting_attendees (meeting_id, client_id, partstat) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET partstat = COALESCE(excluded.partstat, partstat)')
      .run(meetingId, clientId, partstat);
  }

  /**
   * Marks a meeting as the reschedule of another (`etiq reply` books it from an offer).
   * Only the link: the other meeting's outcomes are not touched.
   */
  setRescheduledFrom(meetingId: number, fromMeetingId: number): void {
    this.db.prepare('UPDATE meetings SET rescheduled_from = ? WHERE id = ?').run(fromMeetingId, meetingId);
  }

  /** The id of the meeting this one was booked to replace (migration 3), if any. */
  rescheduledFromId(meetingId: number): number | null {
    const id = this.db.prepare('SELECT rescheduled_from FROM meetings WHERE id = ?').pluck().get(meetingId) as number | null | undefined;
    return id ?? null;
  }

  /**
   * Meetings etiq itself booked that are still to come: reschedule targets (`log
   * rescheduled --to`, `reply`) that are in no calendar. With each client, and the kinds of
   * their current outcomes there, so that the caller can leave out those called off.
   */
  upcomingBooked(now: number): { meeting: MeetingRow; client: string; outcomes: OutcomeKind[] }[] {
    const rows = this.db
      .prepare(
        `SELECT m.id, m.uid, m.recurrence_id, m.source, m.start_at, m.end_at, m.summary, c.email AS client,
                (SELECT group_concat(o.kind) FROM outcomes o WHERE o.meeting_id = m.id AND o.superseded_at IS NULL) AS kinds
         FROM meetings m JOIN meeting_attendees ma ON ma.meeting_id = m.id JOIN clients c ON c.id = ma.client_id
         WHERE m.source = 'manual' AND m.end_at > @now
           AND (m.rescheduled_from IS NOT NULL
                OR EXISTS (SELECT 1 FROM outcomes r WHERE r.rescheduled_to = m.id AND r.superseded_at IS NULL))
         ORDER BY m.start_at`,
      )
      .all({ now }) as (RawMeeting & { client: string; kinds: string | null })[];
    return rows.map((r) => ({ meeting: toMeeting(r), client: r.client, outcomes: (r.kinds ? r.kinds.split(',') : []) as OutcomeKind[] }));
  }

  unlinkAttendee(meetingId: number, clientId: number): void {
    this.db.prepare('DELETE FROM meeting_attendees WHERE meeting_id = ? AND client_id = ?').run(meetingId, clientId);
  }
}

function toMeeting(r: RawMeeting): MeetingRow {
  return {
    id: r.id,
    uid: r.uid,
    recurrenceId: r.recurrence_id === '' ? null : r.recurrence_id,
    source: r.source,
    start: r.start_at,
    end: r.end_at,
    summary: r.summary,
  };
}
