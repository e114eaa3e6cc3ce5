/**
 * The reliability score: a show rate smoothed with a Beta prior and weighted by recency.
 * Pure. The formula and its constants are stated in the README (`etiq report`).
 *
 *   w(m)  = 0.5 ^ (age(m) / HALF_LIFE_DAYS)       age: days from the meeting's start to the
 *                                                  end of the window (0 for later meetings)
 *   S     = sum of w over meetings attended (on time or late)
 *   M     = sum of w over no-shows and late cancels
 *   score = round(100 * (S + PRIOR_SHOWS) / (S + M + PRIOR_SHOWS + PRIOR_MISSES))
 *
 * The prior Beta(4, 1) is worth five meetings at 80 %: one miss in a short history moves
 * the score a little, a pattern moves it a lot. A meeting 45 days older weighs half as much.
 * Cancellations with notice and reschedules are not judged.
 */

export const HALF_LIFE_DAYS = 45;
export const PRIOR_SHOWS = 4;
export const PRIOR_MISSES = 1;
/** Fewer meetings than this in the window: the row is `new`, and not judged. */
export const MIN_MEETINGS_JUDGED = 3;

const DAY_MS = 86_400_000;

/** One judged meeting: whether they came, and when it started. */
export interface Judged {
  start: number;
  shown: boolean;
}

/** The recency weight of a meeting that started at `start`, seen from `asOf`. */
export function recencyWeight(start: number, asOf: number): number {
  const ageDays = Math.max(0, asOf - start) / DAY_MS;
  return Math.pow(0.5, ageDays / HALF_LIFE_DAYS);
}

/** S and M of the formula: the recency weights of the meetings attended and of the misses. */
export interface JudgedWeights {
  shows: number;
  misses: number;
}

/** The score from 0 to 100 (before any rounding of its parts). */
export function reliabilityScore(judged: readonly Judged[], asOf: number): number {
  const weights: JudgedWeights = { shows: 0, misses: 0 };
  for (const j of judged) addJudged(weights, j.start, j.shown, asOf);
  return scoreOf(weights);
}

/**
 * Adds one judged meeting to S or M. The report's tally adds the same weights in the order
 * of its meetings (the same sums as reliabilityScore over them), without a Judged object
 * per meeting (issue 13).
 */
export function addJudged(weights: JudgedWeights, start: number, shown: boolean, asOf: number): void {
  const w = recencyWeight(start, asOf);
  if (shown) weights.shows += w;
  else weights.misses += w;
}

/** The score from S and M. */
export function scoreOf(weights: JudgedWeights): number {
  return Math.round((100 * (weights.shows + PRIOR_SHOWS)) / (weights.shows + weights.misses + PRIOR_SHOWS + PRIOR_MISSES));
}
