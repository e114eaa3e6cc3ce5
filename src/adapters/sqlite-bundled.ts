/**
 * better-sqlite3's own JavaScript as the bundle inlines it, with the version it came from.
 * scripts/bundle.js replaces this module: here, from dist/ or the sources (the tests), there
 * is none, and better-sqlite3 is loaded from node_modules. See sqlite.ts for when the
 * inlined copy is used.
 */
import type Database from 'better-sqlite3';

export interface BundledSqlite {
  /** The version of the better-sqlite3 package the JavaScript was taken from. */
  version: string;
  /** Runs the inlined JavaScript (once) and returns its Database. */
  load: () => typeof Database;
}

export function bundledSqlite(): BundledSqlite | null {
  return null;
}
