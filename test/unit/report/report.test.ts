/**
 * The report's core (issue 11) on rows written here by hand; every expected figure is
 * worked out in the comments, never read from buildReport's output.
 *
 * Window: 1 Dec 2025 00:00 to 1 Mar 2026 00:00 UTC (90 days); now is its end. Policy:
 * late cancel under 24 h, window 90 d, repeat offender from 2 misses.
 *
 * Ann (Acme):
 *   m1 Mon 2 Feb 10:00-11:00 no-show (waited 10)      m5 Mon 5 Jan rescheduled -> m6
 *   m2 Mon 9 Feb 10:00-11:00 late-cancel              m6 Mon 12 Jan rescheduled -> m7
 *   m3 Mon 16 Feb 10:00-10:30 late 12                 m7 Mon 19 Jan 10:00 attended
 *   m4 Mon 23 Feb 10:00-11:00 attended                m8 Thu 20 Nov 2025: no-show, before the window
 * Bob (Acme): m4 no-show (waited 5); m9 Wed 25 Feb 10:00-11:00 cancelled with 48 h notice.
 * Cy (no organisation): m10 Tue 3 Feb attended; m11 Tue 10 Feb you were 5 min late;
 *   m12 Tue 17 Feb 10:00-11:00 you cancelled, recorded 2 h before.
 */
import { describe, expect, it } from 'vitest';
import { buildReport, bySeverity, flagFor, selfOf, type ReportInput } from '../../../src/core/report/report.js';
import type { OfferRow, OutcomeRow, ReportClient } from '../../../src/core/report/types.js';

const H = 3_600_000;
const DAY = 24 * H;
const at = (iso: string) => Date.parse(`${iso}Z`);
const UNTIL = at('2026-03-01T00:00');
const SINCE = UNTIL - 90 * DAY;

const ANN: ReportClient = { id: 1, email: 'ann@acme.example', name: 'Ann Lee', organisation: 'Acme' };
const BOB: ReportClient = { id: 2, email: 'bob@acme.example', name: null, organisation: 'Acme' };
const CY: ReportClient = { id: 3, email: 'cy@initech.example', name: 'Cy', organisation: null };

let meetingId = 0;
const ids = new Map<string, number>();
function row(client: ReportClient, meeting: string, start: string, minutesLong: number, kind: OutcomeRow['kind'], extra: Partial<OutcomeRow> = {}): OutcomeRow {
  if (!ids.has(meeting)) ids.set(meeting, ++meetingId);
  const s = at(start);
  return { clientId: client.id, meetingId: ids.get(meeting)!, start: s, end: s + minutesLong * 60_000, kind, minutes: null, rescheduledTo: null, recordedAt: s + H, ...extra };
}
const id = (m: string) => {
  if (!ids.has(m)) ids.set(m, ++meetingId);
  return ids.get(m)!;
};

const ROWS: OutcomeRow[] = [
  row(ANN, 'm1', '2026-02-02T10:00', 60, 'no-show', { minutes: 10 }),
  row(ANN, 'm2', '2026-02-09T10:00', 60, 'late-cancel'),
  row(ANN, 'm3', '2026-02-16T10:00', 30, 'late', { minutes: 12 }),
  row(ANN, 'm4', '2026-02-23T10:00', 60, 'attended'),
  row(ANN, 'm5', '2026-01-05T10:00', 60, 'rescheduled', { rescheduledTo: id('m6') }),
  row(ANN, 'm6', '2026-01-12T10:00', 60, 'rescheduled', { rescheduledTo: id('m7') }),
  row(ANN, 'm7', '2026-01-19T10:00', 60, 'attended'),
  row(ANN, 'm8', '2025-11-20T10:00', 60, 'no-show', { minutes: 10 }),
  row(BOB, 'm4', '2026-02-23T10:00', 60, 'no-show', { minutes: 5 }),
  row(BOB, 'm9', '2026-02-25T10:00', 60, 'cancelled'),
  row(CY, 'm10', '2026-02-03T10:00', 60, 'attended'),
  row(CY, 'm11', '2026-02-10T10:00', 60, 'host-late', { minutes: 5 }),
  row(CY, 'm12', '2026-02-17T10:00', 60, 'host-cancelled', { recordedAt: at('2026-02-17T08:00') }),
];

const OFFERS: OfferRow[] = [
  { clientId: 1, situation: 'noshow', createdAt: at('2026-02-02T12:00'), closedReason: 'accepted' },
  { clientId: 1, situation: 'late-cancel', createdAt: at('2026-02-09T12:00'), closedReason: null },
  { clientId: 3, situation: 'host-cancelled', createdAt: at('2026-02-17T08:00'), closedReason: null },
];

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    since: SINCE,
    until: UNTIL,
    now: UNTIL,
    zone: 'UTC',
    policy: { lateCancelMs: 24 * H, windowMs: 90 * DAY, repeatOffender: 2 },
    by: 'client',
    view: 'clients',
    minIncidents: 0,
    clients: [ANN, BOB, CY],
    rows: ROWS,
    offers: OFFERS,
    me: { email: 'dana@example.com', name: 'Dana' },
    anythingRecorded: true,
    ...over,
  };
}

const entry = (r: ReturnType<typeof buildReport>, key: string) => r.entries.find((e) => e.key === key)!;

describe('buildReport by client', () => {
  const r = buildReport(input());

  it("Ann: seven meetings in the window (m8 is before it), counted by hand", () => {
    expect(entry(r, ANN.email)).toMatchObject({
      email: 'ann@acme.example',
      name: 'Ann Lee',
      org: 'Acme',
      meetings: 7,
      // came: m3 (late), m4, m7
      attended: 3,
      late: 1,
      lateAverage: 12,
      noShows: 1,
      lateCancels: 1,
      cancels: 0,
      reschedules: 2,
      // m5 -> m6 -> m7: two moves
      longestChain: 2,
      // 3 / (3 + 1 + 1)
      showRate: 0.6,
      // 12 late minutes + the whole 60 of m1 (no-show) + 60 of m2 (late cancel)
      minutesLost: 132,
      // m1, m2, m3, m5, m6
      incidents: 5,
      misses: 2,
      lastIncident: at('2026-02-16T10:00'),
      // Dec 0; Jan m5, m6; Feb m1, m2, m3
      months: [0, 2, 3],
      followUps: { sent: 2, accepted: 1 },
      flag: 'repeat-offender',
      // two misses in the 90 days before now; a third would be drafted firm
      next: 'confirm day before',
    });
  });

  it("Ann's score: weights 0.5^(age/45) from 1 Mar 00:00, prior Beta(4, 1)", () => {
    // Ages in days: m1 26.583, m2 19.583, m3 12.583, m4 5.583, m7 40.583.
    // Weights: m1 0.66402, m2 0.73960, m3 0.82380, m4 0.91759, m7 0.53520.
    // S = 0.82380 + 0.91759 + 0.53520 = 2.27659; M = 0.66402 + 0.73960 = 1.40362.
    // 100 * (2.27659 + 4) / (2.27659 + 1.40362 + 5) = 72.31 -> 72.
    expect(entry(r, ANN.email).score).toBe(72);
  });

  it('Bob: two meetings, so new and not judged; his no-show at m4 is his, not Acme-wide', () => {
    expect(entry(r, BOB.email)).toMatchObject({
      meetings: 2,
      attended: 0,
      noShows: 1,
      cancels: 1,
      showRate: 0,
      minutesLost: 60,
      incidents: 2,
      flag: 'new',
      score: null,
      // one miss in the window, the next would be the second: neutral
      next: 'remind policy',
      followUps: { sent: 0, accepted: 0 },
    });
  });

  it("Cy: your late start means Cy came; your cancellation is counted, not held against Cy", () => {
    expect(entry(r, CY.email)).toMatchObject({
      meetings: 3,
      attended: 2,
      late: 0,
      noShows: 0,
      lateCancels: 0,
      incidents: 0,
      showRate: 1,
      minutesLost: 0,
      flag: null,
      next: 'warm',
      lastIncident: null,
      // m10 (age 25.583 d, weight 0.67431) and m11 (18.583 d, 0.75108): S = 1.42539, M = 0;
      // 100 * 5.42539 / 6.42539 = 84.44 -> 84
      score: 84,
      // the offer after your own cancellation was made to Cy
      followUps: { sent: 1, accepted: 0 },
    });
  });

  it('sorted worst first: the repeat offender, then more misses', () => {
    expect(r.entries.map((e) => e.key)).toEqual([ANN.email, BOB.email, CY.email]);
    expect(r.empty).toBeNull();
    expect(r.months.map((m) => m.key)).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it('--min-incidents drops the rows with fewer', () => {
    expect(buildReport(input({ minIncidents: 1 })).entries.map((e) => e.key)).toEqual([ANN.email, BOB.email]);
    expect(buildReport(input({ minIncidents: 6 }))).toMatchObject({ entries: [], empty: 'filtered' });
  });
});

describe('your own record', () => {
  it('one row per meeting (m4 had two clients); your no-shows, late cancels and late starts', () => {
    const { self } = buildReport(input());
    // Meetings m1-m7, m9, m10, m11, m12: 11. You were there at m1, m3, m4, m7, m10 and m11
    // (late, 5 min); m2, m5, m6 and m9 the client called off or moved (not judged); m12 you
    // cancelled 2 h before: a late cancel under the 24 h policy.
    expect(self).toMatchObject({
      key: 'self',
      email: 'dana@example.com',
      meetings: 11,
      attended: 6,
      late: 1,
      lateAverage: 5,
      noShows: 0,
      lateCancels: 1,
      cancels: 0,
      reschedules: null,
      showRate: 0.86,
      // 5 late minutes + the whole 60 of m12
      minutesLost: 65,
      incidents: 2,
      lastIncident: at('2026-02-17T10:00'),
      flag: null,
      next: null,
      followUps: { sent: 1, accepted: 0 },
      months: [0, 0, 2],
    });
    // Shown: m1 0.66402, m3 0.82380, m4 0.91759, m7 0.53520, m10 0.67431, m11 0.75108 = 4.36600;
    // missed: m12 (age 11.583 d) 0.83659. 100 * 8.36600 / 10.20259 = 82.00 -> 82.
    expect(self.score).toBe(82);
  });

  it('a cancellation recorded exactly policy.late_cancel before the start is not late', () => {
    const rows = [row(CY, 'b1', '2026-02-17T10:00', 60, 'host-cancelled', { recordedAt: at('2026-02-16T10:00') })];
    expect(buildReport(input({ rows })).self).toMatchObject({ cancels: 1, lateCancels: 0, minutesLost: 0 });
    const late = [row(CY, 'b2', '2026-02-17T10:00', 60, 'host-cancelled', { recordedAt: at('2026-02-16T10:00') + 1 })];
    expect(buildReport(input({ rows: late })).self).toMatchObject({ cancels: 0, lateCancels: 1, minutesLost: 60 });
  });

  it('your no-show', () => {
    const rows = [row(CY, 'c1', '2026-02-17T10:00', 45, 'host-no-show')];
    expect(buildReport(input({ rows })).self).toMatchObject({ meetings: 1, noShows: 1, attended: 0, showRate: 0, minutesLost: 45, flag: 'new', score: null });
  });

  it('is the same whatever the meeting ids: close together (read through a typed array) or far apart (a Map)', () => {
    const { self } = buildReport(input());
    // SQLite rowids far apart: m4's two rows must still make one meeting.
    const spread = ROWS.map((r) => ({ ...r, meetingId: r.meetingId * 10_000_019 + 7, rescheduledTo: r.rescheduledTo === null ? null : r.rescheduledTo * 10_000_019 + 7 }));
    expect(buildReport(input({ rows: spread })).self).toEqual(self);
    const near = ROWS.map((r) => ({ ...r, meetingId: r.meetingId + 2 ** 40, rescheduledTo: r.rescheduledTo === null ? null : r.rescheduledTo + 2 ** 40 }));
    expect(buildReport(input({ rows: near })).self).toEqual(self);
  });

  it('of two rows of the same rank for one meeting, the first speaks (both ways of reading the ids)', () => {
    // d1 with two clients, each recording that you were late: 9 minutes first, then 5.
    // A second meeting, e1, attended: with the ids shifted its id is far from d1's, and the
    // rows are read through a Map.
    const rows = [row(CY, 'd1', '2026-02-17T10:00', 60, 'host-late', { minutes: 9 }), row(ANN, 'd1', '2026-02-17T10:00', 60, 'host-late', { minutes: 5 })];
    const e1 = row(BOB, 'e1', '2026-02-18T10:00', 60, 'attended');
    for (const shift of [0, 10_000_019]) {
      const shifted = (list: typeof rows) => list.map((r) => ({ ...r, meetingId: r.meetingId + shift * r.meetingId }));
      expect(buildReport(input({ rows: shifted([...rows, e1]) })).self).toMatchObject({ meetings: 2, attended: 2, late: 1, lateAverage: 9, minutesLost: 9 });
      expect(buildReport(input({ rows: shifted([...rows].reverse().concat(e1)) })).self).toMatchObject({ meetings: 2, late: 1, lateAverage: 5, minutesLost: 5 });
      // A higher rank later wins: your no-show over your late start.
      const noShow = [...rows, e1, row(BOB, 'd1', '2026-02-17T10:00', 60, 'host-no-show')];
      expect(buildReport(input({ rows: shifted(noShow) })).self).toMatchObject({ meetings: 2, late: 0, noShows: 1, minutesLost: 60 });
    }
  });

  it('rows in the order the store reads them (start, then meeting id) give the same record as any order', () => {
    // The window's rows in (start, meeting id) order take passInOrder, one pass that relies
    // on a meeting's rows being next to each other; any other order the Map or typed array
    // of bestRowPerMeeting. m4's two rows (Ann attended, Bob no-show) must stay
    // one meeting either way.
    const byStart = (list: OutcomeRow[]) => [...list].sort((a, b) => a.start - b.start || a.meetingId - b.meetingId);
    const { self } = buildReport(input());
    expect(buildReport(input({ rows: byStart(ROWS) })).self).toEqual(self);
    expect(buildReport(input({ rows: byStart(ROWS).reverse() })).self).toEqual(self);
    // Rows of the same rank for one meeting, in order: the first speaks (9 minutes late).
    const d1 = [row(CY, 'd1', '2026-02-17T10:00', 60, 'host-late', { minutes: 9 }), row(ANN, 'd1', '2026-02-17T10:00', 60, 'host-late', { minutes: 5 })];
    expect(buildReport(input({ rows: d1 })).self).toMatchObject({ meetings: 1, late: 1, lateAverage: 9 });
    // A higher rank after a lower one in the same meeting: your no-show over an attended row.
    const g1 = [row(ANN, 'g1', '2026-02-17T10:00', 60, 'attended'), row(BOB, 'g1', '2026-02-17T10:00', 60, 'host-no-show')];
    expect(buildReport(input({ rows: g1 })).self).toMatchObject({ meetings: 1, attended: 0, noShows: 1, minutesLost: 60 });
  });

  it('a meeting whose rows are not next to each other is still one meeting (the order check falls back)', () => {
    // f1 and f2 start together; the rows run f2, f1, f2 by meeting id: in start order, but
    // f2's rows are apart. Two meetings: f2 attended (its first row) and f1 attended.
    const f1 = id('f1');
    const f2 = id('f2');
    const s = '2026-02-17T10:00';
    const rows = [
      { ...row(ANN, 'f2', s, 60, 'attended'), meetingId: f2 },
      { ...row(BOB, 'f1', s, 30, 'attended'), meetingId: f1 },
      { ...row(CY, 'f2', s, 60, 'host-late', { minutes: 4 }), meetingId: f2 },
    ];
    expect(f2).toBeGreaterThan(f1);
    // f2: your late start (rank 2) over Ann's attended row: 2 meetings, both attended, one late.
    expect(buildReport(input({ rows })).self).toMatchObject({ meetings: 2, attended: 2, late: 1, lateAverage: 4, minutesLost: 4 });
  });

  it('rows of the window that are not one run of the columns (the tone window first) give the same record', () => {
    // Rows before the window (m8, Nov 2025) first, then the window's, then m8 again: the
    // window's rows are one run; with an outside row amid them they are not.
    const sorted = [...ROWS].sort((a, b) => a.start - b.start || a.meetingId - b.meetingId);
    const { self } = buildReport(input());
    const outside = { ...ROWS[7]!, meetingId: 999_999 };
    const amid = [...sorted.slice(1, 5), outside, ...sorted.slice(5)];
    expect(amid.filter((r) => r.start >= SINCE).length).toBe(sorted.length - 1);
    expect(buildReport(input({ rows: [sorted[0]!, ...amid] })).self).toEqual(self);
  });

  it('withSelf: false leaves it out (--json, --csv) and changes nothing else', () => {
    const rows = [row(CY, 'c1', '2026-02-17T10:00', 45, 'host-no-show'), row(CY, 'c2', '2026-02-18T10:00', 30, 'no-show')];
    const { self, ...rest } = buildReport(input({ rows }));
    expect(self).toMatchObject({ meetings: 2, noShows: 1 });
    const without = buildReport(input({ rows, withSelf: false }));
    expect(without.self).toBeNull();
    expect({ ...without, self: undefined }).toEqual({ ...rest, self: undefined });
    expect(() => selfOf(without)).toThrow(/withSelf/);
  });
});

describe("the one pass over rows in the store's order", () => {
  // The store reads the window's rows by (start, meeting id): buildReport then tallies every
  // client and your own side in one pass (passInOrder); rows in any other order take each
  // client's units (clientUnits) and selfSidesScattered. Both must give the same report.
  const byStart = (list: readonly OutcomeRow[]) => [...list].sort((a, b) => a.start - b.start || a.meetingId - b.meetingId);

  it('the hand-counted fixture in store order gives the same report, by client and by organisation', () => {
    for (const by of ['client', 'org'] as const) {
      const scattered = buildReport(input({ by }));
      expect(buildReport(input({ by, rows: byStart(ROWS) }))).toEqual(scattered);
      expect(buildReport(input({ by, rows: byStart(ROWS), withSelf: false }))).toEqual({ ...scattered, self: null });
    }
  });

  it("an organisation's shared meeting: anyone who came speaks, and of two late arrivals the shorter wait", () => {
    // k1: Ann 12 min late, then Bob 5 min late (same meeting, Acme): late, 5 minutes.
    // k2: Bob no-show, then Ann attended: attended. k3: Ann late 3, Bob late 8: late, 3.
    const rows = [
      row(ANN, 'k1', '2026-02-10T10:00', 60, 'late', { minutes: 12 }),
      row(BOB, 'k1', '2026-02-10T10:00', 60, 'late', { minutes: 5 }),
      row(BOB, 'k2', '2026-02-11T10:00', 60, 'no-show', { minutes: 10 }),
      row(ANN, 'k2', '2026-02-11T10:00', 60, 'attended'),
      row(ANN, 'k3', '2026-02-12T10:00', 30, 'late', { minutes: 3 }),
      row(BOB, 'k3', '2026-02-12T10:00', 30, 'late', { minutes: 8 }),
    ];
    const r = buildReport(input({ by: 'org', rows }));
    // 3 meetings: 1 attended + 2 late = 3 came; late average (5 + 3) / 2 = 4; minutes lost 8.
    expect(r.entries[0]).toMatchObject({ key: 'org:Acme', meetings: 3, attended: 3, late: 2, lateAverage: 4, noShows: 0, minutesLost: 8, misses: 0 });
    expect(buildReport(input({ by: 'org', rows: [...rows].reverse() }))).toEqual(r);
    // By client, each keeps their own row: Ann 2 late (12, 3), Bob 1 late and a no-show.
    const c = buildReport(input({ rows }));
    expect(c.entries.find((e) => e.key === ANN.email)).toMatchObject({ meetings: 3, late: 2, lateAverage: 8, minutesLost: 15 });
    expect(c.entries.find((e) => e.key === BOB.email)).toMatchObject({ meetings: 3, late: 2, lateAverage: 7, noShows: 1, minutesLost: 73 });
  });

  it('a meeting whose rows disagree on its start, or come apart, falls back to the same report', () => {
    const sorted = byStart(ROWS);
    const whole = buildReport(input({ rows: sorted }));
    // m4's two rows (Ann, Bob) with Bob's start a minute off: no longer one meeting's rows in
    // order, so the units decide (the meeting's start is the row that speaks for it).
    const m4 = id('m4');
    const off = sorted.map((r) => (r.meetingId === m4 && r.clientId === BOB.id ? { ...r, start: r.start + 60_000, end: r.end + 60_000 } : r));
    expect(buildReport(input({ rows: off }))).toEqual(buildReport(input({ rows: [...off].reverse() })));
    // The same rows with one meeting's rows apart: the check falls back, nothing changes.
    const apart = [...sorted];
    const i = apart.findIndex((r) => r.meetingId === m4);
    apart.push(apart.splice(i, 1)[0]!);
    expect(buildReport(input({ rows: apart }))).toEqual(whole);
  });

  it('300 generated rows: store order and a shuffle give the same report, by client and by organisation', () => {
    // A small PRNG (mulberry32) so the rows are the same on every run.
    let seed = 20261128;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const kinds: OutcomeRow['kind'][] = ['attended', 'attended', 'attended', 'late', 'no-show', 'late-cancel', 'cancelled', 'rescheduled', 'host-late', 'host-cancelled', 'host-no-show'];
    const clients = [ANN, BOB, CY];
    const rows: OutcomeRow[] = [];
    for (let m = 0; m < 220; m++) {
      const name = `gen${m}`;
      // Some meetings share a start; a few lie before the window (the tone's history).
      const start = new Date(SINCE - 5 * DAY + Math.floor(rand() * 100) * DAY + Math.floor(rand() * 3) * H).toISOString().slice(0, 16);
      const attendees = rand() < 0.3 ? [ANN, BOB] : [clients[Math.floor(rand() * 3)]!];
      for (const c of attendees) {
        const kind = kinds[Math.floor(rand() * kinds.length)]!;
        const extra: Partial<OutcomeRow> = {};
        if (kind === 'late' || kind === 'no-show' || kind === 'host-late') extra.minutes = 1 + Math.floor(rand() * 20);
        if (kind === 'rescheduled') extra.rescheduledTo = id(`gen${m + 1 + Math.floor(rand() * 3)}`);
        if (kind === 'host-cancelled') extra.recordedAt = at(start) - Math.floor(rand() * 48) * H;
        rows.push(row(c, name, start, 30 + 15 * Math.floor(rand() * 4), kind, extra));
      }
    }
    expect(rows.length).toBeGreaterThan(280);
    const shuffled = [...rows];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    for (const by of ['client', 'org'] as const) {
      const inOrder = buildReport(input({ by, rows: byStart(rows) }));
      expect(inOrder.entries.length).toBeGreaterThan(1);
      expect(inOrder.entries.some((e) => e.longestChain > 0)).toBe(true);
      expect(buildReport(input({ by, rows: shuffled }))).toEqual(inOrder);
    }
  });
});

describe('by organisation', () => {
  it('Acme is Ann and Bob; a meeting counts once, as attended when anyone came; Cy stands alone', () => {
    const r = buildReport(input({ by: 'org' }));
    expect(r.entries.map((e) => e.key)).toEqual(['org:Acme', CY.email]);
    // Meetings m1-m7 and m9: 8. m4: Ann attended, Bob did not show: attended.
    expect(r.entries[0]).toMatchObject({
      email: null,
      name: null,
      org: 'Acme',
      meetings: 8,
      attended: 3,
      late: 1,
      noShows: 1,
      lateCancels: 1,
      cancels: 1,
      reschedules: 2,
      showRate: 0.6,
      minutesLost: 132,
      incidents: 6,
      flag: 'repeat-offender',
      // the firmer of Ann's and Bob's next steps
      next: 'confirm day before',
      followUps: { sent: 2, accepted: 1 },
    });
    expect(r.entries[1]).toMatchObject({ email: CY.email, org: null, meetings: 3 });
  });
});

describe('flags, the window and the tone', () => {
  it('new below 3 meetings whatever the misses; repeat-offender from the threshold', () => {
    expect(flagFor(2, 2, 2)).toBe('new');
    expect(flagFor(3, 1, 2)).toBeNull();
    expect(flagFor(3, 2, 2)).toBe('repeat-offender');
    expect(flagFor(3, 2, 3)).toBeNull();
    expect(buildReport(input({ policy: { lateCancelMs: 24 * H, windowMs: 90 * DAY, repeatOffender: 3 } })).entries[0]!.flag).toBeNull();
  });

  it('the tone reads policy.window back from now, also beyond --until, and future late cancels', () => {
    // Report on January only; now is 1 Mar. Ann's tone history is from 1 Dec on: m1, m2.
    const jan = buildReport(input({ since: at('2026-01-01T00:00'), until: at('2026-02-01T00:00') }));
    expect(entry(jan, ANN.email)).toMatchObject({ meetings: 3, noShows: 0, reschedules: 2, next: 'confirm day before' });
    // A late cancel recorded now for a meeting next week counts for the tone, not the window.
    const ahead = [row(CY, 'f1', '2026-03-05T10:00', 60, 'late-cancel'), ...ROWS];
    expect(entry(buildReport(input({ rows: ahead })), CY.email)).toMatchObject({ lateCancels: 0, next: 'remind policy' });
  });

  it('empty: nothing recorded, or nothing in the window', () => {
    expect(buildReport(input({ rows: [], offers: [], anythingRecorded: false })).empty).toBe('nothing-recorded');
    expect(buildReport(input({ since: at('2024-01-01T00:00'), until: at('2024-02-01T00:00') })).empty).toBe('window');
  });

  it('severity: repeat offenders first, then misses, incidents, a lower score, minutes lost', () => {
    const base = buildReport(input()).entries[2]!;
    const a = { ...base, key: 'a', flag: null, misses: 1, incidents: 1, score: 90, minutesLost: 10 };
    const b = { ...a, key: 'b', score: 80 };
    const c = { ...a, key: 'c', misses: 0, incidents: 4 };
    const d = { ...a, key: 'd', flag: 'repeat-offender' as const, misses: 0 };
    expect([a, b, c, d].sort(bySeverity).map((e) => e.key)).toEqual(['d', 'b', 'a', 'c']);
  });
});
