/** The calendar months of a report's window, in the user's zone, for the incident strip. Pure. */
import { DateTime } from 'luxon';
import type { ReportMonth } from './types.js';

/** Every month that [since, until) touches, oldest first. */
export function reportMonths(since: number, until: number, zone: string): ReportMonth[] {
  const months: ReportMonth[] = [];
  if (until <= since) return months;
  let m = DateTime.fromMillis(since, { zone }).startOf('month');
  while (m.toMillis() < until) {
    // Not toFormat('yyyy-LL'): the run's first toFormat builds luxon's Locale and Formatter (issue 13).
    months.push({ key: `${String(m.year).padStart(4, '0')}-${String(m.month).padStart(2, '0')}`, start: m.toMillis() });
    m = m.plus({ months: 1 });
  }
  return months;
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
