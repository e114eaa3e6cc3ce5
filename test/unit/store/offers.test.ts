/**
 * Offers in the store (migration 2): created, held while open, replaced by a second offer
 * for the same meeting, closed on cancel or acceptance, not open once expired. And a
 * version-1 file keeps its records when it is migrated.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, Store } from '../../../src/adapters/store.js';
import { MIGRATIONS } from '../../../src/adapters/store/schema.js';
import { opened, tempDir } from './cleanup.js';

const T0 = Date.UTC(2026, 2, 10, 15, 0);
const MIN = 60_000;
const H = 60 * MIN;

function fresh(): Store {
  const s = Store.open(path.join(tempDir(), 'etiq.db'));
  opened.push(s);
  return s;
}

function seed(store: Store, email = 'priya@acme.example', uid = 'acme@x') {
  return store.write(() => {
    const m = store.upsertMeeting({ uid, recurrenceId: null, source: 'work.ics', start: T0, end: T0 + 30 * MIN, summary: 'Review' }, T0);
    const c = store.upsertClient(email, 'Priya Nair', T0);
    store.linkAttendee(m.id, c.id, null);
    return { meetingId: m.id, clientId: c.id };
  });
}

const slots = [
  { start: T0 + 24 * H, end: T0 + 24 * H + 30 * MIN },
  { start: T0 + 48 * H, end: T0 + 48 * H + 30 * MIN },
];

describe('offers', () => {
  it('stores an offer with its slots; it is open until it expires', () => {
    const store = fresh();
    const { meetingId, clientId } = seed(store);
    const { offer, replaced } = store.write(() => store.createOffer({ clientId, meetingId, situation: 'noshow', slots, createdAt: T0 + H, expiresAt: T0 + 49 * H }));
    expect(replaced).toEqual([]);
    expect(offer).toMatchObject({ situation: 'noshow', slots, createdAt: T0 + H, expiresAt: T0 + 49 * H, closedAt: null, closedReason: null });
    expect(offer.client.email).toBe('priya@acme.example');
    expect(offer.meeting?.id).toBe(meetingId);
    expect(store.openOffers(T0 + 2 * H).map((o) => o.id)).toEqual([offer.id]);
    expect(store.openOffers(T0 + 49 * H - 1)).toHaveLength(1);
    // Expired: no longer open, and nothing had to be written for that.
    expect(store.openOffers(T0 + 49 * H)).toEqual([]);
    expect(store.offerById(offer.id)!.closedAt).toBeNull();
  });

  it('a second offer for the same meeting replaces the open one; another meeting or client does not', () => {
    const store = fresh();
    const a = seed(store);
    const b = seed(store, 'jo@fabrikam.example', 'fab@x');
    const first = store.write(() => store.createOffer({ ...a, situation: 'noshow', slots, createdAt: T0 + H, expiresAt: T0 + 49 * H })).offer;
    const other = store.write(() => store.createOffer({ ...b, situation: 'noshow', slots: [slots[1]!], createdAt: T0 + H, expiresAt: T0 + 49 * H })).offer;
    const second = store.write(() => store.createOffer({ ...a, situation: 'noshow-repeat', slots: [slots[0]!], createdAt: T0 + 2 * H, expiresAt: T0 + 50 * H }));
    expect(second.replaced.map((o) => o.id)).toEqual([first.id]);
    expect(store.offerById(first.id)).toMatchObject({ closedAt: T0 + 2 * H, closedReason: 'replaced' });
    expect(store.openOffers(T0 + 3 * H).map((o) => o.id)).toEqual([other.id, second.offer.id]);
    expect(store.openOffers(T0 + 3 * H, a.clientId).map((o) => o.slots)).toEqual([[slots[0]]]);
  });

  it('closes on cancel and on acceptance, keeping the accepted slot', () => {
    const store = fresh();
    const a = seed(store);
    const o1 = store.write(() => store.createOffer({ ...a, situation: 'noshow', slots, createdAt: T0 + H, expiresAt: T0 + 49 * H })).offer;
    store.write(() => store.closeOffer(o1.id, 'cancelled', T0 + 2 * H));
    expect(store.offerById(o1.id)).toMatchObject({ closedReason: 'cancelled', closedAt: T0 + 2 * H, acceptedStart: null });
    const o2 = store.write(() => store.createOffer({ ...a, situation: 'noshow', slots, createdAt: T0 + 3 * H, expiresAt: T0 + 49 * H })).offer;
    store.write(() => store.closeOffer(o2.id, 'accepted', T0 + 4 * H, slots[1]!.start));
    expect(store.offerById(o2.id)).toMatchObject({ closedReason: 'accepted', acceptedStart: slots[1]!.start });
    // Closing again changes nothing.
    store.write(() => store.closeOffer(o2.id, 'cancelled', T0 + 5 * H));
    expect(store.offerById(o2.id)!.closedReason).toBe('accepted');
    expect(store.openOffers(T0 + 5 * H)).toEqual([]);
  });
});

describe('migration 2', () => {
  it('a version-1 file keeps its outcomes (reason null), is backed up as .bak-1, and gains offers', () => {
    const dir = tempDir();
    const file = path.join(dir, 'etiq.db');
    const raw = new Database(file);
    raw.exec(MIGRATIONS[0]!);
    raw.pragma('user_version = 1');
    raw.prepare('INSERT INTO clients (email, created_at, updated_at) VALUES (?, ?, ?)').run('a@b.example', T0, T0);
    raw.prepare("INSERT INTO meetings (uid, source, start_at, end_at, created_at) VALUES ('m1', 'manual', ?, ?, ?)").run(T0, T0 + H, T0);
    raw.prepare("INSERT INTO outcomes (meeting_id, client_id, kind, minutes, recorded_at) VALUES (1, 1, 'no-show', 10, ?)").run(T0 + H);
    raw.close();
    const store = Store.open(file);
    opened.push(store);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    expect(store.history({})).toMatchObject([{ kind: 'no-show', minutes: 10, reason: null, client: { email: 'a@b.example' } }]);
    expect(fs.existsSync(`${file}.bak-1`)).toBe(true);
    expect(store.openOffers(T0)).toEqual([]);
  });
});
