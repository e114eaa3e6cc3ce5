/** Bytes -> occurrences: decoding plus the reader. Loaded lazily (it pulls in ical.js). */
import { Buffer, isAscii, isUtf8 } from 'node:buffer';
import { decodeCalendarBytes } from './decode.js';
import { calendarCaps, readScannedText, scanText, type ScannedText } from './read.js';
import type { ReadOptions, ReadResult } from './types.js';

/**
 * `fast` (the default) hands a UTF-8 file to the reader as its bytes, one per character
 * (a Latin-1 reading: a copy, no decoding), and the scanner decodes only the lines it
 * copies out: the lines of the events that can reach the window, and the few it looks at
 * to decide. Decoding a 6.7 MB file whole took ~20 ms and held it twice as large (a file
 * with one non-ASCII character becomes a two-byte string). `full` decodes the whole file
 * first, as UTF-16, Windows-1252 and damaged UTF-8 always are; the tests compare the two.
 *
 * `afterwards: 'free'` hands `bytes.buffer` over whole: once the reader has its own copy
 * (the Latin-1 text, or the decoded one), the buffer is detached (read as empty) and its
 * memory goes at the next minor GC instead of staying for the whole read (see freeBytes).
 */
export function readCalendarBytes(
  bytes: Uint8Array,
  source: string,
  opts: ReadOptions,
  decoding: 'fast' | 'full' = 'fast',
  afterwards: 'keep' | 'free' = 'keep',
): ReadResult {
  return readPreparedCalendar(prepareCalendarBytes(bytes, decoding, afterwards), source, opts);
}

/** A calendar's bytes decoded (or read as bytes) and scanned: what every window's read starts from. */
export interface PreparedCalendar {
  readonly scanned: ScannedText;
  /** The file's size in bytes: the per-calendar caps grow with it. */
  readonly byteLength: number;
  /** Why the file was not read as UTF-8 (full decoding), for a warning; else null. */
  readonly note: string | null;
}

/** The part of readCalendarBytes that depends on the bytes alone (see readPreparedCalendar). */
export function prepareCalendarBytes(bytes: Uint8Array, decoding: 'fast' | 'full' = 'fast', afterwards: 'keep' | 'free' = 'keep'): PreparedCalendar {
  const byteLength = bytes.length;
  if (decoding === 'fast') {
    const asBytes = utf8AsBytes(bytes);
    if (asBytes !== null) {
      if (afterwards === 'free') freeBytes(bytes);
      return { scanned: scanText(asBytes.text, asBytes.ascii ? 'text' : 'utf8-bytes'), byteLength, note: null };
    }
  }
  const { text, note } = decodeCalendarBytes(bytes);
  if (afterwards === 'free') freeBytes(bytes);
  return { scanned: scanText(text), byteLength, note: note ?? null };
}

/** readCalendarBytes for one window, from a prepared calendar: the same result, as often as asked. */
export function readPreparedCalendar(p: PreparedCalendar, source: string, opts: ReadOptions): ReadResult {
  // The caps grow with the file's size in bytes, whichever way it is read.
  const caps = calendarCaps(p.byteLength);
  const sized: ReadOptions = {
    ...opts,
    maxOccurrencesPerCalendar: opts.maxOccurrencesPerCalendar ?? caps.maxOccurrencesPerCalendar,
    maxStepsPerCalendar: opts.maxStepsPerCalendar ?? caps.maxStepsPerCalendar,
  };
  const result = readScannedText(p.scanned, source, sized);
  if (p.note) result.warnings.unshift({ calendar: source, message: p.note, kind: 'encoding' });
  return result;
}

/** The bytes one per character, when they are UTF-8 without a UTF-16 look; else null. */
function utf8AsBytes(bytes: Uint8Array): { text: string; ascii: boolean } | null {
  // UTF-16 (with or without a byte-order mark) has NUL or 0xFE/0xFF bytes: neither passes
  // as UTF-8 text that decodeCalendarBytes would read as UTF-8.
  if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0 || bytes[0]! >= 0xfe)) return null;
  if (!isUtf8(bytes)) return null;
  const text = latin1(bytes);
  return { text, ascii: isAscii(bytes) };
}

/** Below this a buffer may be a slice of Node's shared Buffer pool (8 KiB): never freed. */
const FREE_MIN_BYTES = 1 << 20;

/**
 * Lets the memory of `bytes.buffer` go now. A 6.7 MB calendar's buffer otherwise lives as
 * long as the frames that were handed it (the whole read), and a first run's peak RSS held
 * it beside its Latin-1 copy (issue 13: 109 -> 103 MB). Transferring the ArrayBuffer
 * detaches it (every view of it reads as empty) and moves its memory to a clone that
 * nothing references, which the next scavenge frees. Node 20 has no
 * ArrayBuffer.prototype.transfer (V8 11.4); structuredClone's transfer list does the same.
 */
function freeBytes(bytes: Uint8Array): void {
  const buffer = bytes.buffer;
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < FREE_MIN_BYTES) return;
  try {
    structuredClone(buffer, { transfer: [buffer] });
  } catch {
    // not transferable (detached already, or Node's own): it goes when its views do
  }
}

function latin1(bytes: Uint8Array): string {
  // Not TextDecoder('latin1'): that is Windows-1252 (WHATWG Encoding), which maps 0x80-0x9F
  // to other characters. Buffer's latin1 is byte for byte.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
