/**
 * Did-you-mean for a misspelt word (a config key, a subcommand). No dependencies but the
 * day names: cli/help.ts uses it at start-up, where the time zone library is not loaded.
 */
import { WEEKDAYS, WEEKDAY_NAMES } from './weekdays.js';

/**
 * The known key a misspelt one resembles, if any: edit distance at most 2 (at most 1 for
 * keys of 2 or 3 letters, so that `tz` is not taken for `me`), ignoring case; for day
 * tables also a day name cut short another way (`tues`, `thurs`, `wednes`).
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(w, k);
    if (d <= Math.min(2, Math.floor(k.length / 2)) && d < bestD) {
      bestD = d;
      best = k;
    }
  }
  if (best !== undefined) return best;
  if (w.length >= 3) {
    const day = WEEKDAYS.find((d) => WEEKDAY_NAMES[d].startsWith(w));
    if (day !== undefined && known.includes(day)) return day;
  }
  return undefined;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}
