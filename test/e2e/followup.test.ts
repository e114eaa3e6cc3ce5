/**
 * Follow-ups end to end (issue 10): `noshow` and `log` draft after they record, the offer
 * is stored and its slots held, `slots` and a second client's offer skip them, `offers`
 * lists and cancels. Offered times are worked out by hand from the Berlin fixture:
 *
 * fixtures/records/berlin.toml: Europe/Berlin, Mon-Thu 09:00-17:00, Fri 09:00-13:00,
 * 60-minute slots on a 30-minute grid, no buffer. fixtures/records/berlin.ics, early March
 * 2026: Northwind weekly Mon 2 Mar 10:00-11:00 (Tom Berger); Contoso pitch Wed 4 Mar 15:00
 * (declined: free); Fabrikam review Thu 5 Mar 16:00-17:00 (Jo Miller). Client hours are the
 * default, Monday to Friday 08:00-18:00 in the client's zone (Berlin when none is set).
 *
 * Tom missed Mon 2 Mar 10:00; now is Mon 2 Mar 11:00. The follow-up starts on the next
 * working day, Tue 3 Mar 09:00, and spreads over days and the client's mornings and
 * afternoons: Tue 3 09:00 (morning), Wed 4 12:00 (afternoon: the first slot from 12:00),
 * Thu 5 09:00 (morning). The offer is held 48 h: until Wed 4 Mar 11:00.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DraftJson } from '../../src/render/draft.js';
import { fixtures, isolatedEnv, runEtiq, tempDir, type RunResult } from './helpers.js';

const config = path.join(fixtures, 'records', 'berlin.toml');
const AFTER_MISS = '2026-03-02T11:00';


interface Recorded {
  outcome: string;
  reason: string | null;
  status: string;
  draft: DraftJson | null;
}

function newDb(): string {
  return path.join(tempDir('etiq-followup-'), 'etiq.db');
}

const etiq = (db: string, ...args: string[]) => runEtiq([...args, '--config', config, '--db', db]);

function json<T>(r: RunResult): T {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

const starts = (d: DraftJson | null) => d!.offer.map((s) => s.start);

describe('etiq noshow drafts the follow-up', () => {
  it('offers three free times from the next working day, spread, held for 48 h', async () => {
    const db = newDb();
    const r = json<Recorded>(await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json'));
    expect(r.outcome).toBe('no-show');
    expect(r.draft).toMatchObject({ situation: 'noshow', tone: 'warm', to: 'tom@northwind.example', subject: 'Rescheduling Northwind weekly', validUntil: '2026-03-04T11:00:00+01:00' });
    expect(starts(r.draft)).toEqual(['2026-03-03T09:00:00+01:00', '2026-03-04T12:00:00+01:00', '2026-03-05T09:00:00+01:00']);
    expect(r.draft!.offer.map((s) => s.end)).toEqual(['2026-03-03T10:00:00+01:00', '2026-03-04T13:00:00+01:00', '2026-03-05T10:00:00+01:00']);
    const body = r.draft!.body;
    expect(body).toMatch(/^Hi Tom,\n/);
    expect(body).toContain('Tue 3 Mar, 09:00–10:00 (Berlin)\nWed 4 Mar, 12:00–13:00 (Berlin)\nThu 5 Mar, 09:00–10:00 (Berlin)');
    expect(body).toContain('until Wednesday 4 March, 11:00 (Berlin)');
    expect(body).toMatch(/\nLena Vogel\n?$/);
    for (const word of ['no-show', 'no show', 'failed', 'waited', 'unfortunately']) expect(body.toLowerCase()).not.toContain(word);
  });

  it('human output: the record, then the draft with To and Subject', async () => {
    const r = await etiq(newDb(), 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Recorded: Tom Berger <tom@northwind.example> did not show');
    expect(r.stdout).toContain('Draft (noshow, warm tone), not sent:\nTo: Tom Berger <tom@northwind.example>\nSubject: Rescheduling Northwind weekly\n\nHi Tom,');
  });

  it('--no-draft records only: "draft": null, and nothing is held', async () => {
    const db = newDb();
    const r = json<Recorded>(await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json', '--no-draft'));
    expect(r.draft).toBeNull();
    expect(json<{ offers: unknown[] }>(await etiq(db, 'offers', '--now', AFTER_MISS, '--json')).offers).toEqual([]);
  });

  it('a client six hours or more away is offered only times inside their working day, shown in their zone first', async () => {
    const db = newDb();
    expect((await etiq(db, 'clients', 'set', 'tom@northwind.example', '--tz', 'America/Chicago')).code).toBe(0);
    // Chicago is 7 h behind Berlin until 8 March: 08:00-18:00 Chicago is 15:00-01:00 Berlin,
    // so only 15:00 and 15:30 and 16:00 starts fit Mon-Thu (hours end 17:00), none on Friday.
    // Each day's first is 15:00 (08:00 Chicago, the client's morning): Tue, Wed, Thu.
    const r = json<Recorded>(await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json'));
    expect(starts(r.draft)).toEqual(['2026-03-03T15:00:00+01:00', '2026-03-04T15:00:00+01:00', '2026-03-05T15:00:00+01:00']);
    expect(r.draft!.body).toContain('Tue 3 Mar, 08:00–09:00 (Chicago) / 15:00–16:00 (Berlin)');
    expect(r.draft!.body).toContain('We did not manage to connect on Monday 2 March at 03:00 (Chicago)');
  });
});

describe('the busy view from the expansion cache (times, occurrences decoded on demand)', () => {
  it('noshow and reply say the same with --no-cache, on a first run and on a warm one, a busy event named in full', async () => {
    // One cache for the cold and the warm run; each mode records into a database of its own.
    const env = isolatedEnv(tempDir('etiq-followup-cache-'));
    const outputs = async (...extra: string[]) => {
      const db = newDb();
      const run = (...args: string[]) => runEtiq([...args, '--config', config, '--db', db, ...extra], { env });
      const noshow = await run('noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json');
      // Thu 5 Mar 16:00 is the Fabrikam review: not free, and the reason names it.
      const busy = await run('reply', '--client', 'tom@northwind.example', '--proposed', '2026-03-05T16:00', '--now', '2026-03-02T12:00');
      const taken = await run('reply', '--client', 'tom@northwind.example', '--proposed', '2026-03-03T09:00', '--now', '2026-03-02T12:05', '--json');
      for (const r of [noshow, busy, taken]) expect(r.code, r.stderr).toBe(0);
      return [noshow.stdout, busy.stdout, taken.stdout];
    };
    const plain = await outputs('--no-cache');
    expect(plain[1]).toContain('it overlaps "Fabrikam review" (Thu 5 Mar 16:00–Thu 5 Mar\n  17:00; uid fabrikam-review@vogel-consulting.example;');
    expect(JSON.parse(plain[2]!)).toMatchObject({ accepted: true });
    expect(await outputs()).toEqual(plain); // cold: read, the busy entry written
    expect(await outputs()).toEqual(plain); // warm: the entry's times, Fabrikam decoded to be named
  });
});

describe('two zones across a clock change', () => {
  it('the US changes on 8 March, Europe on 29 March: times in both zones, and a note', async () => {
    const db = newDb();
    expect((await etiq(db, 'clients', 'set', 'tom@northwind.example', '--tz', 'America/Chicago')).code).toBe(0);
    // Recorded on Fri 6 Mar 11:00: the next working day is Mon 9 Mar, after Chicago moved to
    // summer time (UTC-5) and before Berlin does (UTC+1): six hours apart, so 08:00-18:00
    // Chicago is 14:00-24:00 Berlin, and 14:00-17:00 fits Mon-Thu. Mon 9 14:00 (08:00
    // Chicago, morning); Tue 10 has no Chicago afternoon inside Berlin's hours, so 14:00
    // again; Wed 11 the same.
    const r = json<Recorded>(await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', '2026-03-06T11:00', '--json'));
    expect(starts(r.draft)).toEqual(['2026-03-09T14:00:00+01:00', '2026-03-10T14:00:00+01:00', '2026-03-11T14:00:00+01:00']);
    expect(r.draft!.body).toContain('Mon 9 Mar, 08:00–09:00 (Chicago) / 14:00–15:00 (Berlin)');
    expect(r.draft!.body).toContain('Wed 11 Mar, 08:00–09:00 (Chicago) / 14:00–15:00 (Berlin)');
    expect(r.draft!.body).toMatch(/\(the clocks change in Chicago on 8 March\)/);
    expect(r.draft!.body).not.toMatch(/clocks change in Berlin/);
  });
});

describe('held slots', () => {
  it('are listed by offers and slots, skipped for a second client, and released on cancel', async () => {
    const db = newDb();
    const tom = json<Recorded>(await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json'));
    const offers = json<{ offers: { id: number; client: { email: string }; slots: { start: string }[]; minutesLeft: number; status: string }[] }>(
      await etiq(db, 'offers', '--now', '2026-03-02T12:00', '--json'),
    ).offers;
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ client: { email: 'tom@northwind.example' }, minutesLeft: 47 * 60, status: 'open' });
    expect(offers[0]!.slots.map((s) => s.start)).toEqual(starts(tom.draft));

    const slots = json<{ slots: { start: string }[]; held: { start: string; offer: number; client: string }[] }>(
      await etiq(db, 'slots', '--now', '2026-03-02T12:00', '--json'),
    );
    expect(slots.held.map((h) => h.start)).toEqual(starts(tom.draft));
    expect(slots.held.every((h) => h.offer === offers[0]!.id && h.client === 'tom@northwind.example')).toBe(true);
    for (const s of slots.slots) expect(starts(tom.draft)).not.toContain(s.start);
    const why = await etiq(db, 'slots', '--now', '2026-03-02T12:00', '--explain', '2026-03-03T09:00');
    expect(why.stdout).toContain(`held for tom@northwind.example by offer ${offers[0]!.id}`);

    // Jo's review (Thu 5 Mar 16:00) is cancelled by the user on Monday at noon. The next
    // working day is Tue 3; Tom holds Tue 09:00-10:00 (so 09:00 and 09:30 are taken: 10:00),
    // Wed 12:00-13:00 (12:00 and 12:30 taken: 13:00), and Thursday is the day of the call:
    // Friday 09:00 (the morning of the third day offered).
    const jo = json<Recorded>(
      await etiq(db, 'log', 'host-cancelled', '--at', '2026-03-05T16:00', '--now', '2026-03-02T12:00', '--reason', 'I have to be in court that afternoon', '--json'),
    );
    expect(jo.draft).toMatchObject({ situation: 'host-cancelled', to: 'jo@fabrikam.example' });
    expect(starts(jo.draft)).toEqual(['2026-03-03T10:00:00+01:00', '2026-03-04T13:00:00+01:00', '2026-03-06T09:00:00+01:00']);

    const cancel = await etiq(db, 'offers', 'cancel', String(offers[0]!.id), '--now', '2026-03-02T13:00');
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain(`Cancelled: offer ${offers[0]!.id} to tom@northwind.example; its 3 slots are free again.`);
    const after = json<{ held: { client: string }[] }>(await etiq(db, 'slots', '--now', '2026-03-02T13:00', '--json'));
    expect(after.held.map((h) => h.client)).toEqual(['jo@fabrikam.example', 'jo@fabrikam.example', 'jo@fabrikam.example']);
    const again = await etiq(db, 'offers', 'cancel', String(offers[0]!.id), '--now', '2026-03-02T13:00');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`offer ${offers[0]!.id} is already closed (cancelled)`);
  });

  it('expire on their own: after 48 h nothing is held', async () => {
    const db = newDb();
    await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json');
    expect(json<{ held: unknown[] }>(await etiq(db, 'slots', '--now', '2026-03-04T10:59', '--json')).held).toHaveLength(3);
    expect(json<{ held: unknown[] }>(await etiq(db, 'slots', '--now', '2026-03-04T11:00', '--json')).held).toEqual([]);
  });

  it('a second follow-up for the same meeting replaces the open offer', async () => {
    const db = newDb();
    await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json');
    await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', '2026-03-02T11:30', '--json');
    const open = json<{ offers: { slots: unknown[] }[] }>(await etiq(db, 'offers', '--now', '2026-03-02T12:00', '--json')).offers;
    expect(open).toHaveLength(1);
    expect(open[0]!.slots).toHaveLength(3);
  });
});

describe('one account of what happened', () => {
  it('the recorded reason, word for word; a different one is a correction kept in history --all', async () => {
    const db = newDb();
    const first = json<Recorded>(await etiq(db, 'log', 'host-no-show', '--at', '2026-03-05T16:00', '--now', '2026-03-05T17:00', '--reason', 'my train was stopped for an hour', '--json'));
    expect(first.reason).toBe('my train was stopped for an hour');
    expect(first.draft!.body).toContain('I am sorry that I missed our meeting on Thursday 5 March at 16:00 (Berlin). My train was stopped for an hour.');
    // Recorded again without --reason: the same account.
    const again = json<Recorded>(await etiq(db, 'log', 'host-no-show', '--at', '2026-03-05T16:00', '--now', '2026-03-05T17:05', '--json'));
    expect(again.status).toBe('unchanged');
    expect(again.draft!.body).toContain('My train was stopped for an hour.');
    const corrected = json<Recorded>(await etiq(db, 'log', 'host-no-show', '--at', '2026-03-05T16:00', '--now', '2026-03-05T17:10', '--reason', 'I was taken ill', '--json'));
    expect(corrected.status).toBe('corrected');
    expect(corrected.draft!.body).toContain('I was taken ill.');
    expect(corrected.draft!.body).not.toContain('train');
    // The entries as sentences (history word-wraps them at 80 columns).
    const all = (await etiq(db, 'history', '--all')).stdout.replace(/\n +/g, ' ');
    expect(all).toContain('(reason: "I was taken ill")');
    expect(all).toContain('(reason: "my train was stopped for an hour")');
  });

  it('no reason recorded: the apology states none', async () => {
    const r = json<Recorded>(await etiq(newDb(), 'log', 'host-late', '--minutes', '5', '--at', '2026-03-02T10:00', '--now', '2026-03-02T10:30', '--json'));
    expect(r.draft!.body).toContain('I am sorry that I was late for our meeting on Monday 2 March at 10:00 (Berlin). Thank you for your patience.');
    expect(r.draft!.offer).toEqual([]);
  });

  it('--reason is only for your own outcomes', async () => {
    expect((await etiq(newDb(), 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--reason', 'x')).code).toBe(2);
    const r = await etiq(newDb(), 'log', 'no-show', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--reason', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--reason goes with host-cancelled, host-late and host-no-show (your own reason), not no-show');
  });
});

describe('the tone follows the history', () => {
  it('second miss in 90 days: the policy sentence; third: confirm the day before, and slots 3 days out; an undone miss does not count', async () => {
    const db = newDb();
    // Two earlier misses by hand (meetings not in the calendar).
    for (const at of ['2026-02-02T10:00', '2026-02-09T10:00']) {
      const r = await etiq(db, 'noshow', '--client', 'tom@northwind.example', '--at', at, '--duration', '60m', '--now', `${at.slice(0, 10)}T11:00`, '--no-draft');
      expect(r.code, r.stderr).toBe(0);
    }
    // Undo the second: one miss before this one.
    expect((await etiq(db, 'noshow', '--client', 'tom@northwind.example', '--at', '2026-02-09T10:00', '--duration', '60m', '--now', '2026-02-09T12:00', '--undo')).code).toBe(0);
    const second = json<Recorded>(await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json'));
    expect(second.draft).toMatchObject({ situation: 'noshow-repeat', tone: 'neutral' });
    expect(second.draft!.body).toContain("I keep these times for you, so I ask for 24 hours' notice if plans change.");
    // Record the 9th again: now two misses before, so 2 Mar is the third.
    await etiq(db, 'noshow', '--client', 'tom@northwind.example', '--at', '2026-02-09T10:00', '--duration', '60m', '--now', '2026-02-09T12:00', '--no-draft');
    const third = json<Recorded>(await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json'));
    expect(third.draft).toMatchObject({ situation: 'noshow-firm', tone: 'firm' });
    expect(third.draft!.body).toContain('Please confirm each booking the day before.');
    // firm_notice 3d: from Thu 5 Mar 11:00. Thu: 11:00 (morning); Fri 6 (09:00-13:00): the
    // afternoon's one start, 12:00-13:00; Mon 9: morning, 09:00 (the 10:00 call is EXDATE'd).
    expect(starts(third.draft)).toEqual(['2026-03-05T11:00:00+01:00', '2026-03-06T12:00:00+01:00', '2026-03-09T09:00:00+01:00']);
    // --tone overrides.
    const warm = json<Recorded>(await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json', '--tone', 'warm'));
    expect(warm.draft).toMatchObject({ situation: 'noshow', tone: 'warm' });
  });
});

describe('fail closed', () => {
  it('a calendar that cannot be read: nothing recorded, nothing offered; --no-draft records', async () => {
    const db = newDb();
    const missing = path.join(tempDir(), 'gone.ics');
    const cal = path.join(fixtures, 'records', 'berlin.ics');
    const args = ['noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--calendar', cal, '--calendar', missing];
    const r = await etiq(db, ...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(missing);
    expect(r.stdout).toBe('');
    const h = await etiq(db, 'history', '--json');
    expect(h.code === 0 ? (JSON.parse(h.stdout) as { entries: unknown[] }).entries : []).toEqual([]);
    const ok = json<Recorded>(await etiq(db, ...args, '--no-draft', '--json'));
    expect(ok).toMatchObject({ outcome: 'no-show', draft: null });
  });
});


describe('meetings etiq booked are busy', () => {
  it('a time accepted by reply is not free, though no calendar lists it; a cancelled booking is free again', async () => {
    const db = newDb();
    await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json');
    const reply = json<{ accepted: boolean }>(await etiq(db, 'reply', '--client', 'tom@northwind.example', '--proposed', '2026-03-04T12:00', '--now', '2026-03-02T12:00', '--json'));
    expect(reply.accepted).toBe(true);
    // The offer closed, so nothing is held; Wed 4 12:00-13:00 is booked: 11:30, 12:00 and 12:30 starts overlap it.
    const slots = json<{ slots: { start: string }[]; held: unknown[] }>(await etiq(db, 'slots', '--now', '2026-03-02T13:00', '--json'));
    expect(slots.held).toEqual([]);
    const wed = slots.slots.map((s) => s.start).filter((s) => s.startsWith('2026-03-04'));
    for (const taken of ['2026-03-04T11:30:00+01:00', '2026-03-04T12:00:00+01:00', '2026-03-04T12:30:00+01:00']) expect(wed).not.toContain(taken);
    expect(wed).toContain('2026-03-04T13:00:00+01:00');
    const why = await etiq(db, 'slots', '--now', '2026-03-02T13:00', '--explain', '2026-03-04T12:00');
    expect(why.stdout).toContain('"Northwind weekly" with tom@northwind.example, a meeting etiq booked that is in none of your calendars yet');
    // Jo's follow-up (host-cancelled Thu 5) would take Wed 12:00 as its afternoon slot; it is booked: 13:00.
    const jo = json<Recorded>(await etiq(db, 'log', 'host-cancelled', '--at', '2026-03-05T16:00', '--now', '2026-03-02T13:00', '--json'));
    expect(starts(jo.draft)).toContain('2026-03-04T13:00:00+01:00');
    expect(starts(jo.draft)).not.toContain('2026-03-04T12:00:00+01:00');
    // Tom cancels the booked meeting: its time is free again.
    expect((await etiq(db, 'log', 'cancelled', '--client', 'tom@northwind.example', '--at', '2026-03-04T12:00', '--now', '2026-03-02T14:00', '--no-draft')).code).toBe(0);
    const after = json<{ slots: { start: string }[] }>(await etiq(db, 'slots', '--now', '2026-03-02T14:00', '--json'));
    expect(after.slots.map((s) => s.start)).toContain('2026-03-04T12:00:00+01:00');
  });
});
