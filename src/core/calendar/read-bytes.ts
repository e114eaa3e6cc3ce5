/** Bytes -> occurrences: decoding plus the reader. Loaded lazily (it pulls in ical.js). */
import { decodeCalendarBytes } from './decode.js';
import { readCalendarText } from './read.js';
import type { ReadOptions, ReadResult } from './types.js';

export function readCalendarBytes(bytes: Uint8Array, source: string, opts: ReadOptions): ReadResult {
  const { text, note } = decodeCalendarBytes(bytes);
  const result = readCalendarText(text, source, opts);
  if (note) result.warnings.unshift({ calendar: source, message: note, kind: 'encoding' });
  return result;
}
