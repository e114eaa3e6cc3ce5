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
 */
import path from 'node:path';
import { freshZoneTables, seedZoneTables, type ZoneTables } from '../core/calendar/zones.js';
import { makeFolder, readChecked, replaceChecked } from './folders.js';

/** This platform's file of tables, in etiq's cache folder. */
export function zoneTablesFile(cacheDir: string): string {
  const version = [process.version, process.versions.icu ?? 'no-icu', process.versions.tz ?? 'no-tz'].join('-').replace(/[^A-Za-z0-9.-]/g, '_');
  return path.join(cacheDir, 'zones', `${version}.json`);
}

/** The tables in `file`, or null when there is none or it is damaged. */
function readTables(file: string): ZoneTables | null {
  const data = readChecked(file);
  if (data === null) return null;
  try {
    const tables = JSON.parse(data.toString('utf8')) as unknown;
    return tables && typeof tables === 'object' && !Array.isArray(tables) ? (tables as ZoneTables) : null;
  } catch {
    return null;
  }
}

/** Hands the kept tables to zones.ts (before any zone is made). */
export function loadZoneTables(cacheDir: string): void {
  const tables = readTables(zoneTablesFile(cacheDir));
  if (tables) seedZoneTables(tables);
}

/** Keeps the tables this run made (freshZoneTables) beside those the file holds. Never throws. */
export function saveZoneTables(cacheDir: string): void {
  const made = freshZoneTables();
  if (!made) return;
  const file = zoneTablesFile(cacheDir);
  const kept = readTables(file) ?? {};
  let added = false;
  for (const [zone, years] of Object.entries(made)) {
    const mine = (kept[zone] ??= {});
    for (const [year, table] of Object.entries(years)) {
      if (mine[year] !== undefined) continue;
      mine[year] = table;
      added = true;
    }
  }
  if (!added) return;
  try {
    makeFolder(path.dirname(file));
    replaceChecked(file, Buffer.from(JSON.stringify(kept), 'utf8'), 0o600);
  } catch {
    // a read-only or full cache folder: the next run makes them again
  }
}
