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
import path from 'node:path';
import { freshZoneNames, freshZoneTables, seedZoneNames, seedZoneTables, type ZoneNames, type ZoneTables } from '../core/calendar/zones.js';
import { makeFolder, readChecked, replaceChecked } from './folders.js';

/** This platform's file of tables, in etiq's cache folder. */
export function zoneTablesFile(cacheDir: string): string {
  const version = [process.version, process.versions.icu ?? 'no-icu', process.versions.tz ?? 'no-tz'].join('-').replace(/[^A-Za-z0-9.-]/g, '_');
  return path.join(cacheDir, 'zones', `${version}.json`);
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
