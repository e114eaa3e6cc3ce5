// The bundle's copy of better-sqlite3's JavaScript (scripts/bundle.js, src/adapters/sqlite.ts;
// issue 13): a fast path for every command that opens a database, used only with the
// installed package of the same version. Spawned: only the built bundle carries the copy.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, isolatedEnv, repoRoot, spawnNode, tempDir } from './helpers.js';

const SAMPLE = ['--config', path.join(fixtures, 'sample', 'config.toml'), '--now', '2026-03-09T08:00:00'];

describe('better-sqlite3 in the bundle', () => {
  it('a store command runs on the bundle\'s copy of better-sqlite3, and on the installed one when its version differs', async () => {
    // The bundle inlines better-sqlite3's JavaScript (scripts/bundle.js) for the installed
    // version only: another version (an update without a rebuild) must load its own
    // JavaScript with its own addon. A copy of etiq whose node_modules holds the same
    // package under another version number shows the second path; the output is the same.
    const home = tempDir('etiq-sqlite-copy-');
    const installed = path.join(repoRoot, 'node_modules', 'better-sqlite3');
    const copy = path.join(home, 'etiq');
    fs.mkdirSync(path.join(copy, 'node_modules', 'better-sqlite3'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'bin'), path.join(copy, 'bin'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'dist', 'bundle'), path.join(copy, 'dist', 'bundle'), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(copy, 'package.json'));
    for (const dep of fs.readdirSync(path.join(repoRoot, 'node_modules'))) {
      if (dep !== 'better-sqlite3') fs.symlinkSync(path.join(repoRoot, 'node_modules', dep), path.join(copy, 'node_modules', dep));
    }
    for (const part of ['lib', 'build']) fs.symlinkSync(path.join(installed, part), path.join(copy, 'node_modules', 'better-sqlite3', part));
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { version: string };
    const writeVersion = (version: string) => fs.writeFileSync(path.join(copy, 'node_modules', 'better-sqlite3', 'package.json'), JSON.stringify({ ...pkg, version }));
    // Prints, at exit, the better-sqlite3 files Node loaded itself (the bundle's copy is none of them).
    const probe = path.join(home, 'probe.cjs');
    fs.writeFileSync(probe, "process.on('exit', () => process.stderr.write('LOADED ' + Object.keys(require.cache).filter((f) => f.includes('better-sqlite3')).map((f) => require('path').basename(f)).sort().join(',') + '\\n'));");
    const env = isolatedEnv(home);
    const run = async (version: string) => {
      writeVersion(version);
      const db = path.join(home, `${version}.db`);
      const r = await spawnNode(['-r', probe, path.join(copy, 'bin', 'etiq.cjs'), 'noshow', ...SAMPLE, '--client', 'kofi@clientco.example', '--at', '2026-03-02T10:00', '--duration', '30m', '--no-draft', '--db', db, '--json'], { env });
      const loaded = /LOADED (.*)/.exec(r.stderr)?.[1] ?? '';
      return { code: r.code, stdout: r.stdout, loaded };
    };
    const same = await run(pkg.version);
    const other = await run(`${pkg.version}-other`);
    expect(same.code, same.stdout).toBe(0);
    expect(same.loaded).toBe('better_sqlite3.node');
    expect(other.code).toBe(0);
    expect(other.loaded.split(',')).toEqual(expect.arrayContaining(['better_sqlite3.node', 'database.js', 'index.js']));
    expect(other.stdout).toBe(same.stdout);
  });
});
