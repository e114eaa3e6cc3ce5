/** The clients table: one row per address (case-insensitive), with name, organisation and zone. */
import type Database from 'better-sqlite3';
import type { OutcomeKind } from '../../core/etiquette/outcomes.js';
import type { ClientRow, ClientSummary } from '../../core/records/types.js';

const CLIENT_COLUMNS = 'id, email, name, organisation, timezone, notes';

export class ClientsTable {
  constructor(private readonly db: Database.Database) {}

  /** The client with this email (case-insensitive), created if new; a known name is kept. */
  upsert(email: string, name: string | null, now: number): ClientRow {
    const normalised = email.trim().toLowerCase();
    this.db
      .prepare(
        `INSERT INTO clients (email, name, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (email) DO UPDATE SET name = COALESCE(clients.name, excluded.name)`,
      )
      .run(normalised, name, now, now);
    return this.byEmail(normalised)!;
  }

  byEmail(email: string): ClientRow | null {
    const row = this.db.prepare(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE email = ?`).get(email.trim()) as ClientRow | undefined;
    return row ?? null;
  }

  byId(id: number): ClientRow {
    return this.db.prepare(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = ?`).get(id) as ClientRow;
  }

  update(email: string, fields: Partial<Pick<ClientRow, 'name' | 'organisation' | 'timezone' | 'notes'>>, now: number): ClientRow {
    const client = this.upsert(email, null, now);
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      sets.push(`${k} = ?`);
      values.push(v);
    }
    if (sets.length > 0) {
      this.db.prepare(`UPDATE clients SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`).run(...values, now, client.id);
    }
    return this.byEmail(client.email)!;
  }

  /** Every client with their number of meetings, current outcomes per kind, and last meeting. */
  list(): ClientSummary[] {
    // One pass over meeting_attendees, grouped, not a subquery per client: its key starts
    // with meeting_id, so each per-client subquery scanned the whole table (500 clients and
    // 98,000 attendances: 4 s; grouped: ~40 ms).
    const rows = this.db
      .prepare(
        `WITH attended AS (
           SELECT ma.client_id AS id, COUNT(*) AS meetings, MAX(m.start_at) AS lastMeeting
           FROM meeting_attendees ma JOIN meetings m ON m.id = ma.meeting_id
           GROUP BY ma.client_id)
         SELECT c.id, c.email, c.name, c.organisation, c.timezone, c.notes,
                COALESCE(a.meetings, 0) AS meetings, a.lastMeeting AS lastMeeting
         FROM clients c LEFT JOIN attended a ON a.id = c.id ORDER BY c.email`,
      )
      .all() as (ClientRow & { meetings: number; lastMeeting: number | null })[];
    const counts = this.db
      .prepare('SELECT client_id AS id, kind, COUNT(*) AS n FROM outcomes WHERE superseded_at IS NULL GROUP BY client_id, kind')
      .all() as { id: number; kind: OutcomeKind; n: number }[];
    const byClient = new Map<number, Partial<Record<OutcomeKind, number>>>();
    for (const c of counts) {
      const m = byClient.get(c.id) ?? {};
      m[c.kind] = c.n;
      byClient.set(c.id, m);
    }
    return rows.map((r) => ({ ...r, outcomes: byClient.get(r.id) ?? {} }));
  }
}
