// Zone tables kept between runs (zones.ts seedZoneTables / freshZoneTables, issue 13): a
// run that takes back what an earlier run made must answer the same offsets without
// asking Intl, and a kept table that tabulateYear could not have made is not taken. The
// same for the tables the build ships (useShippedZones).
import { describe, expect, it } from 'vitest';
import type * as Zones from '../../../src/core/calendar/zones.js';

/** A module instance of its own each (zones.ts keeps its tables in module state); literal paths, as Vite wants them. */
const INSTANCES: Record<string, () => Promise<unknown>> = {
  first: () => import('../../../src/core/calendar/zones.js?first' as string),
  later: () => import('../../../src/core/calendar/zones.js?later' as string),
  source: () => import('../../../src/core/calendar/zones.js?source' as string),
  bad: () => import('../../../src/core/calendar/zones.js?bad' as string),
  namesFirst: () => import('../../../src/core/calendar/zones.js?namesFirst' as string),
  namesLater: () => import('../../../src/core/calendar/zones.js?namesLater' as string),
  shipFirst: () => import('../../../src/core/calendar/zones.js?shipFirst' as string),
  shipLater: () => import('../../../src/core/calendar/zones.js?shipLater' as string),
  shipBad: () => import('../../../src/core/calendar/zones.js?shipBad' as string),
  shipNames: () => import('../../../src/core/calendar/zones.js?shipNames' as string),
};
async function freshZones(tag: keyof typeof INSTANCES): Promise<typeof Zones> {
  return (await INSTANCES[tag]!()) as typeof Zones;
}

const ZONES = ['Europe/Berlin', 'America/Santiago', 'Australia/Lord_Howe', 'Africa/Monrovia', 'Pacific/Apia'];
const HOUR = 3_600_000;

/** Instants in 1900-1901, 1960, 2011-2013 and 2026-2027 (the years the first run tabulates), hour by hour plus a spread. */
function instants(): number[] {
  const out: number[] = [];
  for (const [a, b] of [[1960, 1961], [2011, 2014], [2026, 2028]] as const) {
    for (let t = Date.UTC(a, 0, 1); t < Date.UTC(b, 0, 1); t += 5 * HOUR + 7 * 60_000) out.push(t);
  }
  out.push(Date.UTC(1890, 5, 1), Date.UTC(2150, 5, 1));
  return out;
}

describe('zone tables kept between runs', () => {
  it('give the same offsets as the run that made them, and make nothing new', async () => {
    const first = await freshZones('first');
    const offsets = ZONES.map((name) => instants().map((t) => first.ianaZone(name)!.offsetMs(t)));
    const kept = first.freshZoneTables();
    expect(Object.keys(kept ?? {}).sort()).toEqual([...ZONES].sort());
    // What the shell writes and reads back: JSON.
    const later = await freshZones('later');
    later.seedZoneTables(JSON.parse(JSON.stringify(kept)));
    for (const name of ZONES) expect(later.knownZone(name), name).toBe(true);
    expect(later.knownZone('Europe/Paris')).toBe(false);
    ZONES.forEach((name, i) => expect(instants().map((t) => later.ianaZone(name)!.offsetMs(t)), name).toEqual(offsets[i]));
    expect(later.freshZoneTables()).toBeNull();
    // A year the tables do not hold is made from Intl as before, and kept.
    expect(later.ianaZone('Europe/Berlin')!.offsetMs(Date.UTC(1980, 6, 1))).toBe(2 * HOUR);
    expect(Object.keys(later.freshZoneTables()?.['Europe/Berlin'] ?? {})).toEqual(['1980']);
  });

  it('are not taken when they are not what tabulateYear makes for their year', async () => {
    const first = await freshZones('source');
    first.ianaZone('Europe/Berlin')!.offsetMs(Date.UTC(2026, 6, 1));
    const good = first.freshZoneTables()!['Europe/Berlin']!['2026']!;
    const bad: Record<string, unknown> = {
      'Zone/Unordered': { 2026: { ...good, ats: [...good.ats].reverse() } },
      'Zone/OtherYear': { 2025: good },
      'Zone/Huge': { 2026: { ...good, offsets: [good.offsets[0], 90_000_000] } },
      'Zone/Fraction': { 2026: { ...good, initial: 3_600_000.5 } },
      'Zone/Short': { 2026: { ...good, offsets: [good.offsets[0]] } },
      'Zone/Derived': { 2150: good },
      'Zone/Early': { 1850: good },
      'Zone/Text': { 2026: { initial: '3600000', ats: [], offsets: [] } },
      'Zone/Key': { '02026': good },
      'Zone/NotYears': [good],
    };
    const later = await freshZones('bad');
    later.seedZoneTables(bad);
    later.seedZoneTables(null);
    later.seedZoneTables('Europe/Berlin');
    for (const name of Object.keys(bad)) expect(later.knownZone(name), name).toBe(false);
    expect(later.ianaZone('Zone/Unordered')).toBeNull();
    // One bad year drops the zone's tables whole.
    later.seedZoneTables({ 'Europe/Berlin': { 2026: good, 2027: { initial: 0, ats: [1], offsets: [0] } } });
    expect(later.knownZone('Europe/Berlin')).toBe(false);
  });

  it("keep ICU's canonical names: a later run answers them without an Intl object, and takes nothing malformed", async () => {
    const first = await freshZones('namesFirst');
    // ICU's own answers (hand-checked names: case folded, a link to its zone).
    expect(first.canonicalZoneName('asia/tokyo')).toBe('Asia/Tokyo');
    expect(first.canonicalZoneName('US/Eastern')).toBe(new Intl.DateTimeFormat('en-US', { timeZone: 'US/Eastern' }).resolvedOptions().timeZone);
    const kept = first.freshZoneNames()!;
    expect(Object.keys(kept).sort()).toEqual(['US/Eastern', 'asia/tokyo']);

    const later = await freshZones('namesLater');
    expect(later.knownZoneName('asia/tokyo')).toBe(false);
    later.seedZoneNames(kept);
    later.seedZoneNames({ 'bad name': 'Asia/Tokyo', 'Zone/Number': 3, 'Zone/Inject': 'Asia/Tokyo\u001b[2J', ['x'.repeat(81)]: 'Asia/Tokyo' });
    later.seedZoneNames(null);
    later.seedZoneNames(['asia/tokyo']);
    for (const name of ['bad name', 'Zone/Number', 'Zone/Inject', 'x'.repeat(81)]) expect(later.knownZoneName(name), name).toBe(false);
    const D = Intl.DateTimeFormat;
    let made = 0;
    Intl.DateTimeFormat = new Proxy(D, { construct: (t, a) => (made++, Reflect.construct(t, a) as object) });
    try {
      expect(later.knownZoneName('asia/tokyo')).toBe(true);
      expect(later.canonicalZoneName('asia/tokyo')).toBe('Asia/Tokyo');
      expect(later.canonicalZoneName('US/Eastern')).toBe(kept['US/Eastern']);
      expect(made).toBe(0);
      expect(later.freshZoneNames()).toBeNull(); // nothing new to keep
      expect(later.canonicalZoneName('europe/paris')).toBe('Europe/Paris'); // not kept: asked
      expect(made).toBe(1);
      expect(later.freshZoneNames()).toEqual({ 'europe/paris': 'Europe/Paris' });
    } finally {
      Intl.DateTimeFormat = D;
    }
  });
});

/** Counts the Intl.DateTimeFormat objects made while `f` runs. */
function countingIntl<T>(f: () => T): { value: T; made: number } {
  const D = Intl.DateTimeFormat;
  let made = 0;
  Intl.DateTimeFormat = new Proxy(D, { construct: (t, a) => (made++, Reflect.construct(t, a) as object), apply: (t, self, a) => (made++, Reflect.apply(t, self, a) as unknown) });
  try {
    return { value: f(), made };
  } finally {
    Intl.DateTimeFormat = D;
  }
}

/** A ShippedZones over `tables` (what adapters/zone-tables.ts reads from the build's file), as JSON. */
function shippedOf(tables: Zones.ZoneTables, names: Record<string, string> = {}): Zones.ShippedZones {
  return {
    has: (name) => Object.hasOwn(tables, name),
    canonical: (name) => names[name] ?? name,
    tables: (name) => JSON.parse(JSON.stringify(tables[name])) as unknown,
  };
}

describe("the build's zone tables (useShippedZones)", () => {
  const YEARS = [2011, 2012, 2013, 2026, 2027];
  const all = instants();
  const inSpanAt = all.map((t) => YEARS.includes(new Date(t).getUTCFullYear()));
  const inYears = all.filter((_, k) => inSpanAt[k]);

  it("answer Intl's offsets without an Intl object, and are kept for later runs", async () => {
    const first = await freshZones('shipFirst');
    const offsets = ZONES.map((name) => all.map((t) => first.ianaZone(name)!.offsetMs(t)));
    const built = first.freshZoneTables()!;
    // The build tabulates a span of years; here, YEARS of it.
    for (const name of ZONES) for (const year of Object.keys(built[name]!)) if (!YEARS.includes(Number(year))) delete built[name]![year];

    const later = await freshZones('shipLater');
    later.useShippedZones(shippedOf(built));
    const inSpan = countingIntl(() => ZONES.map((name) => inYears.map((t) => later.ianaZone(name)!.offsetMs(t))));
    expect(inSpan.made).toBe(0);
    expect(inYears.length).toBeGreaterThan(1000);
    ZONES.forEach((name, i) => expect(inSpan.value[i], name).toEqual(offsets[i]!.filter((_, k) => inSpanAt[k])));
    expect(countingIntl(() => ZONES.every((name) => later.knownZone(name))).value).toBe(true);
    // Kept as this run's, so that the next run has them from the cache without the file.
    expect(Object.keys(later.freshZoneTables()!).sort()).toEqual([...ZONES].sort());
    expect(Object.keys(later.freshZoneTables()!['Europe/Berlin']!)).toEqual(['2011', '2012', '2013', '2026', '2027']);
    // Years outside the span are asked of Intl, with the same answers.
    const outside = countingIntl(() => ZONES.map((name) => all.map((t) => later.ianaZone(name)!.offsetMs(t))));
    expect(outside.made).toBeGreaterThan(0);
    expect(outside.value).toEqual(offsets);
    // A zone the build did not list is not known without Intl.
    expect(later.knownZone('Europe/Paris')).toBe(false);
  });

  it('a zone whose shipped tables are not what tabulateYear makes is asked of Intl, with the right offsets', async () => {
    const zones = await freshZones('shipBad');
    const july = Date.UTC(2026, 6, 1);
    const wrong = { initial: 0, ats: [], offsets: [] };
    const bad: Record<string, unknown> = {
      'Europe/Berlin': { 2026: { initial: 3_600_000, ats: [2, 1], offsets: [0, 0] } },
      'America/Santiago': { 2026: { initial: '0', ats: [], offsets: [] } },
      'Asia/Tokyo': null,
    };
    const source: Zones.ShippedZones = { has: (n) => n in bad || n === 'Europe/London', canonical: (n) => n, tables: (n) => (n === 'Europe/London' ? { 2026: wrong, 2027: 'x' } : bad[n]) };
    zones.useShippedZones(source);
    const got = countingIntl(() => ['Europe/Berlin', 'America/Santiago', 'Asia/Tokyo', 'Europe/London'].map((n) => zones.ianaZone(n)!.offsetMs(july)));
    expect(got.value).toEqual([2 * HOUR, -4 * HOUR, 9 * HOUR, HOUR]);
    expect(got.made).toBeGreaterThan(0);
  });

  it("give ICU's canonical names of the names they list, and nothing malformed", async () => {
    const zones = await freshZones('shipNames');
    const tables = { 'Asia/Calcutta': {}, 'Asia/Kolkata': {}, 'Zone/Inject': {} };
    zones.useShippedZones(shippedOf(tables, { 'Asia/Kolkata': 'Asia/Calcutta', 'Zone/Inject': 'Asia/Tokyo\u001b[2J' }));
    const got = countingIntl(() => [zones.canonicalZoneName('Asia/Kolkata'), zones.canonicalZoneName('Asia/Calcutta'), zones.knownZoneName('Asia/Kolkata')]);
    expect(got.value).toEqual(['Asia/Calcutta', 'Asia/Calcutta', true]);
    expect(got.made).toBe(0);
    expect(zones.freshZoneNames()).toEqual({ 'Asia/Kolkata': 'Asia/Calcutta', 'Asia/Calcutta': 'Asia/Calcutta' });
    // A malformed listed name is asked of ICU, which refuses the zone.
    expect(() => zones.canonicalZoneName('Zone/Inject')).toThrow(RangeError);
    zones.useShippedZones(null);
    expect(zones.knownZoneName('Asia/Kolkata')).toBe(false);
  });
});
