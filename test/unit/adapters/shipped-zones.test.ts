// The zone tables the build ships (adapters/zone-tables.ts, scripts/zone-tables.js; issue
// 13): the file's form read back, a damaged zone refused alone, another platform's file
// not used; and the build's own file, where there is one for this Node, checked against
// tables made from Intl now.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIPPED_YEARS, platformKey, readShippedHeader, shippedZones, shippedZonesFile, writeShippedZones } from '../../../src/adapters/zone-tables.js';
import type * as Zones from '../../../src/core/calendar/zones.js';
import { repoRoot as repo, tempDirsRemovedAfterAll } from '../../e2e/helpers.js';

const tempDir = tempDirsRemovedAfterAll();

/** A module instance of its own (zones.ts keeps what it made in module state). */
const INSTANCES: Record<string, () => Promise<unknown>> = {
  made: () => import('../../../src/core/calendar/zones.js?shippedMade' as string),
  build: () => import('../../../src/core/calendar/zones.js?shippedBuild' as string),
};
const zonesModule = async (tag: string): Promise<typeof Zones> => (await INSTANCES[tag]!()) as typeof Zones;

/** Tables of `names` for `years`, made from Intl. */
async function madeTables(names: string[], years: number[]): Promise<Zones.ZoneTables> {
  const zones = await zonesModule('made');
  for (const name of names) for (const year of years) zones.ianaZone(name)!.offsetMs(Date.UTC(year, 6, 1));
  const all = zones.freshZoneTables()!;
  return Object.fromEntries(names.map((n) => [n, Object.fromEntries(years.map((y) => [String(y), all[n]![String(y)]!]))]));
}

describe("the build's file of zone tables", () => {
  it('reads back what was written: tables, canonical names, and only on first use', async () => {
    const tables = await madeTables(['Europe/Berlin', 'America/Santiago', 'Asia/Kolkata'], [2025, 2026]);
    const file = path.join(tempDir('etiq-shipped-'), 'zones', `${platformKey()}.json`);
    const source = shippedZones(file); // nothing there yet: read when first asked
    writeShippedZones(file, tables, { 'Asia/Kolkata': 'Asia/Calcutta' }, 'code');
    expect(source.has('Europe/Berlin')).toBe(true);
    expect(source.has('Europe/Paris')).toBe(false);
    expect(source.has('__proto__')).toBe(false);
    expect(source.tables('America/Santiago')).toEqual(tables['America/Santiago']);
    expect(source.canonical('Asia/Kolkata')).toBe('Asia/Calcutta');
    expect(source.canonical('Europe/Berlin')).toBe('Europe/Berlin');
    const { header } = readShippedHeader(file)!;
    expect(header).toMatchObject({ format: 1, platform: platformKey(), code: 'code', years: [...SHIPPED_YEARS] });
    expect(Object.keys(header.zones)).toEqual(['America/Santiago', 'Asia/Kolkata', 'Europe/Berlin']);
  });

  it('refuses a damaged zone alone, and a file of another platform or without its first line whole', async () => {
    const tables = await madeTables(['Europe/Berlin', 'America/Santiago'], [2026]);
    const dir = tempDir('etiq-shipped-');
    const file = path.join(dir, `${platformKey()}.json`);
    writeShippedZones(file, tables, {}, 'code');
    const good = fs.readFileSync(file);
    // A digit of Berlin's offsets changed: the JSON still parses, its digest no longer matches.
    const nl = good.indexOf(10);
    const { header } = readShippedHeader(file)!;
    const [start] = header.zones['Europe/Berlin']!;
    const body = Buffer.from(good.subarray(nl + 1));
    const digit = body.indexOf('3600000', start);
    body[digit] = '4'.charCodeAt(0);
    fs.writeFileSync(file, Buffer.concat([good.subarray(0, nl + 1), body]));
    const damaged = shippedZones(file);
    expect(damaged.has('Europe/Berlin')).toBe(true);
    expect(damaged.tables('Europe/Berlin')).toBeNull();
    expect(damaged.tables('America/Santiago')).toEqual(tables['America/Santiago']);

    const other = path.join(dir, 'other.json');
    fs.writeFileSync(other, good.toString('utf8').replace(platformKey(), 'v0.0.0-1.0-2000a'));
    expect(shippedZones(other).has('Europe/Berlin')).toBe(false);
    fs.writeFileSync(other, good.subarray(0, nl - 10));
    expect(shippedZones(other).has('Europe/Berlin')).toBe(false);
    // A first line without its span of years or its code's digest (the build reads both).
    for (const [from, to] of [['"years":[2000,2040]', '"years":[2000]'], ['"code":"code"', '"code":7']]) {
      fs.writeFileSync(other, good.toString('utf8').replace(from!, to!));
      expect(readShippedHeader(other), to).toBeNull();
    }
    expect(shippedZones(path.join(dir, 'missing.json')).tables('Europe/Berlin')).toBeNull();
  });

  // The build's file, made by `npm run build` on this Node: every zone ICU lists, and the
  // tables Intl gives now (all years of zones with odd rules, two years of every zone).
  const built = shippedZonesFile(repo);
  const present = fs.existsSync(built);
  if (!present) console.warn(`build's zone tables skipped: no ${path.relative(repo, built)} for this Node, ICU and tz data (npm run build makes it)`);
  it.skipIf(!present)("the build's file: every zone ICU lists, the years it says, and Intl's tables", async () => {
    const { header } = readShippedHeader(built)!;
    expect(header.years).toEqual([...SHIPPED_YEARS]);
    expect(header.code).toBe(createHash('sha256').update(fs.readFileSync(path.join(repo, 'dist', 'core', 'calendar', 'zones.js'))).digest('hex'));
    const listed = Intl.supportedValuesOf('timeZone');
    expect(Object.keys(header.zones).sort()).toEqual([...listed].sort());
    const source = shippedZones(built);
    const zones = await zonesModule('build');
    const [from, to] = SHIPPED_YEARS;
    const odd = ['Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Apia', 'Africa/Casablanca', 'Asia/Gaza', 'Europe/Dublin', 'Antarctica/Troll', 'America/Sao_Paulo'];
    let compared = 0;
    listed.forEach((name, i) => {
      const years = odd.includes(name) ? Array.from({ length: to - from + 1 }, (_, k) => from + k) : [2026, from + ((i * 7) % (to - from + 1))];
      const shipped = source.tables(name) as Record<string, unknown>;
      expect(Object.keys(shipped).length, name).toBe(to - from + 1);
      for (const year of years) zones.ianaZone(name)!.offsetMs(Date.UTC(year, 6, 1));
      const fresh = zones.freshZoneTables()![name]!;
      for (const year of years) {
        expect(shipped[String(year)], `${name} ${year}`).toEqual(fresh[String(year)]);
        compared++;
      }
      const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
      expect(source.canonical(name), name).toBe(canonical);
    });
    expect(compared).toBeGreaterThan(2 * listed.length);
  });
});
