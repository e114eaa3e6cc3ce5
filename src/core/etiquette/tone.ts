/**
 * The tone of a follow-up, from the client's history. Pure.
 *
 * Misses (isMiss: a no-show or a late cancel) of meetings that started within
 * `policy.window` before `now` are counted, the new one included:
 *
 *   1 (the first)      warm     noshow          no policy
 *   2                  neutral  noshow-repeat   one sentence of policy
 *   3 or more          firm     noshow-firm     policy, and confirm each booking the day before
 *
 * A late cancel takes the tone the same way and has its own situation, `late-cancel`.
 * A cancellation with enough notice is not a miss and is answered warmly. An explicit
 * tone (`--tone`) wins over the history.
 *
 * Only current outcomes count: the caller passes outcomes that are neither undone nor
 * corrected (`currentHistory` does that for store records); an entry marked `undone` is
 * ignored here as well.
 */
import type { Situation } from '../draft/template.js';
import type { OutcomeRecord } from '../records/types.js';
import { isMiss, type OutcomeKind } from './outcomes.js';

export const TONES = ['warm', 'neutral', 'firm'] as const;
export type Tone = (typeof TONES)[number];

export function isTone(s: string): s is Tone {
  return (TONES as readonly string[]).includes(s);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** `policy.window` when the config does not set it: 90 days. */
export const DEFAULT_POLICY_WINDOW_MS = 90 * DAY_MS;

/** One outcome of the client's history: its kind and its meeting. */
export interface PastOutcome {
  kind: OutcomeKind;
  /** The meeting's start, epoch ms. */
  start: number;
  /** The meeting's id; tells the new outcome apart when it is already in the history. */
  meetingId?: number | null;
  /** An undone outcome does not count. */
  undone?: boolean;
}

export interface ToneInput {
  /** The client's current outcomes; may or may not include the new one. */
  history: readonly PastOutcome[];
  /** The outcome the draft follows. */
  current: { kind: OutcomeKind; start: number; meetingId?: number | null };
  now: number;
  /** `policy.window`; DEFAULT_POLICY_WINDOW_MS when absent. */
  windowMs?: number;
  /** `--tone`: wins over the history. */
  override?: Tone | null;
}

export interface ToneChoice {
  tone: Tone;
  /** The situation of the draft; null for an outcome that gets none (attended, late, rescheduled). */
  situation: Situation | null;
  /** Misses in the window, the current one included when it is one. */
  misses: number;
}

/** The store's records as history: only current ones (neither undone nor corrected). */
export function currentHistory(records: readonly OutcomeRecord[]): PastOutcome[] {
  return records.filter((r) => r.supersededAt === null).map((r) => ({ kind: r.kind, start: r.meeting.start, meetingId: r.meeting.id }));
}

/**
 * Whether a past outcome counts towards the tone of a follow-up: a miss (isMiss, the one
 * definition, as countMisses in outcomes.ts) of a meeting that started at or after `from`,
 * the start of the policy's window. There is no upper bound: a late cancel is recorded
 * before its meeting starts. chooseTone counts with it, and so does `etiq report` for the
 * next step of every client (without a history per client).
 */
export function countsTowardsTone(kind: OutcomeKind, start: number, from: number): boolean {
  return start >= from && isMiss(kind);
}

/** Misses in the window (countsTowardsTone), the current outcome included when it is one. */
export function missesInWindow(input: ToneInput): number {
  const from = input.now - (input.windowMs ?? DEFAULT_POLICY_WINDOW_MS);
  const { current } = input;
  const sameMeeting = (o: PastOutcome) =>
    o.meetingId != null && current.meetingId != null ? o.meetingId === current.meetingId : o.start === current.start;
  let misses = isMiss(current.kind) ? 1 : 0;
  for (const o of input.history) {
    if (o.undone || sameMeeting(o)) continue;
    if (countsTowardsTone(o.kind, o.start, from)) misses++;
  }
  return misses;
}

/** The tone for a number of misses in the window. */
export function toneForMisses(misses: number): Tone {
  return misses >= 3 ? 'firm' : misses === 2 ? 'neutral' : 'warm';
}

/**
 * The tone of the follow-up to a miss now, after `earlier` misses that count towards it
 * (countsTowardsTone): what chooseTone answers for a no-show today.
 */
export function toneAfterMisses(earlier: number): Tone {
  return toneForMisses(1 + earlier);
}

/** The tone and situation of the follow-up to `current`. */
export function chooseTone(input: ToneInput): ToneChoice {
  const misses = missesInWindow(input);
  const tone = input.override ?? (isMiss(input.current.kind) ? toneForMisses(misses) : 'warm');
  return { tone, situation: situationFor(input.current.kind, tone), misses };
}

/** The no-show situation of a tone. */
export function missSituation(tone: Tone): 'noshow' | 'noshow-repeat' | 'noshow-firm' {
  return tone === 'firm' ? 'noshow-firm' : tone === 'neutral' ? 'noshow-repeat' : 'noshow';
}

/** The situation that follows an outcome, or null when it needs no draft. */
export function situationFor(kind: OutcomeKind, tone: Tone): Situation | null {
  switch (kind) {
    case 'no-show':
      return missSituation(tone);
    case 'late-cancel':
    case 'cancelled':
      return 'late-cancel';
    case 'host-cancelled':
    case 'host-late':
    case 'host-no-show':
      return kind;
    case 'attended':
    case 'late':
    case 'rescheduled':
      return null;
  }
}

/** What the next follow-up does, for the report. */
export function nextStep(tone: Tone): 'warm' | 'remind policy' | 'confirm day before' {
  return tone === 'firm' ? 'confirm day before' : tone === 'neutral' ? 'remind policy' : 'warm';
}

/** The firm tone's request. */
export const DAY_BEFORE_SENTENCE = 'Please confirm each booking the day before.';

/**
 * The policy in one sentence, from `policy.late_cancel`:
 * `I keep these times for you, so I ask for 24 hours' notice if plans change.`
 * Null when the policy asks for no notice.
 */
export function policySentence(lateCancelMs: number): string | null {
  const notice = noticeWords(lateCancelMs);
  return notice === null ? null : `I keep these times for you, so I ask for ${notice} notice if plans change.`;
}

/**
 * A notice period as a possessive, in the largest unit that reads naturally: `24 hours'`
 * up to two days, then `2 days'`, whole weeks as `a week's` / `2 weeks'`; otherwise
 * minutes (`90 minutes'`). Null for zero or less.
 */
export function noticeWords(ms: number): string | null {
  const minutes = Math.round(ms / 60_000);
  if (!(minutes > 0)) return null;
  const words = (n: number, unit: string) => (n === 1 ? `${unit === 'hour' ? 'an' : 'a'} ${unit}'s` : `${n} ${unit}s'`);
  const days = minutes / (24 * 60);
  if (Number.isInteger(days) && days >= 2) return days % 7 === 0 ? words(days / 7, 'week') : words(days, 'day');
  if (minutes % 60 === 0) return words(minutes / 60, 'hour');
  return words(minutes, 'minute');
}
