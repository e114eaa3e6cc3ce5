/**
 * The year tables of IANA zones, kept between runs (issue 13): a warm run in a user's zone
 * would otherwise create the process's first Intl object, ~20 ms of ICU start-up, only to
 * check the zone's name and make the tables an earlier run already made (zones.ts,
 * seedZoneTables). The tables are data from the platform's tz database, so a file holds
 * one Node, ICU and tz data version's (`<cache>/zones/<node>-<icu>-<tz>.json`): another
 * version makes its own from Intl.
 *
 * The file starts with the SHA-256 of the rest (a flipped digit would move an offset, and
 * with it the times etiq offers): a damaged, cut or foreign file is ignored, and its
 * tables are made again. It is read before the settings are checked and written, whole,
 * after the run when the run made tables it did not hold. `--no-cache` does neither.
 *
 * The file also keeps ICU's canonical names of the zone names etiq was given (a client's
 * zone: `zoneName`), which would otherwise take an Intl object of their own. Its JSON is
 * `{ "format": 2, "tables": {...}, "names": {...} }`; a file of tables alone (the first
 * form) is read as such.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshZoneNames, freshZoneTables, seedZoneNames, seedZoneTables, type ShippedZones, type ZoneNames, type ZoneTables } from '../core/calendar/zones.js';
import { makeFolder, readChecked, replaceChecked, replaceFile, sha256 } from './folders.js';

/** This Node, ICU and tz data version, as a file name: what the tables depend on. */
export function platformKey(): string {
  return [process.version, process.versions.icu ?? 'no-icu', process.versions.tz ?? 'no-tz'].join('-').replace(/[^A-Za-z0-9.-]/g, '_');
}

/** This platform's file of tables, in etiq's cache folder. */
export function zoneTablesFile(cacheDir: string): string {
  return path.join(cacheDir, 'zones', `${platformKey()}.json`);
}

/** What the file holds. */
interface Kept {
  tables: ZoneTables;
  names: ZoneNames;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The tables and names in `file`, or null when there is none or it is damaged. */
function readKept(file: string): Kept | null {
  const data = readChecked(file);
  if (data === null) return null;
  try {
    const json = JSON.parse(data.toString('utf8')) as unknown;
    if (!isObject(json)) return null;
    if (json['format'] === 2) {
      return isObject(json['tables']) && isObject(json['names']) ? { tables: json['tables'] as ZoneTables, names: json['names'] as ZoneNames } : null;
    }
    return { tables: json as ZoneTables, names: {} };
  } catch {
    return null;
  }
}

/** Hands the kept tables and names to zones.ts (before any zone is made). */
export function loadZoneTables(cacheDir: string): void {
  const kept = readKept(zoneTablesFile(cacheDir));
  if (!kept) return;
  seedZoneTables(kept.tables);
  seedZoneNames(kept.names);
}

/** Keeps the tables and names this run made (freshZoneTables, freshZoneNames) beside those the file holds. Never throws. */
export function saveZoneTables(cacheDir: string): void {
  const made = freshZoneTables();
  const names = freshZoneNames();
  if (!made && !names) return;
  const file = zoneTablesFile(cacheDir);
  const kept = readKept(file) ?? { tables: {}, names: {} };
  let added = false;
  for (const [zone, years] of Object.entries(made ?? {})) {
    const mine = (kept.tables[zone] ??= {});
    for (const [year, table] of Object.entries(years)) {
      if (mine[year] !== undefined) continue;
      mine[year] = table;
      added = true;
    }
  }
  for (const [name, canonical] of Object.entries(names ?? {})) {
    if (kept.names[name] === canonical) continue;
    kept.names[name] = canonical;
    added = true;
  }
  if (!added) return;
  try {
    makeFolder(path.dirname(file));
    replaceChecked(file, Buffer.from(JSON.stringify({ format: 2, tables: kept.tables, names: kept.names }), 'utf8'), 0o600);
  } catch {
    // a read-only or full cache folder: the next run makes them again
  }
}

// ---------------------------------------------------------------------------------------
// The tables the build makes (scripts/zone-tables.js)
//
// `npm run build` tabulates every zone ICU lists, for SHIPPED_YEARS, with zones.ts' own
// code on the Node that builds: `dist/zones/<node>-<icu>-<tz>.json`. A run on the same
// platform reads a zone's tables from there when its cache has none, so the first read of
// a calendar asks ICU nothing (issue 13: ~50 ms and ~6 MB of a first run on the bench
// calendar); another platform's Node finds no file of its own and asks ICU as before.
// `--no-cache` (and ETIQ_SHIPPED_ZONES=0) leave the file unread.
//
// The file is one line of JSON, then the zones' tables one after the other:
//   {"format":1,"platform":KEY,"code":DIGEST,"years":[FROM,TO],"zones":{NAME:[START,LENGTH,DIGEST]},"names":{NAME:CANONICAL}}
// START and LENGTH are byte offsets after the first line; each zone's JSON is
// `{YEAR: {initial, ats, offsets}}` as freshZoneTables() gives it, and its DIGEST is the
// first 16 hex digits of its SHA-256: a damaged zone is refused (and asked of ICU), the
// rest are read. `names` holds ICU's canonical name of a listed name where they differ;
// `code` is the SHA-256 of the tabulating code, so the build makes the file again when it
// changes.

/** The years the build tabulates: a calendar read in 2026 needs 2024-2028 or so. */
export const SHIPPED_YEARS: readonly [number, number] = [2000, 2040];

/** dist/zones/ of this etiq: the root is two folders up from this module (src/adapters, dist/adapters or dist/bundle). */
export function shippedZonesFile(root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..')): string {
  return path.join(root, 'dist', 'zones', `${platformKey()}.json`);
}

const shortDigest = (data: Uint8Array): string => sha256(data).toString('hex').slice(0, 16);

/** The first line of a file of shipped tables. */
interface ShippedHeader {
  format: 1;
  platform: string;
  code: string;
  years: [number, number];
  zones: Record<string, [number, number, string]>;
  names: Record<string, string>;
}

/** Writes the build's tables (scripts/zone-tables.js). `code` identifies the tabulating code. */
export function writeShippedZones(file: string, tables: ZoneTables, names: ZoneNames, code: string, years: readonly [number, number] = SHIPPED_YEARS): void {
  const bodies: Buffer[] = [];
  const zones: ShippedHeader['zones'] = {};
  let at = 0;
  for (const name of Object.keys(tables).sort()) {
    const body = Buffer.from(JSON.stringify(tables[name]), 'utf8');
    zones[name] = [at, body.length, shortDigest(body)];
    bodies.push(body);
    at += body.length;
  }
  const header: ShippedHeader = { format: 1, platform: platformKey(), code, years: [years[0], years[1]], zones, names };
  makeFolder(path.dirname(file));
  // Unlike a cache's write, the build's must not fail quietly.
  if (!replaceFile(file, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), ...bodies]))) throw new Error(`${file}: could not be written`);
}

/** The first line of `file` when it is a file of this platform's shipped tables, and the bytes after it; null otherwise. */
export function readShippedHeader(file: string): { header: ShippedHeader; body: Buffer } | null {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return null;
  }
  const nl = buf.indexOf(10);
  if (nl < 0) return null;
  try {
    const header = JSON.parse(buf.toString('utf8', 0, nl)) as Partial<ShippedHeader>;
    const { years } = header;
    const spanOk = Array.isArray(years) && years.length === 2 && Number.isInteger(years[0]) && Number.isInteger(years[1]);
    if (header.format !== 1 || header.platform !== platformKey() || typeof header.code !== 'string' || !spanOk || !isObject(header.zones) || !isObject(header.names)) return null;
    return { header: header as ShippedHeader, body: buf.subarray(nl + 1) };
  } catch {
    return null;
  }
}

/**
 * The build's tables in `file` for zones.ts, read on first use: a warm run finds its zones
 * in the cache and never opens the file. No file for this platform, or a damaged first
 * line, is no tables; a damaged zone is that zone's none.
 */
export function shippedZones(file: string): ShippedZones {
  let read: ShippedZones | null | undefined;
  const got = (): ShippedZones | null => (read === undefined ? (read = readShippedZones(file)) : read);
  return {
    has: (name) => got()?.has(name) ?? false,
    canonical: (name) => got()?.canonical(name) ?? name,
    tables: (name) => got()?.tables(name) ?? null,
  };
}

function readShippedZones(file: string): ShippedZones | null {
  const read = readShippedHeader(file);
  if (!read) return null;
  const { header, body } = read;
  const zones = new Map<string, [number, number, string]>();
  for (const [name, at] of Object.entries(header.zones)) {
    if (Array.isArray(at) && Number.isInteger(at[0]) && Number.isInteger(at[1]) && at[0] >= 0 && at[1] > 0 && at[0] + at[1] <= body.length && typeof at[2] === 'string') zones.set(name, at);
  }
  const names = new Map<string, string>();
  for (const [name, canonical] of Object.entries(header.names)) if (zones.has(name) && typeof canonical === 'string') names.set(name, canonical);
  return {
    has: (name) => zones.has(name),
    canonical: (name) => names.get(name) ?? name,
    tables: (name) => {
      const at = zones.get(name);
      if (!at) return null;
      const bytes = body.subarray(at[0], at[0] + at[1]);
      if (shortDigest(bytes) !== at[2]) return null;
      try {
        return JSON.parse(bytes.toString('utf8')) as unknown;
      } catch {
        return null;
      }
    },
  };
}
