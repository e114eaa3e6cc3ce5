/**
 * `etiq reply` end to end (issue 10): every reason, the phrases, the booking and what it
 * releases. The expected instants are worked out by hand from the Berlin fixture (see
 * followup.test.ts for the calendar):
 *
 * fixtures/records/berlin.toml: Europe/Berlin, Mon-Thu 09:00-17:00, Fri 09:00-13:00,
 * 60-minute slots on a 30-minute grid, no buffer, no daily cap. berlin.ics: Northwind weekly
 * Mondays 10:00-11:00 (Tom Berger; 9 Mar EXDATE'd), Contoso pitch Wed 4 Mar 15:00 (declined:
 * free), Fabrikam review Thu 5 Mar 16:00-17:00 (Jo Miller).
 *
 * Tom missed Mon 2 Mar 10:00; `noshow` at Mon 11:00 offers Tue 3 09:00, Wed 4 12:00 and Thu
 * 5 09:00 (60 min each), held until Wed 4 Mar 11:00. Replies come at Mon 2 Mar 12:00 unless
 * said otherwise. The follow-up notice then is the start of the next working day, Tue 3
 * 09:00. Berlin is +01:00 all through (summer time starts 29 March).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION, Store } from '../../src/adapters/store.js';
import { MIGRATIONS } from '../../src/adapters/store/schema.js';
import type { DraftJson } from '../../src/render/draft.js';
import type { OutcomeJson } from '../../src/render/records.js';
import { calendar, fixtures, runEtiq, tempDir, vevent, writeIcs, type RunResult } from './helpers.js';

const config = path.join(fixtures, 'records', 'berlin.toml');
const berlinIcs = path.join(fixtures, 'records', 'berlin.ics');
const TOM = 'tom@northwind.example';
const JO = 'jo@fabrikam.example';
const AFTER_MISS = '2026-03-02T11:00';
const REPLY_AT = '2026-03-02T12:00';
const OFFERED = ['2026-03-03T09:00:00+01:00', '2026-03-04T12:00:00+01:00', '2026-03-05T09:00:00+01:00'];
const MISSED_UID = 'northwind-weekly@vogel-consulting.example';

interface ReplyOut {
  accepted: boolean;
  reason: string;
  proposed: string;
  offer: { start: string; end: string }[];
  draft: DraftJson | null;
}

function newDb(): string {
  return path.join(tempDir('etiq-reply-'), 'etiq.db');
}

const etiq = (db: string, ...args: string[]) => runEtiq([...args, '--config', config, '--db', db]);
/** The verdict as one line: etiq word-wraps it at 80 columns, continuation lines indented by 2. */
const unwrapped = (text: string) => text.replace(/\n {2}(?=\S)/g, ' ');

function json<T>(r: RunResult): T {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

/** A database where Tom missed Monday's call and was offered the three times above. */
async function tomOffered(tz?: string): Promise<string> {
  const db = newDb();
  if (tz) expect((await etiq(db, 'clients', 'set', TOM, '--tz', tz)).code).toBe(0);
  const r = json<{ draft: DraftJson }>(await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json'));
  // Chicago is 7 h behind until 8 March: the offer is each day's first time inside 08:00-18:00 Chicago.
  expect(r.draft.offer.map((s) => s.start)).toEqual(tz ? ['2026-03-03T15:00:00+01:00', '2026-03-04T15:00:00+01:00', '2026-03-05T15:00:00+01:00'] : OFFERED);
  return db;
}

const reply = (db: string, proposed: string, ...more: string[]) => etiq(db, 'reply', '--client', TOM, '--proposed', proposed, '--now', REPLY_AT, '--json', ...more);
const starts = (r: { offer: { start: string }[] }) => r.offer.map((s) => s.start);
const openOffers = async (db: string, now = REPLY_AT) =>
  json<{ offers: { id: number; situation: string; slots: { start: string }[]; expiresAt: string }[] }>(await etiq(db, 'offers', '--now', now, '--json')).offers;

describe('etiq reply: an offered time is accepted', () => {
  it('books the meeting linked to the missed one, keeps the no-show current, closes the offer and releases its slots', async () => {
    const db = await tomOffered();
    const r = json<ReplyOut>(await reply(db, 'Wed 12:00'));
    expect(r).toMatchObject({ accepted: true, reason: 'offered', proposed: '2026-03-04T12:00:00+01:00', offer: [] });
    expect(r.draft).toMatchObject({ situation: 'confirm', tone: 'warm', to: TOM, subject: 'Confirmed: Northwind weekly', offer: [], validUntil: null });
    expect(r.draft!.body).toContain('Thank you: Wednesday 4 March, 12:00–13:00 (Berlin) is confirmed');
    expect(r.draft!.body).toMatch(/^Hi Tom,\n/);

    // The offer is closed and nothing is held any more.
    expect(await openOffers(db)).toEqual([]);
    expect(json<{ held: unknown[] }>(await etiq(db, 'slots', '--now', REPLY_AT, '--json')).held).toEqual([]);

    // The no-show is still the current outcome of the missed meeting.
    const history = json<{ entries: OutcomeJson[] }>(await etiq(db, 'history', TOM, '--json')).entries;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ outcome: 'no-show', meeting: { uid: MISSED_UID, start: '2026-03-02T10:00:00+01:00' }, rescheduledTo: null });
    expect(history[0]!.supersededAt).toBeUndefined();

    // The new meeting: stored, Tom its attendee, linked to the missed one; the offer closed as accepted.
    const store = Store.open(db);
    try {
      const booked = store.meetingByKey(`${MISSED_UID}#rescheduled:2026-03-04T11:00:00.000Z`, null)!;
      expect(booked).toMatchObject({ source: 'manual', start: Date.parse('2026-03-04T11:00:00Z'), end: Date.parse('2026-03-04T12:00:00Z'), summary: 'Northwind weekly' });
      expect(store.meetingStartingAt(booked.start, TOM)?.id).toBe(booked.id);
      expect(store.rescheduledFrom(booked.id)).toMatchObject({ uid: MISSED_UID, start: Date.parse('2026-03-02T09:00:00Z') });
      const offer = store.latestOffer(store.clientByEmail(TOM)!.id)!;
      expect(offer).toMatchObject({ closedReason: 'accepted', acceptedStart: booked.start, closedAt: Date.parse('2026-03-02T11:00:00Z') });
    } finally {
      store.close();
    }

    // Once it has happened, its outcome names the missed meeting it replaced; the no-show stays.
    const attended = json<OutcomeJson>(await etiq(db, 'log', 'attended', '--client', TOM, '--at', '2026-03-04T12:00', '--now', '2026-03-04T13:00', '--json'));
    expect(attended).toMatchObject({ outcome: 'attended', meeting: { start: '2026-03-04T12:00:00+01:00' }, rescheduledFrom: { uid: MISSED_UID, start: '2026-03-02T10:00:00+01:00' } });
    const after = json<{ entries: OutcomeJson[] }>(await etiq(db, 'history', TOM, '--json')).entries;
    expect(after.map((e) => [e.outcome, e.meeting.start])).toEqual([
      ['attended', '2026-03-04T12:00:00+01:00'],
      ['no-show', '2026-03-02T10:00:00+01:00'],
    ]);

    // The offer is gone: a second reply has nothing to check against.
    const again = json<ReplyOut>(await reply(db, 'Thu 09:00'));
    expect(again).toMatchObject({ accepted: false, reason: 'no-offer', draft: null });
  });

  it('human output: the verdict in one sentence within 80 columns, then the confirm draft', async () => {
    const db = await tomOffered();
    const r = await etiq(db, 'reply', '--client', TOM, '--proposed', '2026-03-05T09:00', '--now', REPLY_AT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Accepted: Tom Berger <tom@northwind\.example> takes Thu 5 Mar 09:00–10:00,\n {2}offered and still free; booked as the reschedule of "Northwind weekly"\n {2}Mon 2 Mar 10:00; offer 1 is closed and its other times are free again\.\n/,
    );
    expect(r.stdout).toContain('Draft (confirm, warm tone), not sent:\nTo: Tom Berger <tom@northwind.example>\nSubject: Confirmed: Northwind weekly');
  });
});

describe('migration 3', () => {
  it('a version-2 database (an offer made by the previous etiq) is backed up, migrated, and the reply books', async () => {
    const db = await tomOffered();
    // Make it a version-2 file again: the same data, without the column migration 3 adds.
    const raw = new Database(db);
    raw.exec('ALTER TABLE meetings DROP COLUMN rescheduled_from');
    raw.pragma('user_version = 2');
    raw.close();
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    const r = json<ReplyOut>(await reply(db, 'Wed 12:00'));
    expect(r).toMatchObject({ accepted: true, reason: 'offered' });
    expect(fs.existsSync(`${db}.bak-2`)).toBe(true);
    const after = new Database(db, { readonly: true });
    try {
      expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(after.prepare('SELECT COUNT(*) FROM meetings WHERE rescheduled_from IS NOT NULL').pluck().get()).toBe(1);
    } finally {
      after.close();
    }
    expect(MIGRATIONS[2]).toContain('ALTER TABLE meetings ADD COLUMN rescheduled_from INTEGER REFERENCES meetings (id)');
  });
});

describe('etiq reply: a time that was not offered', () => {
  it('tomorrow 10:30 (Tue 3 Mar 10:30): not-offered; the three free slots offered again, held 48 h from the reply', async () => {
    const db = await tomOffered();
    const r = json<ReplyOut>(await reply(db, 'tomorrow 10:30'));
    expect(r).toMatchObject({ accepted: false, reason: 'not-offered', proposed: '2026-03-03T10:30:00+01:00' });
    expect(starts(r)).toEqual(OFFERED);
    expect(r.draft).toMatchObject({ situation: 'not-offered', tone: 'warm', validUntil: '2026-03-04T12:00:00+01:00' });
    expect(r.draft!.body).toContain('Thank you for suggesting Tuesday 3 March at 10:30 (Berlin). That time is not available');
    expect(r.draft!.body).toContain('Tue 3 Mar, 09:00–10:00 (Berlin)\nWed 4 Mar, 12:00–13:00 (Berlin)\nThu 5 Mar, 09:00–10:00 (Berlin)');
    expect(r.draft!.body).toContain('until Wednesday 4 March, 12:00 (Berlin)');
    // The repeated offer replaced the first one: still one open offer, the same slots.
    const open = await openOffers(db);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ situation: 'not-offered', expiresAt: '2026-03-04T12:00:00+01:00' });
    expect(open[0]!.slots.map((s) => s.start)).toEqual(OFFERED);
  });

  it('Tue 14:00 is not-offered although free; --accept-anyway books it (reason stays not-offered)', async () => {
    const db = await tomOffered();
    const no = json<ReplyOut>(await reply(db, 'Tue 14:00'));
    expect(no).toMatchObject({ accepted: false, reason: 'not-offered', proposed: '2026-03-03T14:00:00+01:00' });
    const yes = json<ReplyOut>(await reply(db, 'Tue 14:00', '--accept-anyway'));
    expect(yes).toMatchObject({ accepted: true, reason: 'not-offered', proposed: '2026-03-03T14:00:00+01:00', offer: [] });
    expect(yes.draft).toMatchObject({ situation: 'confirm' });
    expect(yes.draft!.body).toContain('Tuesday 3 March, 14:00–15:00 (Berlin) is confirmed');
    expect(await openOffers(db)).toEqual([]);
  });

  it('next Monday at 9 (Mon 9 Mar 09:00, the cancelled weekly: free): not-offered', async () => {
    const db = await tomOffered();
    const r = json<ReplyOut>(await reply(db, 'next Monday at 9'));
    expect(r).toMatchObject({ accepted: false, reason: 'not-offered', proposed: '2026-03-09T09:00:00+01:00' });
    expect(r.draft!.situation).toBe('not-offered');
    expect(starts(r)).toEqual(OFFERED);
  });
});

describe('etiq reply: today is already committed', () => {
  for (const [phrase, proposed] of [
    ['today 16:00', '2026-03-02T16:00:00+01:00'],
    ['later today', '2026-03-02T12:00:00+01:00'],
    ['now', '2026-03-02T12:00:00+01:00'],
  ] as const) {
    it(`${phrase}: too-soon, decline-now, the offer repeated`, async () => {
      const db = await tomOffered();
      const r = json<ReplyOut>(await reply(db, phrase));
      expect(r).toMatchObject({ accepted: false, reason: 'too-soon', proposed });
      expect(r.draft).toMatchObject({ situation: 'decline-now' });
      expect(r.draft!.body).toContain('Thank you for suggesting we meet today. My day is already committed');
      expect(starts(r)).toEqual(OFFERED);
    });
  }

  it('--accept-anyway does not book a time before the notice', async () => {
    const db = await tomOffered();
    const r = json<ReplyOut>(await reply(db, 'today 16:00', '--accept-anyway'));
    expect(r).toMatchObject({ accepted: false, reason: 'too-soon' });
    expect(await openOffers(db)).toHaveLength(1);
  });

  it('human output says why', async () => {
    const db = await tomOffered();
    const r = await etiq(db, 'reply', '--client', TOM, '--proposed', 'now', '--now', REPLY_AT);
    expect(r.code, r.stderr).toBe(0);
    expect(unwrapped(r.stdout)).toMatch(/^Not accepted: Tom Berger <tom@northwind\.example> proposed "now": it is too soon: the earliest start the follow-up notice allows is Tue 3 Mar 09:00; 3 times offered again, held until Wed 4 Mar 12:00\.\n/);
    expect(r.stdout).toContain('Draft (decline-now, warm tone), not sent:');
  });
});

describe('etiq reply: an offered time that is no longer free', () => {
  it('busy: Thu 09:00 now overlaps a new event; the other two are kept and Thu 10:00 tops the offer up', async () => {
    const db = await tomOffered();
    const dir = tempDir('etiq-reply-cal-');
    const extra = writeIcs(dir, 'extra.ics', calendar(vevent(['UID:dentist@example', 'DTSTAMP:20260302T110000Z', 'SUMMARY:Dentist', 'DTSTART;TZID=Europe/Berlin:20260305T090000', 'DTEND;TZID=Europe/Berlin:20260305T093000'])));
    const r = json<ReplyOut>(await reply(db, '2026-03-05T09:00', '--calendar', berlinIcs, '--calendar', extra));
    expect(r).toMatchObject({ accepted: false, reason: 'busy', proposed: '2026-03-05T09:00:00+01:00' });
    expect(r.draft!.situation).toBe('not-offered');
    // Kept: Tue 09:00, Wed 12:00. The planner's Thursday morning, with 09:00-10:00 declined: 10:00.
    expect(starts(r)).toEqual(['2026-03-03T09:00:00+01:00', '2026-03-04T12:00:00+01:00', '2026-03-05T10:00:00+01:00']);
    const human = await etiq(db, 'reply', '--client', TOM, '--proposed', '2026-03-05T09:00', '--now', REPLY_AT, '--calendar', berlinIcs, '--calendar', extra);
    expect(unwrapped(human.stdout)).toContain('proposed Thu 5 Mar 09:00–10:00: it is not free: it overlaps "Dentist"');
  });

  it('a slot held for another client is busy too', async () => {
    const db = await tomOffered();
    // Jo's review (Thu 16:00) is cancelled by the user at 11:30: Tom holds Tue 09:00, Wed
    // 12:00, Thu 09:00, so Jo is offered Tue 10:00, Wed 13:00 and Fri 09:00 (followup.test.ts).
    const jo = json<{ draft: DraftJson }>(await etiq(db, 'log', 'host-cancelled', '--at', '2026-03-05T16:00', '--now', '2026-03-02T11:30', '--json'));
    expect(jo.draft.offer.map((s) => s.start)).toEqual(['2026-03-03T10:00:00+01:00', '2026-03-04T13:00:00+01:00', '2026-03-06T09:00:00+01:00']);
    const r = json<ReplyOut>(await reply(db, 'Wed 13:00', '--accept-anyway'));
    expect(r).toMatchObject({ accepted: false, reason: 'busy', proposed: '2026-03-04T13:00:00+01:00' });
    expect(starts(r)).toEqual(OFFERED);
  });
});

describe("etiq reply in the client's zone", () => {
  it("outside-hours: Wed 7:00 in Chicago (14:00 Berlin) is before the client's day; --in reads Berlin time", async () => {
    const db = await tomOffered('America/Chicago');
    const r = json<ReplyOut>(await reply(db, 'Wed 7:00'));
    expect(r).toMatchObject({ accepted: false, reason: 'outside-hours', proposed: '2026-03-04T14:00:00+01:00' });
    expect(r.draft!.situation).toBe('not-offered');
    expect(r.draft!.body).toContain('Thank you for suggesting Wednesday 4 March at 07:00 (Chicago).');
    expect(starts(r)).toEqual(['2026-03-03T15:00:00+01:00', '2026-03-04T15:00:00+01:00', '2026-03-05T15:00:00+01:00']);
    const human = await etiq(db, 'reply', '--client', TOM, '--proposed', 'Wed 7:00', '--now', REPLY_AT);
    expect(unwrapped(human.stdout)).toContain(
      "proposed Wed 4 Mar 14:00–15:00 (Wed 07:00–08:00 Chicago): it is outside the client's working day (Mon–Fri 08:00–18:00 America/Chicago; followup.client_hours); 3 times offered again",
    );
    // --accept-anyway does not book it either.
    expect(json<ReplyOut>(await reply(db, 'Wed 7:00', '--accept-anyway'))).toMatchObject({ accepted: false, reason: 'outside-hours' });
    // Wed 15:00 Berlin is the offered Wed 08:00 Chicago.
    const yes = json<ReplyOut>(await reply(db, 'Wed 15:00', '--in', 'Europe/Berlin'));
    expect(yes).toMatchObject({ accepted: true, reason: 'offered', proposed: '2026-03-04T15:00:00+01:00' });
    expect(yes.draft!.body).toContain('Wednesday 4 March, 08:00–09:00 (Chicago) / 15:00–16:00 (Berlin) is confirmed');
  });

  it('--in takes a Windows zone name and refuses what is not a zone', async () => {
    const db = await tomOffered('America/Chicago');
    const r = json<ReplyOut>(await reply(db, 'Wed 15:00', '--in', 'W. Europe Standard Time'));
    expect(r).toMatchObject({ accepted: true, proposed: '2026-03-04T15:00:00+01:00' });
    const bad = await reply(newDb(), 'Wed 15:00', '--in', 'Mars/Olympus');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--in "Mars/Olympus" is not a time zone');
  });

  it('on the day Chicago moves to summer time: tomorrow 10:30 from Sat 7 Mar is Sun 8 Mar 10:30 CDT; Mon 8:00 is the offered 14:00 Berlin', async () => {
    // Jo (Chicago) missed Thu 5 Mar 16:00. From Mon 9 Mar Chicago is 6 h behind Berlin: the
    // two days meet 14:00-17:00 Berlin (08:00-11:00 Chicago); Friday (09:00-13:00 Berlin)
    // does not meet Jo's day at all. Each day's first is 14:00: Mon 9, Tue 10, Wed 11.
    const db = newDb();
    expect((await etiq(db, 'clients', 'set', JO, '--tz', 'America/Chicago')).code).toBe(0);
    const missed = json<{ draft: DraftJson }>(await etiq(db, 'noshow', '--at', '2026-03-05T16:00', '--now', '2026-03-05T17:00', '--json'));
    const joOffer = ['2026-03-09T14:00:00+01:00', '2026-03-10T14:00:00+01:00', '2026-03-11T14:00:00+01:00'];
    expect(missed.draft.offer.map((s) => s.start)).toEqual(joOffer);
    const joReply = (proposed: string) => etiq(db, 'reply', '--client', JO, '--proposed', proposed, '--now', '2026-03-07T10:00', '--json');
    // Sat 7 Mar 10:00 Berlin is 03:00 in Chicago: tomorrow 10:30 there is 10:30 CDT (-05:00),
    // 15:30 UTC, 16:30 Berlin. A Sunday, before the next working day: too-soon.
    const sunday = json<ReplyOut>(await joReply('tomorrow 10:30'));
    expect(sunday).toMatchObject({ accepted: false, reason: 'too-soon', proposed: '2026-03-08T16:30:00+01:00' });
    expect(sunday.draft!.situation).toBe('not-offered');
    expect(sunday.draft!.body).toContain('Thank you for suggesting Sunday 8 March at 10:30 (Chicago).');
    expect(starts(sunday)).toEqual(joOffer);
    // Mon 8:00 Chicago (CDT) = 13:00 UTC = 14:00 Berlin: offered. At Saturday's offset (-06:00) it would be 15:00.
    const monday = json<ReplyOut>(await joReply('Mon 8:00'));
    expect(monday).toMatchObject({ accepted: true, reason: 'offered', proposed: '2026-03-09T14:00:00+01:00' });
    expect(monday.draft!.body).toContain('Monday 9 March, 08:00–09:00 (Chicago) / 14:00–15:00 (Berlin) is confirmed');
  });
});

describe('etiq reply: an expired offer', () => {
  it('expired: the offered Thu 09:00 after the 48 h; offered again from Thursday, without it', async () => {
    const db = await tomOffered();
    const at = '2026-03-04T11:00';
    const r = json<ReplyOut>(await etiq(db, 'reply', '--client', TOM, '--proposed', '2026-03-05T09:00', '--now', at, '--json'));
    expect(r).toMatchObject({ accepted: false, reason: 'expired', proposed: '2026-03-05T09:00:00+01:00' });
    // Tue 09:00 has passed, Wed 12:00 is today; Thu 09:00 was declined. From Thu 09:00 (next
    // working day), with 09:00-10:00 declined: Thu 10:00 (morning), Fri 12:00 (afternoon:
    // Friday's last start), Mon 9 09:00 (morning; the weekly is EXDATE'd that day).
    expect(starts(r)).toEqual(['2026-03-05T10:00:00+01:00', '2026-03-06T12:00:00+01:00', '2026-03-09T09:00:00+01:00']);
    expect(r.draft).toMatchObject({ situation: 'not-offered', validUntil: '2026-03-06T11:00:00+01:00' });
    expect((await openOffers(db, at)).map((o) => o.slots.map((s) => s.start))).toEqual([starts(r)]);
  });

  it('--accept-anyway books a free time from the expired offer (reason stays expired)', async () => {
    const db = await tomOffered();
    const r = json<ReplyOut>(await etiq(db, 'reply', '--client', TOM, '--proposed', '2026-03-05T09:00', '--now', '2026-03-04T11:00', '--json', '--accept-anyway'));
    expect(r).toMatchObject({ accepted: true, reason: 'expired', offer: [] });
    expect(r.draft!.situation).toBe('confirm');
  });
});

describe('etiq reply: no offer', () => {
  it('no-offer: exit 0, no draft, nothing created', async () => {
    const dir = tempDir('etiq-reply-none-');
    const db = path.join(dir, 'etiq.db');
    const r = json<ReplyOut>(await etiq(db, 'reply', '--client', JO, '--proposed', 'tomorrow 10:30', '--now', REPLY_AT, '--json'));
    expect(r).toEqual({ accepted: false, reason: 'no-offer', proposed: '2026-03-03T10:30:00+01:00', offer: [], draft: null });
    expect(fs.existsSync(db)).toBe(false);
    const human = await etiq(db, 'reply', '--client', JO, '--proposed', 'tomorrow 10:30', '--now', REPLY_AT);
    expect(human.code).toBe(0);
    expect(human.stdout).toBe('');
    expect(unwrapped(human.stderr)).toMatch(/^No offer to check Tue 3 Mar 10:30 against: jo@fabrikam\.example has no open or expired offer; `etiq noshow` or `etiq log` makes one\.\n$/);
  });

  it('another client with an offer is no offer for this one', async () => {
    const db = await tomOffered();
    const r = json<ReplyOut>(await etiq(db, 'reply', '--client', JO, '--proposed', '2026-03-03T09:00', '--now', REPLY_AT, '--json'));
    expect(r).toMatchObject({ reason: 'no-offer', draft: null });
    expect(await openOffers(db)).toHaveLength(1);
  });
});

describe('etiq reply: usage errors', () => {
  it('a phrase that cannot be read exits 2, quoting it; nothing is written', async () => {
    const db = await tomOffered();
    const before = await openOffers(db);
    const r = await etiq(db, 'reply', '--client', TOM, '--proposed', 'whenever suits you', '--now', REPLY_AT, '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^etiq: --proposed "whenever suits you" cannot be read as a time/);
    const evil = await etiq(db, 'reply', '--client', TOM, '--proposed', 'soon\u001b]0;pwned\u0007', '--now', REPLY_AT);
    expect(evil.code).toBe(2);
    expect(evil.stderr).toContain('"soon\\x1B]0;pwned\\x07"');
    expect(evil.stderr).not.toContain('\u001b');
    expect(await openOffers(db)).toEqual(before);
  });

  it('--client and --proposed are required; --client must be an address', async () => {
    expect((await etiq(newDb(), 'reply', '--proposed', 'now')).code).toBe(2);
    expect((await etiq(newDb(), 'reply', '--client', TOM)).code).toBe(2);
    const bad = await etiq(newDb(), 'reply', '--client', 'tom', '--proposed', 'now');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--client "tom" is not an email address');
  });

  it('a calendar that cannot be read: exit 1, nothing written', async () => {
    const db = await tomOffered();
    const missing = path.join(tempDir(), 'gone.ics');
    const r = await reply(db, 'Wed 12:00', '--calendar', berlinIcs, '--calendar', missing);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(missing);
    expect((await openOffers(db))[0]!.slots.map((s) => s.start)).toEqual(OFFERED);
  });
});

describe('reply --eml, --holds', () => {
  it("a confirm's .eml carries the invitation for exactly the booked meeting (METHOD:REQUEST)", async () => {
    const db = await tomOffered();
    const eml = path.join(path.dirname(db), 'confirm.eml');
    const r = await etiq(db, 'reply', '--client', TOM, '--proposed', '2026-03-04T12:00', '--now', REPLY_AT, '--eml', eml, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { accepted: boolean; draft: { eml: string; situation: string } };
    expect(out).toMatchObject({ accepted: true, draft: { situation: 'confirm', eml } });
    const { simpleParser } = await import('mailparser');
    const mail = await simpleParser(fs.readFileSync(eml));
    expect(mail.subject).toBe('Confirmed: Northwind weekly');
    const invite = mail.attachments.find((a) => a.contentType === 'text/calendar' && a.content.toString('utf8').includes('METHOD:REQUEST'));
    expect(invite, 'no REQUEST part').toBeDefined();
    const ics = invite!.content.toString('utf8');
    expect(ics).toContain('METHOD:REQUEST');
    // Wed 4 Mar 12:00 Berlin = 11:00 UTC, one hour.
    expect(ics).toMatch(/DTSTART:20260304T110000Z/);
    expect(ics).toMatch(/DTEND:20260304T120000Z/);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics).toMatch(/ATTENDEE[^:]*:mailto:tom@northwind\.example/i);
  });

  it('after a no, --holds writes the slots offered again', async () => {
    const db = await tomOffered();
    const holds = path.join(path.dirname(db), 'holds.ics');
    const r = await etiq(db, 'reply', '--client', TOM, '--proposed', '2026-03-03T14:00', '--now', REPLY_AT, '--holds', holds);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Wrote 3 held slots to .*holds\.ics/);
    const text = fs.readFileSync(holds, 'utf8');
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect(text).toContain('STATUS:TENTATIVE');
  });
});
