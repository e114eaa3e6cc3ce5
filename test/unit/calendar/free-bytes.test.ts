// readCalendarBytes(..., 'free'): the caller hands the buffer over, and the reader lets its
// memory go once it has its own copy of the text (issue 13: a first run's peak RSS). The
// result must be the one a kept buffer gives, on both decodings; only large buffers (never
// a slice of Node's 8 KiB Buffer pool) are freed, and a small one is left as it was.
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { readCalendarBytes } from '../../../src/core/calendar/read-bytes.js';
import type { ReadOptions } from '../../../src/core/calendar/types.js';
import { ev, ics, starts } from './helpers.js';

const OPTS: ReadOptions = { window: { start: Date.parse('2026-03-01T00:00:00Z'), end: Date.parse('2026-03-08T00:00:00Z') }, userZone: 'UTC', myAddresses: [], tentativeIsBusy: true };

/** `n` weekly events named with non-ASCII text (UTF-8 bytes, not ASCII), ~1.2 KB each. */
function calendar(n: number): string {
  const events: string[] = [];
  for (let i = 0; i < n; i++) events.push(...ev(`UID:e${i}@x`, `DTSTART:20260302T${String(8 + (i % 9)).padStart(2, '0')}0000Z`, 'DURATION:PT30M', 'RRULE:FREQ=WEEKLY', `SUMMARY:Réunion n° ${i} – Zoë`, `DESCRIPTION:${'Notes. '.repeat(160)}`));
  return ics(...events);
}

describe('readCalendarBytes frees a buffer handed over', () => {
  const text = calendar(1000);

  it('over 1 MiB: the same result as a kept buffer, and the buffer is detached', () => {
    const kept = Buffer.from(text, 'utf8');
    const handed = Buffer.from(text, 'utf8');
    expect(handed.length).toBeGreaterThan(1 << 20);
    const a = readCalendarBytes(kept, 'cal.ics', OPTS);
    const b = readCalendarBytes(handed, 'cal.ics', OPTS, 'fast', 'free');
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.occurrences.length).toBe(1000);
    expect(starts(a)[0]).toBe('2026-03-02T08:00:00Z');
    expect(kept.length).toBe(text.length + 1000 * 5); // é, °, – and ë: 1, 1, 2 and 1 bytes over one a character
    expect(handed.length).toBe(0);
  });

  it('on full decoding too (a Windows-1252 file is decoded whole, then freed)', () => {
    const cp1252 = Buffer.from(text.replace(/[–°]/g, ''), 'latin1'); // é and ë as single bytes: not UTF-8
    expect(cp1252.length).toBeGreaterThan(1 << 20);
    const copy = Buffer.from(cp1252);
    const a = readCalendarBytes(copy, 'cal.ics', OPTS);
    const b = readCalendarBytes(cp1252, 'cal.ics', OPTS, 'fast', 'free');
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.occurrences[0]!.summary).toBe('Réunion n 0  Zoë');
    expect(cp1252.length).toBe(0);
  });

  it('under 1 MiB: left as it was', () => {
    const small = Buffer.from(calendar(3), 'utf8');
    const before = Buffer.from(small);
    const r = readCalendarBytes(small, 'cal.ics', OPTS, 'fast', 'free');
    expect(r.occurrences.length).toBe(3);
    expect(small.equals(before)).toBe(true);
  });
});
