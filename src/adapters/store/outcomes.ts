/**
 * The outcomes table, with its full history: a correction supersedes the current outcome
 * ("corrected"), an undo reverts it ("undone"); nothing is deleted.
 */
import type Database from 'better-sqlite3';
import type { OutcomeKind } from '../../core/etiquette/outcomes.js';
import { sameOutcomeValues } from '../../core/records/plan.js';
import type { OutcomeInput, OutcomeRecord, RecordStatus } from '../../core/records/types.js';
import type { ClientsTable } from './clients.js';
import type { MeetingsTable } from './meetings.js';

interface RawOutcome {
  id: number;
  meeting_id: number;
  client_id: number;
  kind: OutcomeKind;
  minutes: number | null;
  notice_ms: number | null;
  told_at: number | null;
  rescheduled_to: number | null;
  note: string | null;
  reason: string | null;
  recorded_at: number;
  superseded_at: number | null;
  superseded_reason: 'corrected' | 'undone' | null;
}

export class OutcomesTable {
  constructor(
    private readonly db: Database.Database,
    private readonly meetings: MeetingsTable,
    private readonly clients: ClientsTable,
  ) {}

  current(meetingId: number, clientId: number): OutcomeRecord | null {
    const row = this.db
      .prepare('SELECT * FROM outcomes WHERE meeting_id = ? AND client_id = ? AND superseded_at IS NULL ORDER BY id DESC LIMIT 1')
      .get(meetingId, clientId) as RawOutcome | undefined;
    return row ? this.hydrate(row) : null;
  }

  /**
   * Writes an outcome as the current one of its meeting and client; the one it replaces
   * is kept, superseded ("corrected"). What to write is decided by core/records/plan.ts;
   * values equal to the current ones change nothing ("unchanged").
   */
  record(input: OutcomeInput, now: number): { record: OutcomeRecord; status: RecordStatus } {
    const current = this.current(input.meetingId, input.clientId);
    if (current && sameOutcomeValues(current, input)) return { record: current, status: 'unchanged' };
    const info = this.db
      .prepare(
        `INSERT INTO outcomes (meeting_id, client_id, kind, minutes, notice_ms, told_at, rescheduled_to, note, reason, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(input.meetingId, input.clientId, input.kind, input.minutes, input.noticeMs, input.toldAt, input.rescheduledTo, input.note, input.reason, now);
    const id = Number(info.lastInsertRowid);
    if (current) {
      this.db.prepare("UPDATE outcomes SET superseded_at = ?, superseded_by = ?, superseded_reason = 'corrected' WHERE id = ?").run(now, id, current.id);
      if (current.rescheduledTo) this.syncTargetLink(current.rescheduledTo.id, input.clientId);
    }
    if (input.rescheduledTo !== null) this.syncTargetLink(input.rescheduledTo, input.clientId);
    return { record: this.byId(id), status: current ? 'corrected' : 'recorded' };
  }

  /**
   * Reverts the current outcome and restores the state before it: the outcome it had
   * corrected, if any, is current again. The reverted one stays in history, marked undone.
   */
  undo(meetingId: number, clientId: number, now: number): { undone: OutcomeRecord; restored: OutcomeRecord | null } | null {
    const current = this.current(meetingId, clientId);
    if (!current) return null;
    this.db.prepare("UPDATE outcomes SET superseded_at = ?, superseded_by = NULL, superseded_reason = 'undone' WHERE id = ?").run(now, current.id);
    const previous = this.db
      .prepare("SELECT * FROM outcomes WHERE superseded_by = ? AND superseded_reason = 'corrected' ORDER BY id DESC LIMIT 1")
      .get(current.id) as RawOutcome | undefined;
    if (previous) {
      this.db.prepare('UPDATE outcomes SET superseded_at = NULL, superseded_by = NULL, superseded_reason = NULL WHERE id = ?').run(previous.id);
      if (previous.rescheduled_to !== null) this.syncTargetLink(previous.rescheduled_to, clientId);
    }
    if (current.rescheduledTo) this.syncTargetLink(current.rescheduledTo.id, clientId);
    return { undone: this.byId(current.id), restored: previous ? this.hydrate({ ...previous, superseded_at: null, superseded_reason: null }) : null };
  }

  /**
   * A meeting made for a reschedule target belongs to the client while a current outcome
   * moves a meeting there, or the client has an outcome of its own there. A target given up
   * (a corrected `--to`, an undone reschedule) no longer counts as one of their meetings.
   */
  private syncTargetLink(meetingId: number, clientId: number): void {
    const used = this.db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM outcomes WHERE rescheduled_to = @meeting AND client_id = @client AND superseded_at IS NULL)
             OR EXISTS (SELECT 1 FROM outcomes WHERE meeting_id = @meeting AND client_id = @client)`,
      )
      .pluck()
      .get({ meeting: meetingId, client: clientId }) as number;
    if (used) this.meetings.linkAttendee(meetingId, clientId, null);
    else this.meetings.unlinkAttendee(meetingId, clientId);
  }

  /**
   * A client's timeline, or everyone's: by meeting, the latest meeting first; under each
   * meeting the current outcome, then (with `all`) the ones it corrected or that were
   * undone, newest first.
   */
  history(opts: { clientEmail?: string; all?: boolean; limit?: number }): OutcomeRecord[] {
    const where: string[] = [];
    const values: unknown[] = [];
    if (opts.clientEmail) {
      where.push('o.client_id = (SELECT id FROM clients WHERE email = ?)');
      values.push(opts.clientEmail.trim());
    }
    if (!opts.all) where.push('o.superseded_at IS NULL');
    const sql = `SELECT o.* FROM outcomes o JOIN meetings m ON m.id = o.meeting_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY m.start_at DESC, o.meeting_id DESC, o.client_id, o.superseded_at IS NOT NULL, o.recorded_at DESC, o.id DESC ${opts.limit ? 'LIMIT ?' : ''}`;
    if (opts.limit) values.push(opts.limit);
    return (this.db.prepare(sql).all(...values) as RawOutcome[]).map((r) => this.hydrate(r));
  }

  private byId(id: number): OutcomeRecord {
    return this.hydrate(this.db.prepare('SELECT * FROM outcomes WHERE id = ?').get(id) as RawOutcome);
  }

  private hydrate(row: RawOutcome): OutcomeRecord {
    const fromRow = this.db
      .prepare('SELECT meeting_id FROM outcomes WHERE rescheduled_to = ? AND client_id = ? AND superseded_at IS NULL ORDER BY id DESC LIMIT 1')
      .get(row.meeting_id, row.client_id) as { meeting_id: number } | undefined;
    // Else the meeting's own link (migration 3): booked by `etiq reply` from an offer, while
    // the missed meeting kept its outcome.
    const fromId = fromRow ? fromRow.meeting_id : this.meetings.rescheduledFromId(row.meeting_id);
    return {
      id: row.id,
      kind: row.kind,
      minutes: row.minutes,
      noticeMs: row.notice_ms,
      toldAt: row.told_at,
      note: row.note,
      reason: row.reason,
      recordedAt: row.recorded_at,
      supersededAt: row.superseded_at,
      supersededReason: row.superseded_reason,
      meeting: this.meetings.byId(row.meeting_id)!,
      client: this.clients.byId(row.client_id),
      rescheduledTo: row.rescheduled_to !== null ? this.meetings.byId(row.rescheduled_to) : null,
      rescheduledFrom: fromId !== null ? this.meetings.byId(fromId) : null,
    };
  }
}
