// The offer block: slots in both zones, clock-change notes and the expiry. Every expected
// line below is worked out by hand from the zone rules, not copied from etiq's output.
//
// 2026: the US moves to summer time on Sunday 8 March (02:00 EST = 07:00 UTC); the UK on
// Sunday 29 March (01:00 GMT = 01:00 UTC). Between the two, London is 4 hours ahead of
// New York instead of 5.
import { describe, expect, it } from 'vitest';
import { EtiqError } from '../../../src/core/errors.js';
import {
  cityLabel,
  clockChangeNotes,
  clockChanges,
  expiryLine,
  formatSlot,
  formatWhen,
  offerBlock,
  shownZones,
} from '../../../src/core/draft/offer-block.js';

const at = (iso: string) => Date.parse(iso);
const slot = (startIso: string, minutes = 30) => ({ start: at(startIso), end: at(startIso) + minutes * 60_000 });
const NOW = at('2026-03-05T12:00:00Z');
const LONDON_CLIENT = { clientZone: 'Europe/London', userZone: 'America/New_York', now: NOW };

describe('cityLabel', () => {
  it('is the last segment of the zone name, with spaces', () => {
    expect(cityLabel('Europe/London')).toBe('London');
    expect(cityLabel('America/New_York')).toBe('New York');
    expect(cityLabel('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
    expect(cityLabel('UTC')).toBe('UTC');
    expect(cityLabel('Etc/UTC')).toBe('UTC');
    expect(cityLabel('Etc/GMT+5')).toBe('UTC-5');
    expect(cityLabel('Etc/GMT-10')).toBe('UTC+10');
  });
});

describe('formatSlot', () => {
  it("shows the client's zone first and the user's after a slash", () => {
    // 14:00 GMT on 10 March; New York is already on EDT (UTC-4): 10:00.
    expect(formatSlot(slot('2026-03-10T14:00:00Z'), LONDON_CLIENT)).toBe('Tue 10 Mar, 14:00–14:30 (London) / 10:00–10:30 (New York)');
  });

  it('writes out the weekday and month in the long form', () => {
    expect(formatSlot(slot('2026-03-10T14:00:00Z'), LONDON_CLIENT, true)).toBe('Tuesday 10 March, 14:00–14:30 (London) / 10:00–10:30 (New York)');
  });

  it("repeats the date for the user's zone when it is another day there", () => {
    // 23:30 UTC on Tue 10 March is 08:30 on Wed 11 March in Tokyo (UTC+9), 23:30 GMT in London.
    expect(formatSlot(slot('2026-03-10T23:30:00Z'), { clientZone: 'Asia/Tokyo', userZone: 'Europe/London', now: NOW })).toBe(
      'Wed 11 Mar, 08:30–09:00 (Tokyo) / Tue 10 Mar, 23:30–00:00 (London)',
    );
  });

  it('shows one zone when the zones are the same or the client has none', () => {
    expect(formatSlot(slot('2026-03-10T14:00:00Z'), { clientZone: null, userZone: 'America/New_York', now: NOW })).toBe('Tue 10 Mar, 10:00–10:30 (New York)');
    expect(formatSlot(slot('2026-03-10T14:00:00Z'), { clientZone: 'Europe/London', userZone: 'Europe/London', now: NOW })).toBe('Tue 10 Mar, 14:00–14:30 (London)');
    expect(shownZones({ clientZone: 'UTC', userZone: 'Europe/London' })).toEqual(['UTC', 'Europe/London']);
  });

  it('adds the year only when it is not the year of now', () => {
    const now = at('2026-12-20T12:00:00Z');
    expect(formatSlot(slot('2027-01-05T15:00:00Z'), { clientZone: null, userZone: 'UTC', now })).toBe('Tue 5 Jan 2027, 15:00–15:30 (UTC)');
    expect(formatSlot(slot('2026-12-22T15:00:00Z'), { clientZone: null, userZone: 'UTC', now })).toBe('Tue 22 Dec, 15:00–15:30 (UTC)');
  });

  it('refuses an unknown zone with an input error', () => {
    expect(() => formatSlot(slot('2026-03-10T14:00:00Z'), { clientZone: 'Mars/Olympus', userZone: 'UTC', now: NOW })).toThrow(EtiqError);
  });
});

describe('clock changes', () => {
  it('finds the exact instant of each change', () => {
    expect(clockChanges('America/New_York', NOW, at('2026-12-31T00:00:00Z')).map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-11-01T06:00:00.000Z',
    ]);
    expect(clockChanges('Europe/London', NOW, at('2026-04-30T00:00:00Z')).map((t) => new Date(t).toISOString())).toEqual(['2026-03-29T01:00:00.000Z']);
    expect(clockChanges('UTC', NOW, at('2026-12-31T00:00:00Z'))).toEqual([]);
    expect(clockChanges('Asia/Tokyo', NOW, at('2026-12-31T00:00:00Z'))).toEqual([]);
  });

  it('counts a change after now and up to the slot, not one before now', () => {
    const change = at('2026-03-08T07:00:00Z');
    expect(clockChanges('America/New_York', change - 1, change)).toEqual([change]);
    expect(clockChanges('America/New_York', change, change + 86_400_000)).toEqual([]);
  });

  it('notes a change in either zone between now and a slot, one note per zone', () => {
    // Only New York changes before 10 March.
    expect(clockChangeNotes([slot('2026-03-10T14:00:00Z')], LONDON_CLIENT)).toEqual(['(the clocks change in New York on 8 March)']);
    // By 31 March both have changed, each on its own date.
    expect(clockChangeNotes([slot('2026-03-10T14:00:00Z'), slot('2026-03-31T13:00:00Z')], LONDON_CLIENT)).toEqual([
      '(the clocks change in London on 29 March)',
      '(the clocks change in New York on 8 March)',
    ]);
    // Nothing changes between 1 and 6 March.
    expect(clockChangeNotes([slot('2026-03-06T14:00:00Z')], { ...LONDON_CLIENT, now: at('2026-03-01T12:00:00Z') })).toEqual([]);
  });

  it('shares one note between zones that change on the same date', () => {
    // Dublin and London both change at 01:00 UTC on 29 March.
    expect(clockChangeNotes([slot('2026-03-31T13:00:00Z')], { clientZone: 'Europe/Dublin', userZone: 'Europe/London', now: NOW })).toEqual([
      '(the clocks change in Dublin and London on 29 March)',
    ]);
  });
});

describe('offerBlock', () => {
  it('lists the slots in order, one per line, across two DST changes on different dates, then the notes', () => {
    // 10 March: London on GMT (14:00 = 14:00 UTC), New York on EDT (UTC-4) → 10:00.
    // 31 March: London on BST (14:00 = 13:00 UTC), New York on EDT → 09:00.
    const block = offerBlock([slot('2026-03-31T13:00:00Z'), slot('2026-03-10T14:00:00Z')], LONDON_CLIENT);
    expect(block.split('\n')).toEqual([
      'Tue 10 Mar, 14:00–14:30 (London) / 10:00–10:30 (New York)',
      'Tue 31 Mar, 14:00–14:30 (London) / 09:00–09:30 (New York)',
      '(the clocks change in London on 29 March)',
      '(the clocks change in New York on 8 March)',
    ]);
  });

  it('the same offer seen by a New York client and a London user', () => {
    const block = offerBlock([slot('2026-03-10T14:00:00Z'), slot('2026-03-31T13:00:00Z')], { clientZone: 'America/New_York', userZone: 'Europe/London', now: NOW });
    expect(block.split('\n')).toEqual([
      'Tue 10 Mar, 10:00–10:30 (New York) / 14:00–14:30 (London)',
      'Tue 31 Mar, 09:00–09:30 (New York) / 14:00–14:30 (London)',
      '(the clocks change in New York on 8 March)',
      '(the clocks change in London on 29 March)',
    ]);
  });

  it('is empty without slots, and says so when the working days barely overlap', () => {
    expect(offerBlock([], LONDON_CLIENT)).toBe('');
    expect(offerBlock([slot('2026-03-06T14:00:00Z')], { ...LONDON_CLIENT, now: at('2026-03-01T12:00:00Z') }, true).split('\n')).toEqual([
      'Fri 6 Mar, 14:00–14:30 (London) / 09:00–09:30 (New York)',
      '(Fewer times than usual: our working days barely overlap.)',
    ]);
  });
});

describe('expiry and instants in sentences', () => {
  it("states the expiry in the client's zone", () => {
    expect(expiryLine(at('2026-03-13T18:00:00Z'), 'Europe/London', NOW)).toBe('I will keep these times free until Friday 13 March, 18:00 (London).');
    expect(expiryLine(at('2026-03-13T18:00:00Z'), 'America/New_York', NOW)).toBe('I will keep these times free until Friday 13 March, 14:00 (New York).');
  });

  it('writes an instant with weekday, date, time and zone', () => {
    expect(formatWhen(at('2026-03-04T15:00:00Z'), 'Europe/London', NOW)).toBe('Wednesday 4 March at 15:00 (London)');
    expect(formatWhen(at('2025-12-30T15:00:00Z'), 'Europe/London', NOW)).toBe('Tuesday 30 December 2025 at 15:00 (London)');
  });
});
