/**
 * `etiq report` end to end (issue 11), on a history seeded through the real commands
 * (`noshow`, `log`, `reply`, `clients set`) with fixtures/records/berlin.toml: Europe/Berlin
 * (+01:00 all through), you are Lena Vogel, late cancels under 24 h. Meetings entered by hand
 * (`--client EMAIL --at ISO --duration 60m`) last an hour. Every expected figure below is
 * counted by hand from this history.
 *
 * The report runs at NOW, Fri 27 Feb 2026 12:00; the default window is 90 calendar days back:
 * Sat 29 Nov 2025 12:00 to NOW. policy.window is 90 days too, so the next step reads the
 * same misses.
 *
 * Tom Berger (Northwind):
 *   T0 Mon 15 Dec 10:00  late, 15 min
 *   T1 Mon  5 Jan 10:00  no-show (waited 10, the grace)
 *   T2 Mon 12 Jan 10:00  no-show, then undone: no current outcome, so not counted at all
 *   T3 Mon 19 Jan 10:00  rescheduled to T4 (Mon 26 Jan 10:00), itself rescheduled to T5:
 *   T5 Mon  2 Feb 10:00  a chain of two moves. T5 first recorded a no-show, corrected to attended
 *   T6 Mon  9 Feb 10:00  cancelled with exactly 24 h notice: at the boundary, not late
 *   T7 Mon 16 Feb 10:00  cancelled with 23 h 59 min notice: a late cancel
 *   T8 Mon 23 Feb 10:00  no-show; the follow-up's offer accepted by `reply` for Tue 3 Mar 14:00
 *                        (--accept-anyway): a booked meeting, in no calendar, no outcome yet
 *   -> meetings 8 (T0, T1, T3, T4, T5, T6, T7, T8); attended 2 (T0, T5), late 1 (15 min);
 *      no-shows 2; late cancels 1; cancels 1; reschedules 2, chain 2; show rate 2 / 5 = 0.4;
 *      minutes lost 15 + 60 (T1) + 60 (T7) + 60 (T8) = 195; 3 misses: repeat-offender;
 *      a fourth miss would be drafted firm: "confirm day before"; last incident T8;
 *      follow-ups: 1 offer (T8's), accepted.
 *      Score, weights 0.5^(age / 45) with ages from NOW in days: T0 74.083 -> 0.3195,
 *      T5 25.083 -> 0.6795 (shown, S = 0.9990); T1 53.083 -> 0.4415, T7 11.083 -> 0.8431,
 *      T8 4.083 -> 0.9390 (missed, M = 2.2236): 100 * 4.9990 / 8.2226 = 60.80 -> 61.
 * Sam Ode (Northwind): S1 Thu 5 Feb 11:00, S2 Thu 12 Feb 11:00, attended: 2 meetings, `new`.
 * Jo Miller (Fabrikam):
 *   J1 Tue 3 Feb 14:00 attended; J2 Tue 10 Feb 14:00 you were 5 min late (Jo came);
 *   J3 Tue 17 Feb 14:00 no-show (waited 5); J4 Thu 26 Feb 16:00 you cancelled, recorded
 *   Wed 25 Feb 17:00 (23 h before: late by the rule clients are held to), with a draft.
 *   -> meetings 4; attended 2; no-shows 1; show rate 2 / 3 = 0.67; minutes lost 60;
 *      flag null (1 miss); next: a second miss would be neutral, "remind policy".
 *      Score: J1 0.6918 + J2 0.7706 = 1.4625 shown, J3 0.8583 missed:
 *      100 * 5.4625 / 7.3208 = 74.62 -> 75.
 * Anna Kowalski (Contoso), renamed `Kowalski, Anna "AK"` + newline + `Contoso`:
 *   A1 Wed 4 Feb 09:00, A2 Wed 11 Feb 09:00, no-shows: 2 meetings, so `new` and not judged
 *   although 2 misses; next "confirm day before" (a third miss would be firm).
 *
 * Your own record: 16 meetings (8 + 2 + 4 + 2). You were there at T0, T1, T5, T8, S1, S2,
 * J1, J2 (5 min late), J3, A1, A2: attended 11, late 1; T3, T4, T6, T7 the client moved or
 * called off (not judged); J4 a late cancel. Show rate 11 / 12 = 0.92; minutes lost 5 + 60
 * = 65; 1 miss: no flag; follow-ups drafted after your own outcomes: 1 (J4's), not accepted.
 * Score: shown T0 0.3195, T1 0.4415, T5 0.6795, T8 0.9390, J1 0.6918, J2 0.7706,
 * J3 0.8583, A1 0.7003, A2 0.7801, S1 0.7121, S2 0.7932 = 7.6860; missed J4 (0.833 d)
 * 0.9872: 100 * 11.6860 / 13.6732 = 85.47 -> 85.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures, runEtiq, tempDir, type RunResult } from './helpers.js';

const config = path.join(fixtures, 'records', 'berlin.toml');
const berlinIcs = path.join(fixtures, 'records', 'berlin.ics');
const NOW = '2026-02-27T12:00';
const TOM = 'tom@northwind.example';
const SAM = 'sam@northwind.example';
const JO = 'jo@fabrikam.example';
const ANNA = 'anna@contoso.example';
const ANNA_NAME = 'Kowalski, Anna "AK"\nContoso';

const etiq = (db: string, ...args: string[]) => runEtiq([...args, '--config', config, '--db', db]);

function ok(r: RunResult): RunResult {
  expect(r.code, r.stderr).toBe(0);
  return r;
}

function json<T>(r: RunResult): T {
  return JSON.parse(ok(r).stdout) as T;
}

/** A meeting in no calendar, by hand: `--client EMAIL --at ISO --duration 60m`. */
const byHand = (email: string, at: string) => ['--client', email, '--at', at, '--duration', '60m'];

interface Row {
  email: string | null;
  name: string | null;
  org: string | null;
  meetings: number;
  attended: number;
  late: number;
  noShows: number;
  lateCancels: number;
  cancels: number;
  reschedules: number | null;
  showRate: number | null;
  minutesLost: number;
  score: number | null;
  flag: string | null;
  next: string | null;
  lastIncident: string | null;
}

let db = '';

async function seed(file: string): Promise<void> {
  const run = async (...args: string[]) => ok(await etiq(file, ...args));
  // Tom
  await run('log', 'late', '--minutes', '15', ...byHand(TOM, '2025-12-15T10:00'), '--now', '2025-12-15T11:00');
  await run('noshow', ...byHand(TOM, '2026-01-05T10:00'), '--now', '2026-01-05T11:00', '--no-draft');
  await run('noshow', ...byHand(TOM, '2026-01-12T10:00'), '--now', '2026-01-12T11:00', '--no-draft');
  await run('noshow', ...byHand(TOM, '2026-01-12T10:00'), '--now', '2026-01-12T12:00', '--undo');
  await run('log', 'rescheduled', ...byHand(TOM, '2026-01-19T10:00'), '--to', '2026-01-26T10:00', '--now', '2026-01-18T09:00');
  await run('log', 'rescheduled', ...byHand(TOM, '2026-01-26T10:00'), '--to', '2026-02-02T10:00', '--now', '2026-01-25T09:00');
  await run('noshow', ...byHand(TOM, '2026-02-02T10:00'), '--now', '2026-02-02T11:00', '--no-draft');
  await run('log', 'attended', ...byHand(TOM, '2026-02-02T10:00'), '--now', '2026-02-02T12:00');
  const boundary = json<{ outcome: string }>(await etiq(file, 'log', 'cancelled', '--notice', '24h', ...byHand(TOM, '2026-02-09T10:00'), '--now', '2026-02-08T12:00', '--no-draft', '--json'));
  expect(boundary.outcome).toBe('cancelled');
  const late = json<{ outcome: string }>(await etiq(file, 'log', 'cancelled', '--notice', '23h59m', ...byHand(TOM, '2026-02-16T10:00'), '--now', '2026-02-15T12:00', '--no-draft', '--json'));
  expect(late.outcome).toBe('late-cancel');
  const t8 = json<{ draft: { offer: unknown[] } | null }>(await etiq(file, 'noshow', ...byHand(TOM, '2026-02-23T10:00'), '--now', '2026-02-23T11:00', '--json'));
  expect(t8.draft?.offer.length).toBeGreaterThan(0);
  const reply = json<{ accepted: boolean }>(
    await etiq(file, 'reply', '--client', TOM, '--proposed', '2026-03-03T14:00', '--accept-anyway', '--now', '2026-02-23T12:00', '--json'),
  );
  expect(reply.accepted).toBe(true);
  // Sam
  await run('log', 'attended', ...byHand(SAM, '2026-02-05T11:00'), '--now', '2026-02-05T12:00');
  await run('log', 'attended', ...byHand(SAM, '2026-02-12T11:00'), '--now', '2026-02-12T12:00');
  // Jo
  await run('log', 'attended', ...byHand(JO, '2026-02-03T14:00'), '--now', '2026-02-03T15:00');
  await run('log', 'host-late', '--minutes', '5', ...byHand(JO, '2026-02-10T14:00'), '--now', '2026-02-10T15:00', '--no-draft');
  await run('noshow', '--waited', '5', ...byHand(JO, '2026-02-17T14:00'), '--now', '2026-02-17T15:00', '--no-draft');
  const j4 = json<{ draft: { offer: unknown[] } | null }>(
    await etiq(file, 'log', 'host-cancelled', ...byHand(JO, '2026-02-26T16:00'), '--now', '2026-02-25T17:00', '--reason', 'I am needed in court', '--json'),
  );
  expect(j4.draft?.offer.length).toBeGreaterThan(0);
  // Anna
  await run('noshow', ...byHand(ANNA, '2026-02-04T09:00'), '--now', '2026-02-04T10:00', '--no-draft');
  await run('noshow', ...byHand(ANNA, '2026-02-11T09:00'), '--now', '2026-02-11T10:00', '--no-draft');
  // Names and organisations
  await run('clients', 'set', TOM, '--name', 'Tom Berger', '--org', 'Northwind');
  await run('clients', 'set', SAM, '--name', 'Sam Ode', '--org', 'Northwind');
  await run('clients', 'set', JO, '--name', 'Jo Miller', '--org', 'Fabrikam');
  await run('clients', 'set', ANNA, '--name', ANNA_NAME, '--org', 'Contoso');
}

beforeAll(async () => {
  db = path.join(tempDir('etiq-report-'), 'etiq.db');
  await seed(db);
}, 120_000);

const report = (...args: string[]) => etiq(db, 'report', '--now', NOW, ...args);

const TOM_ROW: Row = {
  email: TOM,
  name: 'Tom Berger',
  org: 'Northwind',
  meetings: 8,
  attended: 2,
  late: 1,
  noShows: 2,
  lateCancels: 1,
  cancels: 1,
  reschedules: 2,
  showRate: 0.4,
  minutesLost: 195,
  score: 61,
  flag: 'repeat-offender',
  next: 'confirm day before',
  lastIncident: '2026-02-23T10:00:00+01:00',
};

describe('etiq report --json', () => {
  it('the window, and a row per client, worst first, with the figures counted by hand', async () => {
    const doc = json<{ since: string; until: string; clients: Row[] }>(await report('--json'));
    expect(doc.since).toBe('2025-11-29T12:00:00+01:00');
    expect(doc.until).toBe('2026-02-27T12:00:00+01:00');
    expect(doc.clients.map((c) => c.email)).toEqual([TOM, ANNA, JO, SAM]);
    expect(doc.clients[0]).toEqual(TOM_ROW);
    expect(doc.clients[1]).toEqual({
      email: ANNA,
      name: ANNA_NAME,
      org: 'Contoso',
      meetings: 2,
      attended: 0,
      late: 0,
      noShows: 2,
      lateCancels: 0,
      cancels: 0,
      reschedules: 0,
      showRate: 0,
      minutesLost: 120,
      score: null,
      flag: 'new',
      next: 'confirm day before',
      lastIncident: '2026-02-11T09:00:00+01:00',
    });
    expect(doc.clients[2]).toEqual({
      email: JO,
      name: 'Jo Miller',
      org: 'Fabrikam',
      meetings: 4,
      attended: 2,
      late: 0,
      noShows: 1,
      lateCancels: 0,
      cancels: 0,
      reschedules: 0,
      showRate: 0.67,
      minutesLost: 60,
      score: 75,
      flag: null,
      next: 'remind policy',
      lastIncident: '2026-02-17T14:00:00+01:00',
    });
    expect(doc.clients[3]).toMatchObject({ email: SAM, meetings: 2, attended: 2, showRate: 1, minutesLost: 0, score: null, flag: 'new', next: 'warm', lastIncident: null });
  });

  it('--by org: Northwind is Tom and Sam; Fabrikam and Contoso one each', async () => {
    const doc = json<{ clients: Row[] }>(await report('--json', '--by', 'org'));
    expect(doc.clients.map((c) => c.org)).toEqual(['Northwind', 'Contoso', 'Fabrikam']);
    // 8 + 2 meetings; attended 2 + 2; show rate 4 / 7 = 0.57. Score: Tom's shown 0.9990 plus
    // S1 0.7121 and S2 0.7932 = 2.5043, missed 2.2236: 100 * 6.5043 / 9.7279 = 66.86 -> 67.
    expect(doc.clients[0]).toEqual({
      email: null,
      name: null,
      org: 'Northwind',
      meetings: 10,
      attended: 4,
      late: 1,
      noShows: 2,
      lateCancels: 1,
      cancels: 1,
      reschedules: 2,
      showRate: 0.57,
      minutesLost: 195,
      score: 67,
      flag: 'repeat-offender',
      next: 'confirm day before',
      lastIncident: '2026-02-23T10:00:00+01:00',
    });
    expect(doc.clients[1]).toMatchObject({ org: 'Contoso', meetings: 2, flag: 'new' });
    expect(doc.clients[2]).toMatchObject({ org: 'Fabrikam', meetings: 4, score: 75 });
  });

  it('--client: the one row, the same figures', async () => {
    expect(json<{ clients: Row[] }>(await report('--json', '--client', TOM)).clients).toEqual([TOM_ROW]);
  });

  it('--min-incidents: Tom has 7 (T0, T1, T3, T4, T6, T7, T8), Anna 2, Jo 1, Sam 0', async () => {
    expect(json<{ clients: Row[] }>(await report('--json', '--min-incidents', '2')).clients.map((c) => c.email)).toEqual([TOM, ANNA]);
    expect(json<{ clients: Row[] }>(await report('--json', '--min-incidents', '7')).clients.map((c) => c.email)).toEqual([TOM]);
  });

  it('the threshold comes from [policy] repeat_offender', async () => {
    const dir = tempDir('etiq-report-policy-');
    const strict = path.join(dir, 'config.toml');
    fs.writeFileSync(strict, `${fs.readFileSync(config, 'utf8').replace('calendars = ["berlin.ics"]', `calendars = [${JSON.stringify(berlinIcs)}]`)}repeat_offender = 4\n`);
    const r = await runEtiq(['report', '--now', NOW, '--json', '--config', strict, '--db', db]);
    expect(json<{ clients: Row[] }>(r).clients[0]).toMatchObject({ email: TOM, flag: null });
  });

  it('--since and --until: January alone holds T1, T3 and T4 of Tom (T2 was undone)', async () => {
    const doc = json<{ since: string; until: string; clients: Row[] }>(await report('--json', '--since', '2026-01-01', '--until', '2026-01-31'));
    expect([doc.since, doc.until]).toEqual(['2026-01-01T00:00:00+01:00', '2026-02-01T00:00:00+01:00']);
    expect(doc.clients).toHaveLength(1);
    // Three meetings: judged, one miss, no flag. The next step still reads policy.window back
    // from now: three misses.
    expect(doc.clients[0]).toMatchObject({ email: TOM, meetings: 3, noShows: 1, reschedules: 2, attended: 0, showRate: 0, flag: null, next: 'confirm day before' });
  });
});

describe('etiq report --self', () => {
  it('your own record, held to the same standard', async () => {
    const doc = json<{ since: string; until: string; self: Row }>(await report('--self', '--json'));
    expect(Object.keys(doc)).toEqual(['since', 'until', 'self']);
    expect(doc.self).toEqual({
      email: 'lena@vogel-consulting.example',
      name: 'Lena Vogel',
      org: null,
      meetings: 16,
      attended: 11,
      late: 1,
      noShows: 0,
      lateCancels: 1,
      cancels: 0,
      reschedules: null,
      showRate: 0.92,
      minutesLost: 65,
      score: 85,
      flag: null,
      next: null,
      lastIncident: '2026-02-26T16:00:00+01:00',
    });
  });

  it('in words, with the follow-ups you drafted', async () => {
    const r = ok(await report('--self'));
    expect(r.stdout).toMatch(/^Your own record Sat 29 Nov 2025 12:00 – Fri 27 Feb 2026 12:00 \(Europe\/Berlin\)$/m);
    expect(r.stdout).toMatch(/^ {2}Late cancels +1 +less than 24 hours' notice, as recorded$/m);
    expect(r.stdout).toMatch(/^ {2}Follow-ups +1 drafted +0 accepted/m);
    expect(r.stdout).toMatch(/^ {2}Reschedules +— +etiq does not record who asked to move a meeting$/m);
  });
});

describe('etiq report (human)', () => {
  it('the table: worst first, 80 columns, a strip per client, and your own record last', async () => {
    const r = ok(await report());
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(lines.slice(0, 2)).toEqual([
      'Report Sat 29 Nov 2025 12:00 – Fri 27 Feb 2026 12:00 (Europe/Berlin)',
      '4 clients · 1 repeat offender (2+ no-shows and late cancels) · worst first',
    ]);
    const rows = lines.filter((l) => /^ {2}\S/.test(l)).slice(1);
    expect(rows.map((l) => l.trim().split(/\s{2,}/)[0])).toEqual(['Tom Berger', 'Kowalski, Anna "AK"…', 'Jo Miller', 'Sam Ode']);
    // Tom: Nov none, Dec 1 (T0), Jan 3 (T1, T3, T4; T2 undone), Feb 3 (T6, T7, T8).
    const tom = lines.findIndex((l) => l.startsWith('  Tom Berger'));
    expect(lines.slice(tom + 1, tom + 3)).toEqual([
      '    ·▂▆▆  repeat-offender · next: confirm day before · last 23 Feb',
      '          late avg 15m · chain of 2 · follow-ups 1, 1 accepted',
    ]);
    expect(lines.at(-1)).toBe('Your record: score 85 · 16 meetings · 92% shown · 1 late cancel · 1 late start');
  });

  it('--client: the evidence, each meeting and its outcome, corrections and undos included', async () => {
    const r = ok(await report('--client', TOM));
    const out = r.stdout;
    expect(out).toMatch(/^Tom Berger <tom@northwind\.example>, Northwind$/m);
    expect(out).toMatch(/^ {2}Reschedules +2 +longest chain 2 moves$/m);
    expect(out).toMatch(/^ {2}Follow-ups +1 sent +1 accepted$/m);
    const evidence = out.slice(out.indexOf('\nEvidence\n'));
    const lines = evidence.split('\n').filter((l) => l.startsWith('  '));
    expect(lines.map((l) => l.replace(/ {2}Meeting with tom@nort…(?= )/, ''))).toEqual([
      '  Mon 2025-12-15 10:00  late (15 min)',
      '  Mon 2026-01-05 10:00  no-show (waited 10 min)',
      '  Mon 2026-01-12 10:00  nothing current',
      '      ↳ undone 2026-01-12 12:00: no-show (waited 10 min)',
      '  Mon 2026-01-19 10:00  rescheduled to 2026-01-26 10:00',
      '  Mon 2026-01-26 10:00  rescheduled to 2026-02-02 10:00',
      '  Mon 2026-02-02 10:00  attended',
      '      ↳ corrected 2026-02-02 12:00: no-show (waited 10 min)',
      '  Mon 2026-02-09 10:00  cancelled (1d notice)',
      '  Mon 2026-02-16 10:00  late cancel (23h59m notice)',
      '  Mon 2026-02-23 10:00  no-show (waited 10 min)',
    ]);
    // Your side of Tom's 8 meetings: there at T0, T1, T5 and T8 (0.3195 + 0.4415 + 0.6795 +
    // 0.9390 = 2.3795), nothing missed: 100 * 6.3795 / 7.3795 = 86.45 -> 86.
    expect(out.trimEnd().split('\n').at(-1)).toBe('Your record with them: score 86 · 8 meetings · 100% shown · no incidents');
  });

  it('--by org: a row per organisation, fitted to 80 columns', async () => {
    const lines = ok(await report('--by', 'org')).stdout.trimEnd().split('\n');
    // " · worst first" would make it 87 cells: a part is shown whole or not at all.
    expect(lines[1]).toBe('3 rows by organisation · 1 repeat offender (2+ no-shows and late cancels)');
    expect(lines.filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s{2,}/)[0])).toEqual(['Org / client', 'Northwind', 'Contoso', 'Fabrikam']);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
  });

  it('an unknown client is a usage error (exit 2)', async () => {
    const r = await report('--client', 'nobody@example.com');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no client "nobody@example.com" is recorded');
  });
});

describe('etiq report --csv', () => {
  it('the JSON columns in order, RFC 4180: read back with csv-parse, the name with a comma, a quote and a newline intact', async () => {
    const r = ok(await report('--csv'));
    expect(r.stdout).toContain('\r\n');
    const records = parse(r.stdout) as string[][];
    expect(records[0]).toEqual(['email', 'name', 'org', 'meetings', 'attended', 'late', 'noShows', 'lateCancels', 'cancels', 'reschedules', 'showRate', 'minutesLost', 'score', 'flag', 'next', 'lastIncident']);
    expect(records.slice(1).map((rec) => rec[0])).toEqual([TOM, ANNA, JO, SAM]);
    expect(records[1]).toEqual([TOM, 'Tom Berger', 'Northwind', '8', '2', '1', '2', '1', '1', '2', '0.4', '195', '61', 'repeat-offender', 'confirm day before', '2026-02-23T10:00:00+01:00']);
    expect(records[2]).toEqual([ANNA, ANNA_NAME, 'Contoso', '2', '0', '0', '2', '0', '0', '0', '0', '120', '', 'new', 'confirm day before', '2026-02-11T09:00:00+01:00']);
  });
});

describe('etiq report --upcoming', () => {
  it("the next 7 days: Tom's Monday call from the calendar and the meeting booked by reply; Jo's review is not flagged", async () => {
    // berlin.ics from NOW to Fri 6 Mar 12:00: Northwind weekly Mon 2 Mar 10:00 (Tom), Contoso
    // pitch Wed 4 Mar (declined: not a meeting), Fabrikam review Thu 5 Mar 16:00 (Jo: no flag).
    // The reply booked Tue 3 Mar 14:00-15:00 for Tom, in no calendar.
    const doc = json<{ from: string; to: string; upcoming: Record<string, unknown>[] }>(await report('--upcoming', '--json'));
    expect([doc.from, doc.to]).toEqual(['2026-02-27T12:00:00+01:00', '2026-03-06T12:00:00+01:00']);
    expect(doc.upcoming).toEqual([
      {
        start: '2026-03-02T10:00:00+01:00',
        end: '2026-03-02T11:00:00+01:00',
        summary: 'Northwind weekly',
        calendar: berlinIcs,
        client: { email: TOM, name: 'Tom Berger' },
        flag: 'repeat-offender',
        next: 'confirm day before',
        misses: 3,
        confirmOn: '2026-03-01',
      },
      {
        start: '2026-03-03T14:00:00+01:00',
        end: '2026-03-03T15:00:00+01:00',
        summary: 'Meeting with tom@northwind.example',
        calendar: null,
        client: { email: TOM, name: 'Tom Berger' },
        flag: 'repeat-offender',
        next: 'confirm day before',
        misses: 3,
        confirmOn: '2026-03-02',
      },
    ]);
  });

  it('in words, with the day to confirm; over 30 days the cancelled and removed Mondays stay out', async () => {
    const r = ok(await report('--upcoming'));
    expect(r.stdout).toBe(
      [
        'Meetings with repeat offenders: confirm each the day before (Europe/Berlin)',
        'Fri 27 Feb 2026 12:00 – Fri 6 Mar 2026 12:00',
        '  Mon 2 Mar 10:00–11:00  Northwind weekly',
        '      confirm on Sun 1 Mar: Tom Berger <tom@northwind.example>, 3 misses',
        '  Tue 3 Mar 14:00–15:00  Meeting with tom@… (booked by etiq, in no calendar yet)',
        '      confirm on Mon 2 Mar: Tom Berger <tom@northwind.example>, 3 misses',
        '',
      ].join('\n'),
    );
    // 9 Mar is EXDATE'd, 16 Mar cancelled; 23 Mar moved to Tue 24 Mar 14:00.
    const month = json<{ upcoming: { start: string }[] }>(await report('--upcoming', '30d', '--json'));
    expect(month.upcoming.map((m) => m.start)).toEqual(['2026-03-02T10:00:00+01:00', '2026-03-03T14:00:00+01:00', '2026-03-24T14:00:00+01:00']);
  });

  it('a calendar that cannot be read: what could be read is listed, stderr says what could not (exit 2)', async () => {
    const r = await report('--upcoming', '--calendar', berlinIcs, '--calendar', '/nonexistent/etiq.ics');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('  Mon 2 Mar 10:00–11:00  Northwind weekly');
    expect(r.stderr).toMatch(/^etiq: .*\/nonexistent\/etiq\.ics/m);
  });

  it('goes with neither --csv nor --client (exit 2)', async () => {
    expect((await report('--upcoming', '--csv')).code).toBe(2);
    expect((await report('--upcoming', '--client', TOM)).code).toBe(2);
  });
});

describe('nothing to report', () => {
  it('an empty database: one sentence, exit 0, nothing created; JSON and CSV stay well-formed', async () => {
    const file = path.join(tempDir('etiq-report-empty-'), 'etiq.db');
    const r = ok(await etiq(file, 'report', '--now', NOW));
    expect(r.stdout).toBe('Nothing recorded yet: the report reads the outcomes that `etiq noshow` and `etiq log` record.\n');
    expect(fs.existsSync(file)).toBe(false);
    expect(json<{ clients: unknown[] }>(await etiq(file, 'report', '--now', NOW, '--json')).clients).toEqual([]);
    expect(ok(await etiq(file, 'report', '--now', NOW, '--csv')).stdout.split('\r\n')).toHaveLength(2);
  });

  it('an empty window: one sentence, exit 0', async () => {
    const r = ok(await report('--since', '2025-01-01', '--until', '2025-06-30'));
    expect(r.stdout).toBe('No meetings are recorded between Wed 1 Jan 2025 – Mon 30 Jun 2025 (Europe/Berlin).\n');
    expect(ok(await report('--self', '--since', '2025-01-01', '--until', '2025-06-30')).stdout).toBe(r.stdout);
    // Sam's meetings are in February.
    expect(ok(await report('--client', SAM, '--since', '2026-01-01', '--until', '2026-01-31')).stdout).toBe(
      'No meetings with Sam Ode <sam@northwind.example>, Northwind are recorded between Thu 1 Jan 2026 – Sat 31 Jan 2026 (Europe/Berlin).\n',
    );
    expect(json<{ clients: unknown[] }>(await report('--client', SAM, '--since', '2026-01-01', '--until', '2026-01-31', '--json')).clients).toEqual([]);
  });
});

describe('bad flag values exit 2', () => {
  it.each([
    [['--since', 'soon'], '--since "soon" is neither a duration (90d, 12w) nor a date (YYYY-MM-DD)'],
    [['--since', '400d'], '--since "400d" is longer than 366d'],
    [['--since', '2026-03-01'], 'must be before --until'],
    [['--by', 'team'], '--by "team" must be client or org'],
    [['--min-incidents', '0x3'], '--min-incidents "0x3" must be a whole number'],
    [['--json', '--csv'], 'use --json or --csv, not both'],
    [['--client', 'not an email'], 'is not an email address'],
    [['--self', '--by', 'org'], '--self is your own record'],
    [['--upcoming', 'soon'], '--upcoming "soon" is not a duration'],
  ])('%j', async (args, message) => {
    const r = await report(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });
});

describe('tables with wide names (string-width loaded only when a cell needs it)', () => {
  it('lines up the report and the clients list around a CJK name and an emoji, as around Latin ones', async () => {
    const file = path.join(tempDir(), 'wide.db');
    const run = async (...args: string[]) => ok(await etiq(file, ...args));
    await run('noshow', ...byHand('wang@example.com', '2026-02-10T10:00'), '--now', '2026-02-10T11:00', '--no-draft');
    await run('noshow', ...byHand('zoe@example.com', '2026-02-11T10:00'), '--now', '2026-02-11T11:00', '--no-draft');
    await run('clients', 'set', 'wang@example.com', '--name', '王小明 🌟');
    await run('clients', 'set', 'zoe@example.com', '--name', 'Zoë Kowalski');
    for (const args of [['report', '--now', NOW], ['clients', '--now', NOW]]) {
      const out = (await run(...args)).stdout.split('\n');
      const wang = out.find((l) => l.includes('王小明'))!;
      const zoe = out.find((l) => l.includes('Zoë'))!;
      // The terminal cell where the column after the name starts: the same on both lines
      // (CJK characters and the emoji take two cells each).
      const cells = (s: string) => [...s].reduce((n, ch) => n + (/[\u4e00-\u9fff]|\p{Extended_Pictographic}/u.test(ch) ? 2 : 1), 0);
      const after = (line: string, name: string) => {
        const end = line.indexOf(name) + name.length;
        return cells(line.slice(0, end + (line.slice(end).length - line.slice(end).trimStart().length)));
      };
      expect(after(wang, '王小明 🌟'), `${args[0]}:\n${wang}\n${zoe}`).toBe(after(zoe, 'Zoë Kowalski'));
    }
  });
});
