/** The calendar months of a report's window, in the user's zone, for the incident strip. Pure. */
import { localMonthStarts } from '../time.js';
import type { ReportMonth } from './types.js';

/** Every month that [since, until) touches, oldest first. */
export function reportMonths(since: number, until: number, zone: string): ReportMonth[] {
  if (until <= since) return [];
  // On etiq's zone tables, not luxon's DateTime: no Intl object in a warm run whose tables
  // are kept; and not toFormat('yyyy-LL'), whose first call builds luxon's Locale (issue 13).
  return localMonthStarts(since, until, zone).map(({ year, month, start }) => ({ key: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`, start }));
}

/** The index of the month holding `ms` (binary search), or -1 before the first. */
export function monthIndex(months: readonly ReportMonth[], ms: number): number {
  let lo = 0;
  let hi = months.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (months[mid]!.start <= ms) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
