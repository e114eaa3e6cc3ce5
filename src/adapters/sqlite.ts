/**
 * Opening a SQLite file with better-sqlite3, for the store.
 *
 * better-sqlite3 finds its native addon through the `bindings` package on the first open:
 * up to a dozen candidate paths stat'ed in turn, 3-5 ms of a ~150 ms `etiq report
 * --client` (issue 11). Its own build puts the addon at build/Release/better_sqlite3.node;
 * when that file is there it is passed as `nativeBinding`, else the search runs as before
 * (a Debug build, another layout).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Database from 'better-sqlite3';

const require = createRequire(import.meta.url);
let Sqlite: typeof Database | undefined;
let addon: string | null | undefined;

/** The addon's path, or null to let better-sqlite3 look for it. */
function nativeBinding(): string | null {
  if (addon !== undefined) return addon;
  try {
    const pkg = require.resolve('better-sqlite3/package.json');
    const file = path.join(path.dirname(pkg), 'build', 'Release', 'better_sqlite3.node');
    addon = fs.existsSync(file) ? file : null;
  } catch {
    addon = null;
  }
  return addon;
}

/**
 * better-sqlite3 is loaded on the first open, not with this module: `slots` (and `report`
 * without a database) import the store but open no database when there is none, and its
 * dozen files cost ~3 ms to find and compile (issue 13).
 */
export function openSqlite(file: string | Buffer, options: Database.Options = {}): Database.Database {
  Sqlite ??= require('better-sqlite3') as typeof Database;
  const binding = nativeBinding();
  return new Sqlite(file, binding ? { ...options, nativeBinding: binding } : options);
}
