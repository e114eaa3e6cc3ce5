/**
 * The offers table: the slots proposed to one client after a meeting, held while the offer
 * is open (not closed, not expired). A new offer for the same client and meeting replaces
 * the open one; nothing is deleted.
 */
import type Database from 'better-sqlite3';
import type { OfferClosedReason, OfferInput, OfferRecord, OfferSlot } from '../../core/records/types.js';
import type { ClientsTable } from './clients.js';
import type { MeetingsTable } from './meetings.js';

interface RawOffer {
  id: number;
  client_id: number;
  meeting_id: number | null;
  situation: string;
  created_at: number;
  expires_at: number;
  closed_at: number | null;
  closed_reason: OfferClosedReason | null;
  accepted_start: number | null;
}

/** An offer is open while it is neither closed nor expired. */
const OPEN = 'closed_at IS NULL AND expires_at > @now';

export class OffersTable {
  constructor(
    private readonly db: Database.Database,
    private readonly meetings: MeetingsTable,
    private readonly clients: ClientsTable,
  ) {}

  /** Stores an offer; an open offer for the same client and meeting is closed as replaced. */
  create(input: OfferInput): { offer: OfferRecord; replaced: OfferRecord[] } {
    const replacedIds = (
      this.db
        .prepare(`SELECT id FROM offers WHERE client_id = @client AND meeting_id IS @meeting AND ${OPEN}`)
        .pluck()
        .all({ client: input.clientId, meeting: input.meetingId, now: input.createdAt }) as number[]
    );
    for (const id of replacedIds) this.close(id, 'replaced', input.createdAt);
    const info = this.db
      .prepare('INSERT INTO offers (client_id, meeting_id, situation, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(input.clientId, input.meetingId, input.situation, input.createdAt, input.expiresAt);
    const id = Number(info.lastInsertRowid);
    const insert = this.db.prepare('INSERT INTO offer_slots (offer_id, start_at, end_at) VALUES (?, ?, ?)');
    for (const s of input.slots) insert.run(id, s.start, s.end);
    return { offer: this.byId(id)!, replaced: replacedIds.map((r) => this.byId(r)!) };
  }

  close(id: number, reason: OfferClosedReason, now: number, acceptedStart: number | null = null): void {
    this.db.prepare('UPDATE offers SET closed_at = ?, closed_reason = ?, accepted_start = ? WHERE id = ? AND closed_at IS NULL').run(now, reason, acceptedStart, id);
  }

  byId(id: number): OfferRecord | null {
    const row = this.db.prepare('SELECT * FROM offers WHERE id = ?').get(id) as RawOffer | undefined;
    return row ? this.hydrate(row) : null;
  }

  /** The open offers, soonest to expire first; for one client when clientId is given. */
  open(now: number, clientId?: number): OfferRecord[] {
    const rows = this.db
      .prepare(`SELECT * FROM offers WHERE ${OPEN} ${clientId === undefined ? '' : 'AND client_id = @client'} ORDER BY expires_at, id`)
      .all({ now, ...(clientId === undefined ? {} : { client: clientId }) }) as RawOffer[];
    return rows.map((r) => this.hydrate(r));
  }

  /** The client's most recent offer, in whatever state (open, expired, closed); null when none. */
  latest(clientId: number): OfferRecord | null {
    const row = this.db.prepare('SELECT * FROM offers WHERE client_id = ? ORDER BY created_at DESC, id DESC LIMIT 1').get(clientId) as RawOffer | undefined;
    return row ? this.hydrate(row) : null;
  }

  private slots(offerId: number): OfferSlot[] {
    return (this.db.prepare('SELECT start_at AS start, end_at AS "end" FROM offer_slots WHERE offer_id = ? ORDER BY start_at').all(offerId) as OfferSlot[]).map((s) => ({ ...s }));
  }

  private hydrate(r: RawOffer): OfferRecord {
    return {
      id: r.id,
      client: this.clients.byId(r.client_id),
      meeting: r.meeting_id === null ? null : this.meetings.byId(r.meeting_id),
      situation: r.situation,
      slots: this.slots(r.id),
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      closedAt: r.closed_at,
      closedReason: r.closed_reason,
      acceptedStart: r.accepted_start,
    };
  }
}
