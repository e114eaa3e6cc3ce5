// localParts (core/time.ts) is a fast path beside luxon: its text must be luxon's, to the
// character, for every zone kind: UTC, whole-hour and half-hour DST zones, a 45-minute
// offset, a southern-hemisphere DST, historic offsets that are not whole minutes, and a
// zone luxon knows but etiq's IANA table does not take (a fixed offset).
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localParts } from '../../../src/core/time.js';

const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Sao_Paulo', 'Africa/Monrovia', 'Europe/Dublin', 'UTC+3'];

/** A deterministic spread of instants from 1900 to 2100, plus every DST change of 2026 in these zones, +- a minute. */
function instants(zone: string): number[] {
  const out: number[] = [];
  let x = 12345;
  for (let i = 0; i < 600; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out.push(Date.UTC(1900, 0, 1) + Math.floor((x / 2 ** 31) * (Date.UTC(2100, 0, 1) - Date.UTC(1900, 0, 1))));
  }
  // Day by day, then hour by hour inside a day whose offset changes.
  let day = Date.UTC(2026, 0, 1);
  for (let d = 0; d < 366; d++, day += 86_400_000) {
    if (DateTime.fromMillis(day, { zone }).offset === DateTime.fromMillis(day + 86_400_000, { zone }).offset) continue;
    for (let h = day; h < day + 86_400_000; h += 3_600_000) {
      if (DateTime.fromMillis(h, { zone }).offset !== DateTime.fromMillis(h + 3_600_000, { zone }).offset) out.push(h + 3_600_000 - 60_000, h + 3_600_000, h + 3_600_000 + 60_000);
    }
  }
  return out;
}

describe('localParts: the same text as luxon', () => {
  for (const zone of ZONES) {
    it(zone, () => {
      for (const ms of instants(zone)) {
        const d = DateTime.fromMillis(ms, { zone });
        expect(localParts(ms, zone), `${new Date(ms).toISOString()} in ${zone}`).toEqual({ date: d.toISODate(), time: d.toFormat('HH:mm'), weekday: d.toFormat('ccc') });
      }
    });
  }
});
