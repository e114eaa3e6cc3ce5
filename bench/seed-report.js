// The attendance history that `npm run bench` measures `etiq report` on (issue 11, "Speed"):
// 500 clients and 100,000 outcomes over the 3 years up to the bench's NOW, written through
// the store's own code (dist/adapters/store.js: upsertClient, updateClient, upsertMeeting,
// linkAttendee, recordOutcome, undoOutcome, createOffer, closeOffer, linkReschedule) as
// etiq's commands write them, in a few big transactions (store.write). While it writes,
// each SQL text is compiled once (see cacheStatements): about 15 s instead of 50.
//
//   node bench/seed-report.js FILE      seeds FILE (which must not exist yet) and prints a
//                                       JSON summary: counts, timings, size, query plans
//
// Deterministic: a seeded PRNG (generate.js's prng) and the fixed NOW, so the same history
// (the same rows in the same order) comes out on every run and machine.
//
// What is in it:
//   clients    500, 40% of them in one of 40 organisations (--by org), some with a comma or
//              an apostrophe in their names; activity is skewed (Zipf, s = 0.5): the busiest
//              client has about 2,300 outcomes, the median one about 150, the quietest about
//              80. Some start late in the 3 years, some stop before the report's window (90
//              days), and the quiet ones have fewer than 3 meetings in it (`new`).
//              Each has a propensity for no-shows, lateness, cancels and reschedules: most
//              are reliable, about one in six is not (the repeat offenders).
//   outcomes   exactly 100,000 rows (all of them, superseded ones included):
//              - attended, late (minutes), no-show (minutes waited), cancelled (a notice of
//                25 h to 10 d), late-cancel (15 min to 23 h), and the host's own outcomes
//                (host-cancelled, host-late, host-no-show, with a reason) for --self;
//              - corrections: a different outcome recorded later for the same meeting and
//                client (the first one is superseded, "corrected");
//              - undos: a correction undone (the first outcome is current again), or a lone
//                outcome undone (nothing current is left);
//              - reschedule chains: rescheduled to a new meeting (rescheduledTo), which is
//                rescheduled again, 1 to 4 moves, then attended or missed (or still to come);
//              - group meetings: 2 or 3 clients of one organisation, an outcome each;
//              - a few meetings still to come, cancelled (late or not) or moved before NOW.
//   offers     after about half the no-shows and late cancels (3 slots, valid 48 h): some
//              accepted (the meeting booked as `etiq reply` books it, with its own outcome
//              once past), some replaced by a second offer, some cancelled, the rest expire.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NOW, prng } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

export const SEED_DEFAULTS = { clients: 500, outcomes: 100_000, years: 3, transactions: 5, skew: 0.5, seed: 11 };

const FIRST = ['Anna', 'Ben', 'Chloé', 'Dmitri', 'Eva', 'Farid', 'Grace', 'Hiro', 'Inès', 'Jonas', 'Kofi', 'Lena', 'Marta', 'Nils', 'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zoë'];
const LAST = ['Adams', 'Bauer', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Hughes', 'Ivanova', 'Jensen', 'Kowalski', 'Larsen', 'Müller', 'Nakamura', "O'Brien", 'Okafor', 'Petrov', 'Quintero', 'Rossi', 'Schmidt', 'Tanaka', 'Umarov', 'Vogel', 'Weber', 'Yilmaz', 'Zhang'];
const ORG_A = ['Acme', 'Blue Fjord', 'Cobalt', 'Delta', 'Evergreen', 'Foxglove', 'Granite', 'Harbour', 'Indigo', 'Juniper'];
const ORG_B = ['Consulting', 'Logistics', 'Partners', 'Labs'];
const HOST_REASONS = ['a family emergency', 'I was ill', 'a clash with a court hearing', 'my train was cancelled'];

const ascii = (s) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

/**
 * The whole history as a list of scenarios (pure: no database), each one meeting (or one
 * reschedule chain) with its outcomes, sorted by time. `cost` is the outcome rows a
 * scenario writes; they add up to exactly `opts.outcomes`.
 */
export function planHistory(opts = {}) {
  const o = { ...SEED_DEFAULTS, ...opts };
  const now = Date.parse(o.now ?? NOW);
  const begin = now - o.years * YEAR;
  const rnd = prng(o.seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const between = (lo, hi) => lo + rnd() * (hi - lo);
  const quarter = (ms) => Math.floor(ms / (15 * MIN)) * 15 * MIN;

  const orgs = [];
  for (const a of ORG_A) for (const b of ORG_B) orgs.push({ name: `${a} ${b}`, domain: `${ascii(a)}-${ascii(b)}.example` });

  // ---- clients
  const clients = [];
  let orgCount = 0;
  for (let i = 0; i < o.clients; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const org = i % 5 < 2 ? orgs[(orgCount++ * 7) % orgs.length] : null;
    const email = org ? `${ascii(first)}.${ascii(last)}${i}@${org.domain}` : `${ascii(first)}${i}@mail${i % 7}.example`;
    const name = i % 50 === 7 ? `${last}, ${first}` : `${first} ${last}`;
    const flaky = rnd() < 0.17;
    const p = {
      noShow: flaky ? between(0.06, 0.2) : between(0.005, 0.03),
      late: between(0.05, 0.25),
      cancel: between(0.03, 0.08),
      lateCancel: flaky ? between(0.04, 0.12) : between(0.003, 0.02),
      reschedule: between(0.02, 0.07),
    };
    const r = rnd();
    // Most clients span the 3 years; some begin late (the last ones: `new` in the window),
    // some stop before the window.
    const from = r < 0.12 ? between(begin, now - 40 * DAY) : begin;
    const to = r > 0.85 ? between(from + 60 * DAY, now - 100 * DAY) : now;
    clients.push({ i, email, name, org: org?.name ?? null, zone: i % 9 === 0 ? 'America/New_York' : null, p, from, to: Math.max(to, from + 30 * DAY), weight: 0 });
  }
  // Zipf over a shuffled rank: a few busy clients, a long tail of quiet ones.
  const rank = clients.map((c) => c.i);
  for (let k = rank.length - 1; k > 0; k--) {
    const j = Math.floor(rnd() * (k + 1));
    [rank[k], rank[j]] = [rank[j], rank[k]];
  }
  rank.forEach((ci, r) => {
    clients[ci].weight = (r + 1) ** -o.skew;
  });
  const cumulative = [];
  let total = 0;
  for (const c of clients) cumulative.push((total += c.weight));
  const pickClient = () => {
    const x = rnd() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return clients[lo];
  };
  const byOrg = new Map();
  for (const c of clients) if (c.org) byOrg.set(c.org, [...(byOrg.get(c.org) ?? []), c]);

  /** What happened at a meeting that took place (or did not, for the client's part). */
  const happened = (c) => {
    const r = rnd();
    let acc = c.p.noShow;
    if (r < acc) return { kind: 'no-show', minutes: 5 + Math.floor(rnd() * 16) };
    if (r < (acc += c.p.late)) return { kind: 'late', minutes: 1 + Math.floor(rnd() * 25) };
    if (r < (acc += 0.012)) return { kind: 'host-late', minutes: 3 + Math.floor(rnd() * 15), reason: pick(HOST_REASONS) };
    if (r < (acc += 0.004)) return { kind: 'host-no-show', minutes: null, reason: pick(HOST_REASONS) };
    return { kind: 'attended', minutes: null };
  };
  /** A cancellation told `notice` before the start (by whoever). */
  const cancellation = (c, start) => {
    const r = rnd();
    if (r < c.p.lateCancel / (c.p.lateCancel + c.p.cancel + 0.01)) {
      const notice = quarter(between(15 * MIN, 23 * HOUR));
      return { kind: 'late-cancel', noticeMs: notice, toldAt: start - notice };
    }
    const notice = quarter(between(25 * HOUR, 10 * DAY));
    if (r > 0.92) return { kind: 'host-cancelled', noticeMs: null, toldAt: null, reason: pick(HOST_REASONS), at: start - notice };
    return { kind: 'cancelled', noticeMs: notice, toldAt: start - notice };
  };

  // ---- scenarios, until the budget of outcome rows is spent exactly
  const scenarios = [];
  let left = o.outcomes;
  let seq = 0;
  const lastPast = now - 3 * HOUR; // meetings that took place end before NOW, with time to record them
  while (left > 0) {
    const c = pickClient();
    const upcoming = rnd() < 0.003;
    const start = upcoming ? quarter(between(now + HOUR, now + 7 * DAY)) : quarter(between(Math.max(c.from, begin), Math.min(c.to, lastPast)));
    const dur = pick([30, 30, 45, 60, 60, 90]) * MIN;
    const uid = `bench-${++seq}@report.bench`;
    const r = rnd();
    let s;
    if (!upcoming && r < c.p.reschedule) {
      // a reschedule chain: each move told 1 h to 3 d before the meeting it moves
      const moves = 1 + Math.floor(rnd() * 4);
      const steps = [];
      let at = start;
      let told = -Infinity;
      for (let k = 0; k < moves; k++) {
        told = Math.min(Math.max(told + 15 * MIN, at - quarter(between(HOUR, 3 * DAY))), now - HOUR);
        const next = quarter(at + between(DAY, 14 * DAY));
        steps.push({ start: at, told, to: next });
        at = next;
      }
      const final = at + dur + HOUR <= now ? happened(c) : null; // the last one may still be to come
      s = { type: 'chain', start, dur, uid, client: c.i, steps, final, cost: moves + (final ? 1 : 0) };
    } else {
      const group = !upcoming && c.org && rnd() < 0.04 ? byOrg.get(c.org).filter((x) => x !== c && rnd() < 0.5).slice(0, 2) : [];
      const attendees = [c, ...group].map((x) => {
        if (upcoming) {
          // still to come, cancelled before NOW: a late cancel is recorded before its meeting
          const toldAt = quarter(now - between(15 * MIN, 6 * HOUR));
          const notice = start - toldAt;
          return { client: x.i, kind: notice < DAY ? 'late-cancel' : 'cancelled', noticeMs: notice, toldAt };
        }
        return { client: x.i, ...(rnd() < x.p.cancel + x.p.lateCancel ? cancellation(x, start) : happened(x)) };
      });
      const main = attendees[0];
      const recordedAt = main.toldAt ?? main.at ?? start + dur + quarter(between(5 * MIN, 6 * HOUR));
      s = { type: 'meeting', start, dur, uid, attendees, recordedAt: Math.min(recordedAt, now), cost: attendees.length };
      // a correction of the first client's outcome, and sometimes an undo
      const rc = rnd();
      if (!upcoming && rc < 0.03) {
        const kinds = main.kind === 'attended' ? ['no-show', 'late'] : main.kind === 'no-show' ? ['late', 'attended'] : ['attended', 'no-show'];
        const kind = pick(kinds);
        s.correction = { kind, minutes: kind === 'late' ? 5 + Math.floor(rnd() * 20) : kind === 'no-show' ? 10 : null, at: Math.min(s.recordedAt + quarter(between(HOUR, 3 * DAY)), now) };
        s.cost++;
        if (rc < 0.006) s.undo = { at: Math.min(s.correction.at + 10 * MIN, now) }; // the correction undone: the first is current again
      } else if (!upcoming && rc < 0.036) {
        s.undo = { at: Math.min(s.recordedAt + 5 * MIN, now) }; // recorded by mistake: nothing current
      }
      // an offer after a no-show or a late cancel (not after an undone one)
      if ((main.kind === 'no-show' || main.kind === 'late-cancel') && !s.correction && !s.undo && rnd() < 0.5) {
        const created = s.recordedAt;
        const slots = [1, 2, 3].map((d) => {
          const st = quarter(Math.max(start, created) + d * DAY + between(-2 * HOUR, 2 * HOUR));
          return { start: st, end: st + dur };
        });
        const ro = rnd();
        const offer = { created, expires: created + 48 * HOUR, slots, fate: 'expired', situation: main.kind === 'no-show' ? 'noshow' : 'late-cancel' };
        if (ro < 0.4 && created + 30 * HOUR < now) {
          offer.fate = 'accepted';
          offer.closedAt = created + quarter(between(HOUR, 30 * HOUR));
          offer.slot = slots[Math.floor(rnd() * 3)];
          offer.booked = offer.slot.end + HOUR <= now ? happened(c) : null;
          s.cost += offer.booked ? 1 : 0;
        } else if (ro < 0.5) {
          offer.fate = 'replaced';
          offer.closedAt = Math.min(created + quarter(between(HOUR, 20 * HOUR)), now);
        } else if (ro < 0.55) {
          offer.fate = 'cancelled';
          offer.closedAt = Math.min(created + quarter(between(HOUR, 40 * HOUR)), now);
        }
        s.offer = offer;
      }
    }
    if (s.cost > left) continue; // too big for what is left: draw again (the last few are single outcomes)
    left -= s.cost;
    scenarios.push(s);
  }
  scenarios.sort((a, b) => a.start - b.start || a.uid.localeCompare(b.uid));
  return { now, begin, clients, scenarios, outcomes: o.outcomes, transactions: o.transactions };
}

const iso = (ms) => new Date(ms).toISOString();
const outcome = (meetingId, clientId, w, extra = {}) => ({
  meetingId,
  clientId,
  kind: w.kind,
  minutes: w.minutes ?? null,
  noticeMs: w.noticeMs ?? null,
  toldAt: w.toldAt ?? null,
  rescheduledTo: null,
  note: null,
  reason: w.reason ?? null,
  ...extra,
});

/** Writes a planned history through a Store (dist/adapters/store.js); returns what was written. */
export function writeHistory(store, plan) {
  const counts = { recorded: 0, unchanged: 0, corrected: 0, undone: 0, moves: 0, offers: 0, accepted: 0, replaced: 0, cancelled: 0 };
  const ids = [];
  const meeting = (uid, start, end, summary, at) => store.upsertMeeting({ uid, recurrenceId: null, source: 'manual', start, end, summary }, at).id;
  const record = (input, at) => {
    const { status } = store.recordOutcome(input, at);
    counts[status === 'corrected' ? 'corrected' : status === 'unchanged' ? 'unchanged' : 'recorded']++;
  };
  const writeOne = (s) => {
    const summary = `Session ${s.uid.split('@')[0].slice(6)}`;
    if (s.type === 'chain') {
      const cid = ids[s.client];
      let from = meeting(s.uid, s.start, s.start + s.dur, summary, s.steps[0].told);
      store.linkAttendee(from, cid, 'ACCEPTED');
      for (const st of s.steps) {
        // as `etiq log rescheduled --to T` stores it
        const to = meeting(`${s.uid}#rescheduled:${iso(st.to)}`, st.to, st.to + s.dur, summary, st.told);
        record(outcome(from, cid, { kind: 'rescheduled' }, { rescheduledTo: to }), st.told);
        counts.moves++;
        from = to;
      }
      if (s.final) record(outcome(from, cid, s.final), Math.min(s.steps.at(-1).to + s.dur + 30 * MIN, plan.now));
      return;
    }
    const mid = meeting(s.uid, s.start, s.start + s.dur, summary, Math.min(s.start - DAY, s.recordedAt));
    for (const a of s.attendees) store.linkAttendee(mid, ids[a.client], 'ACCEPTED');
    for (const a of s.attendees) record(outcome(mid, ids[a.client], a), s.recordedAt);
    const cid = ids[s.attendees[0].client];
    if (s.correction) record(outcome(mid, cid, s.correction, { note: 'corrected after the fact' }), s.correction.at);
    if (s.undo) {
      if (!store.undoOutcome(mid, cid, s.undo.at)) throw new Error(`seed: nothing to undo for ${s.uid}`);
      counts.undone++;
    }
    const of = s.offer;
    if (of) {
      const made = store.createOffer({ clientId: cid, meetingId: mid, situation: of.situation, slots: of.slots, createdAt: of.created, expiresAt: of.expires }).offer;
      counts.offers++;
      if (of.fate === 'accepted') {
        // as `etiq reply` books it: a new meeting linked to the missed one, the offer closed
        const booked = meeting(`${s.uid}#rescheduled:${iso(of.slot.start)}`, of.slot.start, of.slot.end, summary, of.closedAt);
        store.linkAttendee(booked, cid, null);
        store.linkReschedule(booked, mid);
        store.closeOffer(made.id, 'accepted', of.closedAt, of.slot.start);
        counts.accepted++;
        if (of.booked) record(outcome(booked, cid, of.booked), Math.min(of.slot.end + 30 * MIN, plan.now));
      } else if (of.fate === 'replaced') {
        // a second offer for the same meeting closes the first as replaced
        const again = store.createOffer({ clientId: cid, meetingId: mid, situation: of.situation, slots: of.slots.map((x) => ({ start: x.start + DAY, end: x.end + DAY })), createdAt: of.closedAt, expiresAt: of.closedAt + 48 * HOUR });
        counts.offers++;
        counts.replaced += again.replaced.length;
      } else if (of.fate === 'cancelled') {
        store.closeOffer(made.id, 'cancelled', of.closedAt);
        counts.cancelled++;
      }
    }
  };

  // The clients, then the history in chronological order, in `transactions` writes of about
  // the same number of outcomes each.
  store.write(() => {
    for (const c of plan.clients) {
      const row = store.upsertClient(c.email, c.name, plan.begin);
      if (c.org || c.zone) store.updateClient(c.email, { ...(c.org ? { organisation: c.org } : {}), ...(c.zone ? { timezone: c.zone } : {}) }, plan.begin);
      ids[c.i] = row.id;
    }
  });
  const per = Math.ceil(plan.outcomes / plan.transactions);
  let k = 0;
  let txs = 1;
  while (k < plan.scenarios.length) {
    let budget = per;
    const startK = k;
    while (k < plan.scenarios.length && (budget > 0 || k === startK)) budget -= plan.scenarios[k++].cost;
    store.write(() => {
      for (let j = startK; j < k; j++) writeOne(plan.scenarios[j]);
    });
    txs++;
  }
  return { counts, transactions: txs };
}

/**
 * The store prepares its statements on every call, and better-sqlite3 compiles each one
 * anew (about 15 us, a dozen per recorded outcome): over 100,000 outcomes that is most of
 * the seed's time. While seeding, a connection's prepare() returns the statement it
 * compiled before for the same SQL text: the same SQL runs, compiled once. (Each SQL text
 * of the store is used in one mode only, with or without pluck(), so a shared statement
 * behaves as a fresh one.) Returns the function that puts prepare() back.
 */
function cacheStatements(Database) {
  const proto = Database.prototype;
  const prepare = proto.prepare;
  const compiled = new WeakMap();
  proto.prepare = function cachedPrepare(sql) {
    let mine = compiled.get(this);
    if (!mine) compiled.set(this, (mine = new Map()));
    let st = mine.get(sql);
    if (!st) mine.set(sql, (st = prepare.call(this, sql)));
    return st;
  };
  return () => {
    proto.prepare = prepare;
  };
}

/** Seeds `file` (must not exist) and returns a summary; dist/ must be built. */
export async function seedReport(file, opts = {}) {
  if (fs.existsSync(file)) throw new Error(`seed: ${file} exists already; the seed writes a fresh database`);
  const storeJs = path.join(root, 'dist', 'adapters', 'store.js');
  if (!fs.existsSync(storeJs)) throw new Error(`seed: ${path.relative(root, storeJs)} not found (build first: npm run build)`);
  const { Store } = await import(pathToFileURL(storeJs).href);
  const { default: Database } = await import('better-sqlite3');

  const t0 = performance.now();
  const plan = planHistory(opts);
  const t1 = performance.now();
  const store = Store.open(file);
  const uncache = cacheStatements(Database);
  let written;
  try {
    written = writeHistory(store, plan);
  } finally {
    uncache();
    store.close();
  }
  const t2 = performance.now();

  // The query plans, on a fresh connection through the store, as the CLI opens it.
  const reopened = Store.open(file);
  let plans = null;
  try {
    plans = typeof reopened.reportQueryPlans === 'function' ? reopened.reportQueryPlans() : null;
  } finally {
    reopened.close();
  }

  // What is in the file, counted apart from the store's code (read-only).
  const db = new Database(file, { readonly: true });
  const one = (sql, params = {}) => db.prepare(sql).pluck().get(params);
  const windowFrom = plan.now - 90 * DAY;
  const rows = {
    clients: one('SELECT COUNT(*) FROM clients'),
    clientsWithOrganisation: one('SELECT COUNT(*) FROM clients WHERE organisation IS NOT NULL'),
    organisations: one('SELECT COUNT(DISTINCT organisation) FROM clients'),
    meetings: one('SELECT COUNT(*) FROM meetings'),
    attendees: one('SELECT COUNT(*) FROM meeting_attendees'),
    outcomes: one('SELECT COUNT(*) FROM outcomes'),
    current: one('SELECT COUNT(*) FROM outcomes WHERE superseded_at IS NULL'),
    corrected: one("SELECT COUNT(*) FROM outcomes WHERE superseded_reason = 'corrected'"),
    undone: one("SELECT COUNT(*) FROM outcomes WHERE superseded_reason = 'undone'"),
    rescheduled: one("SELECT COUNT(*) FROM outcomes WHERE kind = 'rescheduled' AND superseded_at IS NULL"),
    // chains of 2 moves or more: a current reschedule whose target is itself rescheduled
    chainedMoves: one(`SELECT COUNT(*) FROM outcomes a JOIN outcomes b ON b.meeting_id = a.rescheduled_to AND b.client_id = a.client_id
      AND b.kind = 'rescheduled' AND b.superseded_at IS NULL WHERE a.kind = 'rescheduled' AND a.superseded_at IS NULL`),
    lateCancels: one("SELECT COUNT(*) FROM outcomes WHERE kind = 'late-cancel' AND superseded_at IS NULL"),
    noShows: one("SELECT COUNT(*) FROM outcomes WHERE kind = 'no-show' AND superseded_at IS NULL"),
    hostOutcomes: one("SELECT COUNT(*) FROM outcomes WHERE kind LIKE 'host-%' AND superseded_at IS NULL"),
    offers: one('SELECT COUNT(*) FROM offers'),
    offersAccepted: one("SELECT COUNT(*) FROM offers WHERE closed_reason = 'accepted'"),
    offersReplaced: one("SELECT COUNT(*) FROM offers WHERE closed_reason = 'replaced'"),
    bookedFromOffers: one('SELECT COUNT(*) FROM meetings WHERE rescheduled_from IS NOT NULL'),
    currentInWindow: one('SELECT COUNT(*) FROM outcomes o JOIN meetings m ON m.id = o.meeting_id WHERE o.superseded_at IS NULL AND m.start_at >= @from', { from: windowFrom }),
    firstMeeting: iso(one('SELECT MIN(start_at) FROM meetings')),
    lastMeeting: iso(one('SELECT MAX(start_at) FROM meetings')),
  };
  // The busiest client (the most current outcomes, over the 3 years): the --client case.
  // Its query walks the client's whole history (outcomes_client_current) for the window.
  const busy = db
    .prepare(
      `SELECT c.email, c.name, c.organisation AS org, COUNT(*) AS allTime FROM outcomes o JOIN clients c ON c.id = o.client_id
       WHERE o.superseded_at IS NULL GROUP BY c.id ORDER BY allTime DESC, c.email LIMIT 1`,
    )
    .get();
  if (rows.outcomes !== plan.outcomes || written.counts.unchanged !== 0) {
    throw new Error(`seed: ${rows.outcomes} outcome rows written, not ${plan.outcomes} (${written.counts.unchanged} recorded as unchanged)`);
  }
  busy.inWindow = one(
    `SELECT COUNT(*) FROM outcomes o JOIN meetings m ON m.id = o.meeting_id JOIN clients c ON c.id = o.client_id
     WHERE c.email = @e AND o.superseded_at IS NULL AND m.start_at >= @from`,
    { e: busy.email, from: windowFrom },
  );
  db.close();

  const size = (f) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  return {
    file,
    now: iso(plan.now),
    from: iso(plan.begin),
    seed: { ...SEED_DEFAULTS, ...opts },
    planMs: t1 - t0,
    writeMs: t2 - t1,
    transactions: written.transactions,
    written: written.counts,
    rows,
    busyClient: busy,
    dbBytes: size(file),
    walBytes: size(`${file}-wal`),
    plans,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/seed-report.js FILE');
    process.exit(2);
  }
  try {
    console.log(JSON.stringify(await seedReport(path.resolve(file)), null, 2));
  } catch (e) {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  }
}
