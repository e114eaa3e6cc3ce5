/**
 * `etiq report` (issue 11): per-client (or per-organisation) figures, flags and next steps
 * from the flat rows the store hands in (by column: OutcomeColumns), and the user's own
 * record from the same rows.
 * Pure: no I/O; `now`, the window and the zone are passed in.
 *
 * - Only current outcomes count (the store hands in no corrected or undone one); a meeting
 *   counts when it carries one. Corrections are evidence only (`--client`).
 * - A miss is `isMiss` (no-show, late cancel), the one definition behind `etiq clients`
 *   and the tone of a draft. The next step is the tone the next follow-up would take,
 *   from the same policy code the drafts use (`countsTowardsTone` and `toneAfterMisses`,
 *   what chooseTone counts and maps, and `nextStep`).
 * - A host cancellation carries no notice of its own: it is judged by when it was recorded
 *   (etiq drafts the apology then), with `classifyCancellation` and `policy.late_cancel`,
 *   the rule a client's cancellation is held to.
 */
import { classifyCancellation, isHostOutcome, isMiss, type OutcomeKind } from '../etiquette/outcomes.js';
import { TONES, countsTowardsTone, nextStep, toneAfterMisses, type Tone } from '../etiquette/tone.js';
import { monthIndex, reportMonths } from './months.js';
import { MIN_MEETINGS_JUDGED, recencyWeight, scoreOf, type JudgedWeights } from './score.js';
import type { EvidenceRow, GroupBy, OfferRow, OutcomeColumns, OutcomeRow, ReportClient, ReportEntry, ReportFlag, ReportMonth, ReportResult } from './types.js';

export interface ReportPolicy {
  lateCancelMs: number;
  /** `policy.window`: misses counted for a draft's tone. */
  windowMs: number;
  /** `policy.repeat_offender`. */
  repeatOffender: number;
}

export interface ReportInput {
  since: number;
  until: number;
  now: number;
  zone: string;
  policy: ReportPolicy;
  by: GroupBy;
  view: ReportResult['view'];
  minIncidents: number;
  clients: readonly ReportClient[];
  /**
   * Current outcomes: every one whose meeting starts in [since, until), and every one from
   * `now - policy.window` on (the history the next draft's tone reads). Others are ignored.
   */
  rows: readonly OutcomeRow[] | OutcomeColumns;
  /** Offers created in [since, until). */
  offers: readonly OfferRow[];
  me: { email: string | null; name: string | null };
  /** Whether the store holds any outcome at all (tells an empty database from an empty window). */
  anythingRecorded: boolean;
  /** `--client`: the client and their evidence. */
  client?: ReportClient | null;
  evidence?: readonly EvidenceRow[];
  /**
   * Whether to work out the user's own record (default true). `--json` and `--csv` of the
   * client rows do not show it, and it is a pass over every row of the window.
   */
  withSelf?: boolean;
}

/** What happened at one meeting, from one side: an outcome's name, or `none` (counted, not judged). */
type Event = Extract<OutcomeKind, 'attended' | 'late' | 'no-show' | 'late-cancel' | 'cancelled' | 'rescheduled'> | 'none';

/** A miss, by the one definition (isMiss). */
function missed(e: Event): boolean {
  return e !== 'none' && isMiss(e);
}

/** One meeting as it counts for a row: its event, the minutes late, where it moved. */
interface Unit {
  meetingId: number;
  start: number;
  end: number;
  event: Event;
  minutes: number | null;
  movedTo: number | null;
}

/**
 * What a client's outcome says about the client. Your own late start means the client was
 * there; your own no-show or cancellation says nothing about them (the meeting counts, and
 * is not judged).
 */
function clientEvent(kind: OutcomeKind): Event {
  switch (kind) {
    case 'attended':
    case 'host-late':
      return 'attended';
    case 'late':
    case 'no-show':
    case 'late-cancel':
    case 'cancelled':
    case 'rescheduled':
      return kind;
    case 'host-cancelled':
    case 'host-no-show':
      return 'none';
  }
}

/** For a meeting shared by several clients of one organisation, the one that speaks for it: anyone who came first. */
const EVENT_ORDER: readonly Event[] = ['attended', 'late', 'no-show', 'late-cancel', 'cancelled', 'rescheduled', 'none'];

function rank(e: Event): number {
  return EVENT_ORDER.indexOf(e);
}

/** Rows by column (see OutcomeColumns) from row objects. */
export function columnsOf(rows: readonly OutcomeRow[]): OutcomeColumns {
  return {
    length: rows.length,
    clientId: rows.map((r) => r.clientId),
    meetingId: rows.map((r) => r.meetingId),
    start: rows.map((r) => r.start),
    end: rows.map((r) => r.end),
    kind: rows.map((r) => r.kind),
    minutes: rows.map((r) => r.minutes),
    rescheduledTo: rows.map((r) => r.rescheduledTo),
    recordedAt: rows.map((r) => r.recordedAt),
  };
}

/** Columns one after the other (the report's two windows, when they do not meet). */
export function joinColumns(parts: readonly OutcomeColumns[]): OutcomeColumns {
  if (parts.length === 1) return parts[0]!;
  const all = <K extends keyof Omit<OutcomeColumns, 'length'>>(k: K): OutcomeColumns[K] => parts.flatMap((p) => p[k] as unknown[]) as OutcomeColumns[K];
  return {
    length: parts.reduce((n, p) => n + p.length, 0),
    clientId: all('clientId'),
    meetingId: all('meetingId'),
    start: all('start'),
    end: all('end'),
    kind: all('kind'),
    minutes: all('minutes'),
    rescheduledTo: all('rescheduledTo'),
    recordedAt: all('recordedAt'),
  };
}

/** The units of a client's (or an organisation's) rows, given by index. */
function clientUnits(t: OutcomeColumns, rows: readonly number[]): Unit[] {
  const byMeeting = new Map<number, Unit>();
  for (const i of rows) {
    const kind = t.kind[i]!;
    const meetingId = t.meetingId[i]!;
    const unit: Unit = {
      meetingId,
      start: t.start[i]!,
      end: t.end[i]!,
      event: clientEvent(kind),
      minutes: kind === 'late' ? (t.minutes[i] ?? null) : null,
      movedTo: kind === 'rescheduled' ? (t.rescheduledTo[i] ?? null) : null,
    };
    const known = byMeeting.get(meetingId);
    if (!known || rank(unit.event) < rank(known.event) || (unit.event === known.event && (unit.minutes ?? 0) < (known.minutes ?? 0))) {
      byMeeting.set(meetingId, unit);
    }
  }
  return [...byMeeting.values()];
}

/**
 * Your side of each meeting (one meeting with two clients is one of yours): your no-show,
 * else your cancellation (late when recorded less than `policy.late_cancel` before the
 * start), else your late start; you attended when a client's outcome says you were there
 * (attended, late, no-show); a meeting the client called off or moved is not judged.
 */
/** Which row speaks for your side of a meeting: the highest rank seen. */
function selfRank(k: OutcomeKind): number {
  return k === 'host-no-show' ? 4 : k === 'host-cancelled' ? 3 : k === 'host-late' ? 2 : k === 'attended' || k === 'late' || k === 'no-show' ? 1 : 0;
}

function selfTally(t: OutcomeColumns, own: SelfSides, lateCancelMs: number, months: readonly ReportMonth[], asOf: number): Tally {
  const tally = new Tally(months, asOf);
  tally.addAttended(own.attended, own.shows);
  const { start: starts, end: ends, recordedAt, minutes } = t;
  for (let b = 0; b < own.rows.length; b++) {
    const i = own.rows[b]!;
    const k = own.ranks[b]!;
    const start = starts[i]!;
    const event: Event = k === 4 ? 'no-show' : k === 3 ? classifyCancellation(start - recordedAt[i]!, { graceMs: 0, lateCancelMs }) : k === 2 ? 'late' : 'none';
    tally.add(start, ends[i]!, event, k === 2 ? (minutes[i] ?? null) : null);
  }
  // Your side never moves a meeting: no reschedule, no chain.
  return tally;
}

/**
 * Your side of the window's meetings (selfRank of each meeting's first row of the highest
 * rank): the meetings you attended (rank 1, nearly all of them) as a count and the sum of
 * their recency weights; every other meeting as its row (an index into the columns) and
 * rank, in the order of their first rows. The table's closing line reads ~9,000 meetings
 * on the bench database, once per report, cold (issue 13).
 */
interface SelfSides {
  attended: number;
  shows: number;
  rows: number[];
  ranks: number[];
}

/** SelfSides of rows in any order. */
function selfSidesScattered(t: OutcomeColumns, rows: readonly number[], asOf: number): SelfSides {
  const ranks = selfRanks(t, rows);
  const best = bestRowPerMeeting(t, rows, ranks);
  let attended = 0;
  let shows = 0;
  const others: number[] = [];
  const otherRanks: number[] = [];
  for (const j of best) {
    const i = rows[j]!;
    if (ranks[j] === 1) {
      attended++;
      shows += recencyWeight(t.start[i]!, asOf);
    } else {
      others.push(i);
      otherRanks.push(ranks[j]!);
    }
  }
  return { attended, shows, rows: others, ranks: otherRanks };
}

/** selfRank of each row, by position in `rows`. */
function selfRanks(t: OutcomeColumns, rows: readonly number[]): Int8Array {
  const ranks = new Int8Array(rows.length);
  for (let j = 0; j < rows.length; j++) ranks[j] = selfRank(t.kind[rows[j]!]!);
  return ranks;
}

/**
 * Each meeting's first row of the highest rank (`ranks`, by position in `rows`), as
 * positions in `rows`, in the order of the meetings' first rows. For meeting ids (SQLite
 * rowids) within a few times the rows' number, a typed array by id instead of a Map.
 */
function bestRowPerMeeting(t: OutcomeColumns, rows: readonly number[], ranks: Int8Array): number[] {
  const n = rows.length;
  const ids = t.meetingId;
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < n; j++) {
    const id = ids[rows[j]!]!;
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  const best: number[] = [];
  if (n > 0 && Number.isSafeInteger(lo) && Number.isSafeInteger(hi) && hi - lo < 4 * n + 1024) {
    const slot = new Int32Array(hi - lo + 1).fill(-1);
    for (let j = 0; j < n; j++) {
      const s = ids[rows[j]!]! - lo;
      const k = slot[s]!;
      if (k === -1) slot[s] = best.push(j) - 1;
      else if (ranks[j]! > ranks[best[k]!]!) best[k] = j;
    }
    return best;
  }
  const at = new Map<number, number>();
  for (let j = 0; j < n; j++) {
    const id = ids[rows[j]!]!;
    const k = at.get(id);
    if (k === undefined) at.set(id, best.push(j) - 1);
    else if (ranks[j]! > ranks[best[k]!]!) best[k] = j;
  }
  return best;
}

const INCIDENTS: readonly Event[] = ['late', 'no-show', 'late-cancel', 'cancelled', 'rescheduled'];

/** The most moves in a row among the reschedules (`next`: a meeting to the one it moved to): A -> B -> C is 2. */
function longestChain(next: ReadonlyMap<number, number>): number {
  const memo = new Map<number, number>();
  const length = (id: number, seen: Set<number>): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const to = next.get(id);
    // A chain never loops (a reschedule makes a new meeting), but a damaged file might.
    const n = to === undefined || seen.has(to) ? 0 : 1 + length(to, seen.add(id));
    memo.set(id, n);
    return n;
  };
  let best = 0;
  for (const id of next.keys()) best = Math.max(best, length(id, new Set()));
  return best;
}

type Figures = Omit<ReportEntry, 'key' | 'email' | 'name' | 'org' | 'flag' | 'next' | 'followUps' | 'score'>;

/**
 * The figures of one row, summed meeting by meeting (`add`, in the row's order). `asOf` is
 * the end of the window, the score's reference time. Your own record adds its ~9,000
 * meetings straight from the rows, without a Unit each (issue 13).
 */
class Tally {
  private readonly counts: Record<Event, number> = { attended: 0, late: 0, 'no-show': 0, 'late-cancel': 0, cancelled: 0, rescheduled: 0, none: 0 };
  private readonly strip: number[];
  private readonly judged: JudgedWeights = { shows: 0, misses: 0 };
  private meetings = 0;
  private lateMinutes = 0;
  private lateTimed = 0;
  private minutesLost = 0;
  private misses = 0;
  private incidents = 0;
  private lastIncident: number | null = null;
  /** Where each rescheduled meeting moved (`moved`), for the longest chain. */
  private next: Map<number, number> | null = null;

  constructor(
    private readonly months: readonly ReportMonth[],
    private readonly asOf: number,
  ) {
    this.strip = months.map(() => 0);
  }

  /** One meeting; `weight` is its recency weight (recencyWeight of its start), when the caller has it. */
  add(start: number, end: number, event: Event, minutes: number | null, weight: number = recencyWeight(start, this.asOf)): void {
    if (event === 'attended') {
      // Most meetings: judged as shown, nothing else to add.
      this.addAttended(1, weight);
      return;
    }
    this.meetings++;
    this.counts[event]++;
    const came = event === 'late';
    const miss = missed(event);
    if (came) this.judged.shows += weight;
    else if (miss) this.judged.misses += weight;
    if (event === 'late' && minutes !== null) {
      this.lateMinutes += minutes;
      this.lateTimed++;
      this.minutesLost += minutes;
    }
    if (miss) {
      this.misses++;
      this.minutesLost += Math.round((end - start) / 60_000);
    }
    if (INCIDENTS.includes(event)) {
      this.incidents++;
      if (this.lastIncident === null || start > this.lastIncident) this.lastIncident = start;
      const i = monthIndex(this.months, start);
      if (i >= 0) this.strip[i]!++;
    }
  }

  /** A rescheduled meeting (added) moved to meeting `to`. */
  moved(meetingId: number, to: number): void {
    (this.next ??= new Map()).set(meetingId, to);
  }

  /** `n` meetings attended, whose recency weights sum to `weights`: add(start, end, 'attended', null) for each. */
  addAttended(n: number, weights: number): void {
    this.meetings += n;
    this.counts.attended += n;
    this.judged.shows += weights;
  }

  /** The figures; the longest chain of reschedules is worked out only when there is one. */
  figures(): Figures {
    const { counts } = this;
    const attended = counts.attended + counts.late;
    const denominator = attended + this.misses;
    return {
      meetings: this.meetings,
      attended,
      late: counts.late,
      lateAverage: this.lateTimed > 0 ? Math.round(this.lateMinutes / this.lateTimed) : null,
      noShows: counts['no-show'],
      lateCancels: counts['late-cancel'],
      cancels: counts.cancelled,
      reschedules: counts.rescheduled,
      longestChain: counts.rescheduled > 0 && this.next !== null ? longestChain(this.next) : 0,
      showRate: denominator > 0 ? Math.round((100 * attended) / denominator) / 100 : null,
      minutesLost: this.minutesLost,
      lastIncident: this.lastIncident,
      incidents: this.incidents,
      misses: this.misses,
      months: this.strip,
    };
  }

  /** S and M of the score's formula: the recency weights of the meetings attended and missed. */
  judgedWeights(): JudgedWeights {
    return this.judged;
  }
}

/** The tally of one row's units (in their order). */
function unitsTally(units: readonly Unit[], months: readonly ReportMonth[], asOf: number): Tally {
  const tally = new Tally(months, asOf);
  for (const u of units) {
    tally.add(u.start, u.end, u.event, u.minutes);
    if (u.event === 'rescheduled' && u.movedTo !== null) tally.moved(u.meetingId, u.movedTo);
  }
  return tally;
}

/** What one pass over the window's rows gives (passInOrder): each group's tally, by index, and your own side when asked. */
interface InOrder {
  tallies: Tally[];
  self: SelfSides | null;
}

/**
 * Each group's tally (by index: `rowGroup[i]` is row i's) and, `withSelf`, your own side,
 * over the rows [lo, hi) of the columns in one pass, when they come in the order the
 * store's window query reads them (the meetings_start index: start, then rowid). A
 * meeting's rows are then next to each other, so each group's unit of a meeting is its best
 * row among them (clientUnits' rule), your side is the first row of the highest selfRank
 * among them, and the meeting's recency weight is worked out once for both. null as soon
 * as a row breaks that order (or a meeting's rows disagree on its start): the caller then
 * reads the rows as scattered (clientUnits, selfSidesScattered), which gives the same
 * figures. ~9,000 rows of ~500 clients on the bench database, cold, in every report, where
 * the general path takes a Unit and a Map lookup a row, and your own record a pass of its
 * own (issue 13).
 */
function passInOrder(
  t: OutcomeColumns,
  lo: number,
  hi: number,
  rowGroup: Int32Array,
  groupCount: number,
  months: readonly ReportMonth[],
  asOf: number,
  withSelf: boolean,
): InOrder | null {
  const tallies: Tally[] = [];
  for (let g = 0; g < groupCount; g++) tallies.push(new Tally(months, asOf));
  const { meetingId: ids, start: starts, end: ends, kind, minutes, rescheduledTo } = t;
  let attended = 0;
  let shows = 0;
  const others: number[] = [];
  const otherRanks: number[] = [];
  // The meeting being read: its id and start; the `n` groups among its rows and each one's
  // best row (the first n of these arrays: no resizing a meeting); your side's best row and
  // its selfRank.
  let id = ids[lo]!;
  let start = starts[lo]!;
  const groups: number[] = [rowGroup[lo]!];
  const best: number[] = [lo];
  let n = 1;
  let ownBest = lo;
  let ownRank = withSelf ? selfRank(kind[lo]!) : 0;
  for (let i = lo + 1; i <= hi; i++) {
    let rowId = 0;
    let rowStart = 0;
    if (i < hi) {
      rowId = ids[i]!;
      rowStart = starts[i]!;
      if (rowId === id) {
        if (rowStart !== start) return null;
        let k = 0;
        while (k < n && groups[k] !== rowGroup[i]) k++;
        if (k === n) {
          groups[n] = rowGroup[i]!;
          best[n++] = i;
        } else if (betterRow(t, i, best[k]!)) best[k] = i;
        if (withSelf) {
          const r = selfRank(kind[i]!);
          if (r > ownRank) {
            ownRank = r;
            ownBest = i;
          }
        }
        continue;
      }
      if (rowStart < start || (rowStart === start && rowId < id)) return null;
    }
    // The meeting before row i is complete.
    const weight = recencyWeight(start, asOf);
    for (let k = 0; k < n; k++) {
      const b = best[k]!;
      const tally = tallies[groups[k]!]!;
      const kb = kind[b]!;
      // Most meetings: attended, added as add() adds them, without its event tests.
      if (kb === 'attended') tally.addAttended(1, weight);
      else {
        tally.add(start, ends[b]!, clientEvent(kb), kb === 'late' ? (minutes[b] ?? null) : null, weight);
        if (kb === 'rescheduled' && rescheduledTo[b] != null) tally.moved(ids[b]!, rescheduledTo[b]!);
      }
    }
    if (withSelf) {
      if (ownRank === 1) {
        attended++;
        shows += weight;
      } else {
        others.push(ownBest);
        otherRanks.push(ownRank);
      }
    }
    if (i < hi) {
      id = rowId;
      start = rowStart;
      n = 1;
      groups[0] = rowGroup[i]!;
      best[0] = i;
      ownBest = i;
      if (withSelf) ownRank = selfRank(kind[i]!);
    }
  }
  return { tallies, self: withSelf ? { attended, shows, rows: others, ranks: otherRanks } : null };
}

/** Whether row i speaks for its meeting rather than row j (clientUnits' rule: a better event, or as good and fewer minutes late). */
function betterRow(t: OutcomeColumns, i: number, j: number): boolean {
  const a = clientEvent(t.kind[i]!);
  const b = clientEvent(t.kind[j]!);
  return rank(a) < rank(b) || (a === b && a === 'late' && (t.minutes[i] ?? 0) < (t.minutes[j] ?? 0));
}

/** `new` below MIN_MEETINGS_JUDGED meetings (not judged), else `repeat-offender` from the policy's number of misses. */
export function flagFor(meetings: number, misses: number, repeatOffender: number): ReportFlag | null {
  if (meetings < MIN_MEETINGS_JUDGED) return 'new';
  return misses >= repeatOffender ? 'repeat-offender' : null;
}

/**
 * The offers sent and accepted, of those whose situation `only` keeps (all when not given):
 * one loop, no list (your own record counts the host situations of ~2,500 offers on the
 * bench database).
 */
function followUps(offers: readonly OfferRow[], only?: (situation: string) => boolean): { sent: number; accepted: number } {
  let sent = 0;
  let accepted = 0;
  for (let k = 0; k < offers.length; k++) {
    const o = offers[k]!;
    if (only && !only(o.situation)) continue;
    sent++;
    if (o.closedReason === 'accepted') accepted++;
  }
  return { sent, accepted };
}

/**
 * A draft situation made after your own no-show, cancellation or late start. A situation
 * is named after an outcome (host-no-show, ...) or is another word (noshow): isHostOutcome
 * compares names, and any other text is none of them.
 */
function isHostSituation(situation: string): boolean {
  return isHostOutcome(situation as OutcomeKind);
}

const flagRank = (e: ReportEntry): number => (e.flag === 'repeat-offender' ? 0 : 1);

/** Worst first: repeat offenders, then more misses, more incidents, a lower score, more minutes lost. */
export function bySeverity(a: ReportEntry, b: ReportEntry): number {
  return (
    flagRank(a) - flagRank(b) ||
    b.misses - a.misses ||
    b.incidents - a.incidents ||
    (a.score ?? 101) - (b.score ?? 101) ||
    b.minutesLost - a.minutesLost ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/** The user's own record over the window's rows: the same figures, flag and score as a client's. */
function selfEntry(input: ReportInput, t: OutcomeColumns, sides: SelfSides, months: readonly ReportMonth[]): ReportEntry {
  const tally = selfTally(t, sides, input.policy.lateCancelMs, months, input.until);
  const own = tally.figures();
  const selfFlag = flagFor(own.meetings, own.misses, input.policy.repeatOffender);
  return {
    key: 'self',
    email: input.me.email,
    name: input.me.name,
    org: null,
    ...own,
    reschedules: null,
    longestChain: 0,
    followUps: followUps(input.offers, isHostSituation),
    score: selfFlag === 'new' ? null : scoreOf(tally.judgedWeights()),
    flag: selfFlag,
    next: null,
  };
}

/** The user's own record of a result built with it (the table and `--self`). */
export function selfOf(r: ReportResult): ReportEntry {
  if (!r.self) throw new Error('report: the result was built without the user\'s own record (withSelf: false)');
  return r.self;
}

/**
 * One pass over the rows: the window's, by group (as indexes into the columns); and each
 * client's misses since `toneFrom`, for the tone of their next draft. A function of its
 * own, kept small: V8 optimizes the loop on the stack (OSR) by compiling the function that
 * holds it, and inside buildReport that took ~33 ms on a background thread, which a warm
 * report then waited for before it could exit (issue 13).
 */
function passOverRows(
  t: OutcomeColumns,
  since: number,
  until: number,
  toneFrom: number,
  group: (clientId: number) => { index: number; rows: number[]; clientIds: Set<number> },
): { inWindow: number[]; rowGroup: Int32Array; misses: Map<number, number> } {
  const inWindow: number[] = [];
  const rowGroup = new Int32Array(t.length);
  const misses = new Map<number, number>();
  // Each client's group once it has a row in the window, by id (SQLite rowids: small
  // integers, an array index): one load a row instead of group()'s Map lookup and a Set add.
  const inWindowGroup: ({ index: number; rows: number[] } | undefined)[] = [];
  for (let i = 0; i < t.length; i++) {
    const start = t.start[i]!;
    const clientId = t.clientId[i]!;
    if (start >= since && start < until) {
      inWindow.push(i);
      let g = inWindowGroup[clientId];
      if (g === undefined) {
        const first = group(clientId);
        first.clientIds.add(clientId);
        inWindowGroup[clientId] = g = first;
      }
      g.rows.push(i);
      rowGroup[i] = g.index;
    }
    if (countsTowardsTone(t.kind[i]!, start, toneFrom)) misses.set(clientId, (misses.get(clientId) ?? 0) + 1);
  }
  return { inWindow, rowGroup, misses };
}

export function buildReport(input: ReportInput): ReportResult {
  const { since, until, now, policy } = input;
  const months = reportMonths(since, until, input.zone);
  const toneFrom = now - policy.windowMs;
  const clientsById = new Map(input.clients.map((c) => [c.id, c]));

  // Groups: a client, or an organisation (a client without one stands alone).
  type Group = { key: string; index: number; rows: number[]; clientIds: Set<number>; client: ReportClient | undefined };
  const groups = new Map<string, Group>();
  const groupOf = new Map<number, Group>();
  const group = (clientId: number): Group => {
    let g = groupOf.get(clientId);
    if (g) return g;
    const c = clientsById.get(clientId);
    const key = input.by === 'org' && c?.organisation ? `org:${c.organisation}` : (c?.email ?? `#${clientId}`);
    g = groups.get(key) ?? { key, index: groups.size, rows: [], clientIds: new Set(), client: c };
    groups.set(key, g);
    groupOf.set(clientId, g);
    return g;
  };

  const t = Array.isArray(input.rows) ? columnsOf(input.rows as readonly OutcomeRow[]) : (input.rows as OutcomeColumns);
  const { inWindow, rowGroup, misses } = passOverRows(t, since, until, toneFrom, group);
  // The tone of the next follow-up to a client: the one `noshow` would draft if they missed
  // a meeting now (toneAfterMisses), after the misses passOverRows counted with the drafts'
  // own rule (countsTowardsTone), without a PastOutcome per row.
  const toneOf = (clientId: number): Tone => toneAfterMisses(misses.get(clientId) ?? 0);

  const offersByKey = new Map<string, OfferRow[]>();
  for (const o of input.offers) {
    const { key } = group(o.clientId);
    const list = offersByKey.get(key);
    if (list) list.push(o);
    else offersByKey.set(key, [o]);
  }

  // Each group's tally and your own side: in one pass over the window's rows when they are
  // one run of the columns (inWindow ascends: its last is then as far from its first as
  // its length) in the store's order, nearly always; else from each group's units.
  const withSelf = input.withSelf !== false;
  const run = inWindow.length > 0 && inWindow[inWindow.length - 1]! - inWindow[0]! === inWindow.length - 1;
  const inOrder = run ? passInOrder(t, inWindow[0]!, inWindow[0]! + inWindow.length, rowGroup, groups.size, months, until, withSelf) : null;
  const tallies = inOrder?.tallies ?? [...groups.values()].map((g) => unitsTally(clientUnits(t, g.rows), months, until));

  const all: ReportEntry[] = [];
  for (const [key, g] of groups) {
    if (g.rows.length === 0) continue; // a client with offers but no meeting in the window
    const tally = tallies[g.index]!;
    const f = tally.figures();
    const isOrg = key.startsWith('org:') && input.by === 'org';
    // The firmest of the group's clients' next tones.
    let toneIndex = 0;
    for (const clientId of g.clientIds) toneIndex = Math.max(toneIndex, TONES.indexOf(toneOf(clientId)));
    const tone = TONES[toneIndex]!;
    const flag = flagFor(f.meetings, f.misses, policy.repeatOffender);
    all.push({
      key,
      email: isOrg ? null : (g.client?.email ?? null),
      name: isOrg ? null : (g.client?.name ?? null),
      org: g.client?.organisation ?? null,
      ...f,
      followUps: followUps(offersByKey.get(key) ?? []),
      score: flag === 'new' ? null : scoreOf(tally.judgedWeights()),
      flag,
      next: nextStep(tone),
    });
  }
  all.sort(bySeverity);
  const entries = all.filter((e) => e.incidents >= input.minIncidents);

  const self = withSelf ? selfEntry(input, t, inOrder?.self ?? selfSidesScattered(t, inWindow, until), months) : null;

  const shownCount = input.view === 'self' ? (self?.meetings ?? 0) : input.view === 'upcoming' ? all.length : entries.length;

  const empty: ReportResult['empty'] = !input.anythingRecorded
    ? 'nothing-recorded'
    : inWindow.length === 0
      ? 'window'
      : shownCount === 0
        ? 'filtered'
        : null;

  return {
    since,
    until,
    zone: input.zone,
    by: input.by,
    view: input.view,
    empty,
    months,
    entries,
    self,
    repeatOffender: policy.repeatOffender,
    lateCancelMs: policy.lateCancelMs,
    minIncidents: input.minIncidents,
    client: input.client ?? null,
    evidence: [...(input.evidence ?? [])],
    upcoming: null,
  };
}
