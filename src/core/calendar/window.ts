/** Window arithmetic shared by the reader and the cached path (which must not load ical.js). */

/** Overlap with [winStart, winEnd); a zero-length occurrence counts when winStart <= start < winEnd. */
export function overlaps(start: number, end: number, winStart: number, winEnd: number): boolean {
  if (end <= start) return start >= winStart && start < winEnd;
  return start < winEnd && end > winStart;
}
