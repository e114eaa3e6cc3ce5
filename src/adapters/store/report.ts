/**
 * What `etiq report` reads: flat rows over a window, each from one indexed query (no
 * per-row lookups, no history()). The figures are made in core/report from these rows.
 *
 * Indexes (migrations 1 and 4): meetings_start for a window over everyone;
 * outcomes_client_current for one client's current outcomes; outcomes_current to join a
 * meeting to its current outcomes; outcomes_client for one client's evidence;
 * offers_created and offers_client for the offers of a window.
 */
import type Database from 'better-sqlite3';
import type { OutcomeKind } from '../../core/etiquette/outcomes.js';
import type { EvidenceRow, OfferRow, OutcomeColumns, ReportClient } from '../../core/report/types.js';

/** A window of meeting starts (or offer creations): [from, to); `to` may be Infinity. */
export interface RowWindow {
  from: number;
  to: number;
  /** Only this client's rows. */
  clientId?: number;
}

/** SQLite integers are 64-bit: an open end is the largest safe instant. */
function bound(ms: number): number {
  return Number.isFinite(ms) ? ms : Number.MAX_SAFE_INTEGER;
}

/**
 * The outcome rows come back by column (OutcomeColumns): one JSON array per field, all
 * made in one pass over the rows by one SELECT (aggregates of the same rows, in the same
 * order), and parsed by JSON.parse. Row by row, better-sqlite3 builds each row object
 * through its C++ API, about 5 µs a row when the process is this young, and a window over
 * everyone holds ~9,000 rows on the bench database (50-60 ms); one JSON text of objects
 * took ~30 ms with its parse and left an object per row with three boxed timestamps to the
 * scavenges; columns parse into flat arrays (the timestamps unboxed), ~20 ms (issue 13).
 * json_group_array keeps NULLs (as null) and writes integers as JSON integers.
 */
const OUTCOME_COLUMNS = `COUNT(*), json_group_array(o.client_id), json_group_array(o.meeting_id), json_group_array(m.start_at),
  json_group_array(m.end_at), json_group_array(o.kind), json_group_array(o.minutes), json_group_array(o.rescheduled_to),
  json_group_array(o.recorded_at)`;

export const REPORT_SQL = {
  /** Everyone's current outcomes of the meetings starting in the window. */
  outcomes: `SELECT ${OUTCOME_COLUMNS}
    FROM meetings m JOIN outcomes o ON o.meeting_id = m.id AND o.superseded_at IS NULL
    WHERE m.start_at >= @from AND m.start_at < @to`,
  /** One client's current outcomes of the meetings starting in the window. */
  clientOutcomes: `SELECT ${OUTCOME_COLUMNS}
    FROM outcomes o JOIN meetings m ON m.id = o.meeting_id
    WHERE o.client_id = @client AND o.superseded_at IS NULL AND m.start_at >= @from AND m.start_at < @to`,
  offers: `SELECT client_id AS clientId, situation, created_at AS createdAt, closed_reason AS closedReason
    FROM offers WHERE created_at >= @from AND created_at < @to`,
  clientOffers: `SELECT client_id AS clientId, situation, created_at AS createdAt, closed_reason AS closedReason
    FROM offers WHERE client_id = @client AND created_at >= @from AND created_at < @to`,
  clients: 'SELECT id, email, name, organisation FROM clients',
  /** Every outcome of one client's meetings in the window, corrected and undone ones too, in the order they are shown. */
  evidence: `SELECT m.id AS meetingId, m.start_at AS start, m.end_at AS "end", m.summary, o.kind, o.minutes, o.notice_ms AS noticeMs,
      t.start_at AS rescheduledToStart, f.start_at AS rescheduledFromStart, o.note, o.reason, o.recorded_at AS recordedAt,
      o.superseded_at AS supersededAt, o.superseded_reason AS supersededReason
    FROM outcomes o JOIN meetings m ON m.id = o.meeting_id
      LEFT JOIN meetings t ON t.id = o.rescheduled_to
      LEFT JOIN meetings f ON f.id = m.rescheduled_from
    WHERE o.client_id = @client AND m.start_at >= @from AND m.start_at < @to
    ORDER BY m.start_at, m.id, o.superseded_at IS NOT NULL, o.id DESC`,
  anyOutcome: 'SELECT EXISTS (SELECT 1 FROM outcomes)',
} as const;

export class ReportTable {
  constructor(private readonly db: Database.Database) {}

  /** Current outcomes of the meetings starting in the window (one client's, or everyone's), by column. */
  outcomeRows(w: RowWindow): OutcomeColumns {
    const params = { from: w.from, to: bound(w.to) };
    const row = (
      w.clientId === undefined
        ? this.db.prepare(REPORT_SQL.outcomes).raw().get(params)
        : this.db.prepare(REPORT_SQL.clientOutcomes).raw().get({ ...params, client: w.clientId })
    ) as [number, ...string[]];
    const [length, ...texts] = row;
    const [clientId, meetingId, start, end, kind, minutes, rescheduledTo, recordedAt] = texts.map((text) => {
      const column = JSON.parse(text) as unknown[];
      if (column.length !== length) throw new Error(`report: a column of ${column.length} rows, not ${length}`);
      return column;
    }) as [number[], number[], number[], number[], OutcomeKind[], (number | null)[], (number | null)[], number[]];
    return { length, clientId, meetingId, start, end, kind, minutes, rescheduledTo, recordedAt };
  }

  /** Offers created in the window. */
  offerRows(w: RowWindow): OfferRow[] {
    const params = { from: w.from, to: bound(w.to) };
    if (w.clientId === undefined) return this.db.prepare(REPORT_SQL.offers).all(params) as OfferRow[];
    return this.db.prepare(REPORT_SQL.clientOffers).all({ ...params, client: w.clientId }) as OfferRow[];
  }

  clients(): ReportClient[] {
    return this.db.prepare(REPORT_SQL.clients).all() as ReportClient[];
  }

  evidence(w: RowWindow & { clientId: number }): EvidenceRow[] {
    return this.db.prepare(REPORT_SQL.evidence).all({ from: w.from, to: bound(w.to), client: w.clientId }) as EvidenceRow[];
  }

  anyOutcome(): boolean {
    return (this.db.prepare(REPORT_SQL.anyOutcome).pluck().get() as number) === 1;
  }

  /** EXPLAIN QUERY PLAN of each query, for the notes and the tests. */
  queryPlans(): Record<keyof typeof REPORT_SQL, string[]> {
    const params: Record<string, number> = { from: 0, to: 1, client: 1 };
    const out = {} as Record<keyof typeof REPORT_SQL, string[]>;
    for (const [name, sql] of Object.entries(REPORT_SQL) as [keyof typeof REPORT_SQL, string][]) {
      const used = Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`@${k}`)));
      out[name] = (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(used) as { detail: string }[]).map((r) => r.detail);
    }
    return out;
  }
}
