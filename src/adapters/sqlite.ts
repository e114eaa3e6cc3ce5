/**
 * Opening a SQLite file with better-sqlite3, for the store.
 *
 * better-sqlite3 finds its native addon through the `bindings` package on the first open:
 * up to a dozen candidate paths stat'ed in turn, 3-5 ms of a ~150 ms `etiq report
 * --client` (issue 11). Its own build puts the addon at build/Release/better_sqlite3.node;
 * when that file is there it is passed as `nativeBinding`, else the search runs as before
 * (a Debug build, another layout).
 *
 * Its JavaScript (a dozen small files) is inlined in the bundle (sqlite-bundled.ts, made by
 * scripts/bundle.js) and used when the installed package is the very version it was taken
 * from, and its addon is at the usual place: found and compiled file by file from
 * node_modules, it cost ~8 ms of every command that opens a database, against ~1 ms from the
 * bundle's code cache (issue 13). Any other version of the installed package (an update
 * without a rebuild of etiq) is loaded from node_modules as it is: its JavaScript and its
 * addon always go together.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { bundledSqlite, type BundledSqlite } from './sqlite-bundled.js';

const require = createRequire(import.meta.url);

/** The installed better-sqlite3: its version and the addon's path (null: let it look for it). */
interface Installed {
  version: string | null;
  addon: string | null;
}

let installed: Installed | undefined;
let Sqlite: typeof Database | undefined;

function findInstalled(): Installed {
  try {
    const pkg = require.resolve('better-sqlite3/package.json');
    const file = join(dirname(pkg), 'build', 'Release', 'better_sqlite3.node');
    const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version?: unknown };
    return { version: typeof version === 'string' ? version : null, addon: existsSync(file) ? file : null };
  } catch {
    return { version: null, addon: null };
  }
}

/**
 * Which JavaScript drives the installed addon: the bundle's copy only when it is of the
 * installed version and the addon's path is known (the copy carries no `bindings`).
 */
export function chooseSqlite(bundled: BundledSqlite | null, inst: Installed): 'bundled' | 'installed' {
  return bundled !== null && inst.addon !== null && inst.version !== null && bundled.version === inst.version ? 'bundled' : 'installed';
}

/**
 * better-sqlite3 is loaded on the first open, not with this module: `slots` (and `report`
 * without a database) import the store but open no database when there is none.
 */
export function openSqlite(file: string | Buffer, options: Database.Options = {}): Database.Database {
  installed ??= findInstalled();
  if (Sqlite === undefined) {
    const bundled = bundledSqlite();
    Sqlite = chooseSqlite(bundled, installed) === 'bundled' ? bundled!.load() : (require('better-sqlite3') as typeof Database);
  }
  const binding = installed.addon;
  return new Sqlite(file, binding ? { ...options, nativeBinding: binding } : options);
}
