// The report's queries (issue 11): each one uses an index (EXPLAIN QUERY PLAN), and
// migration 4 adds those indexes to a version-3 file, which is backed up first.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, Store } from '../../../src/adapters/store.js';
import { MIGRATIONS } from '../../../src/adapters/store/schema.js';
import { columnsOf, joinColumns } from '../../../src/core/report/report.js';
import type { OutcomeColumns, OutcomeRow } from '../../../src/core/report/types.js';
import { tempDir } from '../../e2e/helpers.js';

/** Row objects back from columns (the test's own reading of OutcomeColumns). */
function rowsOf(t: OutcomeColumns): OutcomeRow[] {
  return Array.from({ length: t.length }, (_, i) => ({
    clientId: t.clientId[i]!,
    meetingId: t.meetingId[i]!,
    start: t.start[i]!,
    end: t.end[i]!,
    kind: t.kind[i]!,
    minutes: t.minutes[i]!,
    rescheduledTo: t.rescheduledTo[i]!,
    recordedAt: t.recordedAt[i]!,
  }));
}

describe('report queries', () => {
  it('search by index: no full scan of outcomes, meetings or offers', () => {
    const store = Store.open(path.join(tempDir('etiq-report-store-'), 'etiq.db'));
    try {
      const plans = store.reportQueryPlans();
      expect(plans['outcomes']).toEqual(['SEARCH m USING INDEX meetings_start (start_at>? AND start_at<?)', expect.stringMatching(/^SEARCH o USING INDEX outcomes_(meeting|current) \(meeting_id=\?/)]);
      expect(plans['clientOutcomes']).toEqual(['SEARCH o USING INDEX outcomes_client_current (client_id=?)', 'SEARCH m USING INTEGER PRIMARY KEY (rowid=?)']);
      expect(plans['offers']).toEqual(['SEARCH offers USING INDEX offers_created (created_at>? AND created_at<?)']);
      expect(plans['clientOffers']).toEqual(['SEARCH offers USING INDEX offers_client (client_id=? AND created_at>? AND created_at<?)']);
      expect(plans['evidence']!.slice(0, 2)).toEqual(['SEARCH o USING INDEX outcomes_client (client_id=?)', 'SEARCH m USING INTEGER PRIMARY KEY (rowid=?)']);
      for (const [name, plan] of Object.entries(plans)) {
        if (name === 'clients') continue; // every client, a few hundred rows
        expect(plan.join('\n'), name).not.toMatch(/^SCAN (o|m|t|f|offers|outcomes|meetings)\b(?! USING COVERING INDEX)/m);
      }
    } finally {
      store.close();
    }
  });

  it('outcome rows come back by column, one JSON array each, exactly as the table holds them', () => {
    const file = path.join(tempDir('etiq-report-rows-'), 'etiq.db');
    const store = Store.open(file);
    const T0 = Date.UTC(2026, 2, 10, 15, 0);
    try {
      store.write(() => {
        const a = store.upsertClient('a@x.example', 'A "quoted", name', T0);
        const b = store.upsertClient('b@x.example', null, T0);
        const m1 = store.upsertMeeting({ uid: 'm1', recurrenceId: null, source: 'manual', start: T0, end: T0 + 45 * 60_000, summary: 'One' }, T0);
        const m2 = store.upsertMeeting({ uid: 'm2', recurrenceId: null, source: 'manual', start: T0 + 86_400_000, end: T0 + 86_400_000 + 30 * 60_000, summary: 'Two' }, T0);
        const base = { minutes: null, noticeMs: null, toldAt: null, rescheduledTo: null, note: null, reason: null };
        store.recordOutcome({ ...base, meetingId: m1.id, clientId: a.id, kind: 'late', minutes: 7 }, T0 + 60_000);
        store.recordOutcome({ ...base, meetingId: m1.id, clientId: b.id, kind: 'no-show' }, T0 + 120_000);
        store.recordOutcome({ ...base, meetingId: m2.id, clientId: a.id, kind: 'rescheduled', rescheduledTo: m1.id }, T0 + 180_000);
      });
      // The same rows, read row by row with a plain SELECT, as the report read them before.
      const plain = new Database(file, { readonly: true });
      const expected = plain
        .prepare(
          `SELECT o.client_id AS clientId, o.meeting_id AS meetingId, m.start_at AS start, m.end_at AS "end", o.kind, o.minutes,
             o.rescheduled_to AS rescheduledTo, o.recorded_at AS recordedAt
           FROM meetings m JOIN outcomes o ON o.meeting_id = m.id AND o.superseded_at IS NULL ORDER BY o.id`,
        )
        .all();
      plain.close();
      const columns = store.read(() => store.reportOutcomes({ from: 0, to: Infinity }));
      const rows = rowsOf(columns);
      expect(rows).toEqual(expected);
      expect(rows).toHaveLength(3);
      expect(rows[0]).toEqual({ clientId: 1, meetingId: 1, start: T0, end: T0 + 45 * 60_000, kind: 'late', minutes: 7, rescheduledTo: null, recordedAt: T0 + 60_000 });
      expect(columns).toEqual(columnsOf(expected as OutcomeRow[]));
      const one = store.read(() => store.reportOutcomes({ from: T0 + 1, to: Infinity, clientId: 1 }));
      expect(rowsOf(one)).toEqual([expected[2]]);
      const none = store.read(() => store.reportOutcomes({ from: T0 + 2 * 86_400_000, to: Infinity }));
      expect(none.length).toBe(0);
      expect(rowsOf(none)).toEqual([]);
      // The report's two windows, one after the other.
      expect(rowsOf(joinColumns([one, none, columns]))).toEqual([expected[2], ...(expected as OutcomeRow[])]);
    } finally {
      store.close();
    }
  });

  it('migrations 4 and 5 add the indexes to a version-3 file, backed up as .bak-3', () => {
    const file = path.join(tempDir('etiq-report-store-'), 'etiq.db');
    const raw = new Database(file);
    for (const m of MIGRATIONS.slice(0, 3)) raw.exec(m);
    raw.pragma('user_version = 3');
    raw.close();
    expect(SCHEMA_VERSION).toBe(5);
    Store.open(file).close();
    expect(fs.existsSync(`${file}.bak-3`)).toBe(true);
    const after = new Database(file, { readonly: true });
    try {
      expect(after.pragma('user_version', { simple: true })).toBe(5);
      const names = after.prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").pluck().all();
      expect(names).toEqual(expect.arrayContaining(['offers_created', 'outcomes_client_current', 'outcomes_meeting', 'outcomes_rescheduled_to', 'outcomes_superseded_by']));
      // The lookups of recordOutcome (reschedule links) and undoOutcome use them.
      const plan = (sql: string) => (after.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan('SELECT 1 FROM outcomes WHERE rescheduled_to = 1 AND client_id = 1 AND superseded_at IS NULL')).toContain('outcomes_rescheduled_to');
      expect(plan("SELECT * FROM outcomes WHERE superseded_by = 1 AND superseded_reason = 'corrected'")).toContain('outcomes_superseded_by');
    } finally {
      after.close();
    }
  });
});
