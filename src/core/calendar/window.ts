/** Window arithmetic shared by the reader and the cached path (which must not load ical.js). */

/** Overlap with [winStart, winEnd); a zero-length occurrence counts when winStart <= start < winEnd. */
export function overlaps(start: number, end: number, winStart: number, winEnd: number): boolean {
  if (end <= start) return start >= winStart && start < winEnd;
  return start < winEnd && end > winStart;
}

/**
 * Code-unit order of two strings, for tie-breaks in sorted output. Not localeCompare: that
 * depends on the machine's locale, and its first call loads ICU's collation data (~9 ms,
 * a twentieth of a cached `etiq agenda`).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Occurrence order: start, end, then calendar and UID (stable across machines and runs). */
export function byStart(a: { start: number; end: number; calendar: string; uid: string }, b: { start: number; end: number; calendar: string; uid: string }): number {
  return a.start - b.start || a.end - b.end || compareText(a.calendar, b.calendar) || compareText(a.uid, b.uid);
}
