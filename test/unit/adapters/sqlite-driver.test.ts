// Which JavaScript drives the installed better-sqlite3 addon (src/adapters/sqlite.ts): the
// copy the bundle inlines only with the very version it was taken from, and only when the
// addon's path is known (the copy has no `bindings` to look for it).
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { chooseSqlite } from '../../../src/adapters/sqlite.js';
import { bundledSqlite } from '../../../src/adapters/sqlite-bundled.js';

const copy = { version: '12.11.1', load: () => function Fake() {} as unknown as typeof Database };
const addon = '/x/node_modules/better-sqlite3/build/Release/better_sqlite3.node';

describe('chooseSqlite', () => {
  it('takes the bundled copy for the same version with the addon found', () => {
    expect(chooseSqlite(copy, { version: '12.11.1', addon })).toBe('bundled');
  });

  it('loads the installed package for any other version, an unknown one, or an addon it must look for', () => {
    expect(chooseSqlite(copy, { version: '12.11.2', addon })).toBe('installed');
    expect(chooseSqlite(copy, { version: '12.1.1', addon })).toBe('installed');
    expect(chooseSqlite(copy, { version: null, addon })).toBe('installed');
    expect(chooseSqlite(copy, { version: '12.11.1', addon: null })).toBe('installed');
  });

  it('loads the installed package outside the bundle (the sources and dist/ have no copy)', () => {
    expect(bundledSqlite()).toBeNull();
    expect(chooseSqlite(bundledSqlite(), { version: '12.11.1', addon })).toBe('installed');
  });
});
