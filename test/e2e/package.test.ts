/**
 * The package as a user gets it (issue 12): `npm pack`, then a global install of the
 * tarball into an empty prefix, from a folder that is not the repository, and the
 * installed `etiq` on its own: `--version`, `init --help` and a real `slots` against the
 * sample calendar it ships, from a cwd that is neither the package nor the repository.
 *
 * Slow (1.5-2 min here): the install compiles better-sqlite3, as a user's does. It packs
 * what `npm test` has just built (`npm pack --ignore-scripts`: `prepack` would rebuild
 * dist/ under the feet of the other tests, which run it in parallel), and leaves the
 * repository as it found it. npm uses the machine's own config and cache (an isolated
 * cache would fetch every package again; --prefer-offline takes what the cache has).
 *
 * It also checks what npm says about install scripts. npm 11 asks before a package's
 * install-time scripts run (allowScripts); a global install reads no project's policy, so
 * it names every package with such a script until the user allows it. etiq has none of
 * its own (no `prepare`, no `install`); its one dependency with a build step is
 * better-sqlite3, which the README's install command allows by name
 * (`--allow-scripts=better-sqlite3`). So: `npm link` and the README's install print no
 * install-scripts warning, and a plain `npm i -g` names better-sqlite3 and nothing else.
 *
 * Skipped, with a message, only where npm is not on PATH.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, repoRoot, spawnEtiq, tempDirsRemovedAfterAll, type RunResult } from './helpers.js';

const win = process.platform === 'win32';
const npm = win ? 'npm.cmd' : 'npm';

/** npm's environment: ours without what `npm test` put there for the repository (npm_config_prefix, npm_package_*, ...). */
const npmEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));

const npmVersion = (() => {
  const r = spawnSync(npm, ['--version'], { encoding: 'utf8', env: npmEnv, shell: win });
  return r.status === 0 ? r.stdout.trim() : null;
})();
if (npmVersion === null) console.warn('test/e2e/package.test.ts: skipped: npm is not on PATH, so the package cannot be packed and installed.');

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string; dependencies?: Record<string, string> };

/** Every file the package must have, and the only ones it may have (paths in the tarball). */
const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'bin/etiq.cjs', 'dist/bundle/main.cjs', 'dist/bundle/THIRD-PARTY-LICENSES.txt', 'fixtures/sample/config.toml'];
const ALLOWED = [/^(package\.json|README\.md|LICENSE)$/, /^bin\/[^/]+\.c?js$/, /^dist\/bundle\/[^/]+\.c?js$/, /^dist\/bundle\/THIRD-PARTY-LICENSES\.txt$/, /^fixtures\/sample\/[^/]+\.(toml|ics)$/];
/** Code: what bin/ and the bundle are made of. */
const CODE = /\.c?js$/;

const temp = tempDirsRemovedAfterAll();

/** Runs a command to its end; never rejects on a non-zero exit. */
function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<RunResult & { ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], shell: win });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started }));
  });
}

/** The global layout under a prefix. */
function globalPaths(prefix: string): { pkgDir: string; bin: string } {
  return win
    ? { pkgDir: path.join(prefix, 'node_modules', pkg.name), bin: path.join(prefix, 'etiq.cmd') }
    : { pkgDir: path.join(prefix, 'lib', 'node_modules', pkg.name), bin: path.join(prefix, 'bin', 'etiq') };
}

/** Every file and folder under dir, relative. */
function listAll(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

/** The packages an `npm warn install-scripts` block names: `  better-sqlite3@12.11.1 (install: ...)`. */
function unreviewed(stderr: string): string[] {
  return [...stderr.matchAll(/^npm warn install-scripts {3}(@?[^@\s]+)@\S+ \(/gm)].map((m) => m[1]!);
}

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string; size: number }[];
}

describe.skipIf(npmVersion === null)(`the packed package, installed globally${npmVersion === null ? ' (skipped: npm is not on PATH)' : ''}`, () => {
  let packed: PackResult;
  let tarball: string;
  let prefix: string;
  let install: RunResult & { ms: number };
  /** Where etiq runs: neither the repository nor the package. */
  let elsewhere: string;
  let etiqEnv: NodeJS.ProcessEnv;
  /** The installed package's files right after the install. */
  let installedFiles: string[];

  beforeAll(async () => {
    for (const f of ['dist/bundle/main.cjs', 'dist/bundle/THIRD-PARTY-LICENSES.txt']) {
      if (!fs.existsSync(path.join(repoRoot, f))) throw new Error(`${f} is missing: build first (npm test does: npm run build)`);
    }
    // The tarball, carried off to a folder of its own: the "machine without the repository".
    const away = temp('etiq-pkg-away-');
    const p = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', away], { cwd: repoRoot, env: npmEnv });
    expect(p.code, `npm pack failed:\n${p.stderr}`).toBe(0);
    packed = (JSON.parse(p.stdout) as PackResult[])[0]!;
    tarball = path.join(away, packed.filename);

    prefix = temp('etiq-pkg-prefix-');
    // The machine's own global config (registry, certificates), which --prefix would
    // otherwise move to PREFIX/etc/npmrc.
    const gc = await run(npm, ['config', 'get', 'globalconfig'], { cwd: away, env: npmEnv });
    const globalconfig = gc.stdout.trim();
    install = await run(npm, ['install', '--global', '--prefix', prefix, `--globalconfig=${globalconfig}`, '--allow-scripts=better-sqlite3', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: away, env: npmEnv });
    expect(install.code, `npm install -g failed:\n${install.stdout}\n${install.stderr}`).toBe(0);

    installedFiles = listAll(globalPaths(prefix).pkgDir);
    const home = temp('etiq-pkg-home-');
    elsewhere = temp('etiq-pkg-cwd-');
    etiqEnv = isolatedEnv(home);
    console.log(
      `${packed.filename}: ${packed.size} B packed, ${packed.unpackedSize} B unpacked, ${packed.entryCount} files; ` +
        `npm ${npmVersion} global install ${(install.ms / 1000).toFixed(0)} s`,
    );
  }, 900_000);

  it('packs only what etiq needs at run time', () => {
    const files = packed.files.map((f) => f.path).sort();
    expect(files.filter((f) => !ALLOWED.some((re) => re.test(f))), 'files packed that the package does not need').toEqual([]);
    for (const f of REQUIRED) expect(files).toContain(f);
    // All of bin/ and every chunk of the bundle (loaded by hashed names), and no source map.
    for (const dir of ['bin', 'dist/bundle']) {
      for (const f of fs.readdirSync(path.join(repoRoot, dir)).filter((n) => CODE.test(n))) expect(files).toContain(`${dir}/${f}`);
    }
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    // The sample calendars the sample config names.
    const config = fs.readFileSync(path.join(repoRoot, 'fixtures', 'sample', 'config.toml'), 'utf8');
    const calendars = [...(config.match(/^calendars\s*=\s*\[([^\]]*)\]/m)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    expect(calendars.length).toBeGreaterThan(0);
    for (const c of calendars) expect(files).toContain(`fixtures/sample/${c}`);
  });

  it('installs with no install-scripts warning, and has every package the bundle loads', async () => {
    // (Where the user's own .npmrc sets allow-scripts, npm also notes that the flag wins:
    // that line is about their config, not about etiq.)
    const warnings = install.stderr.split('\n').filter((l) => /install-scripts/.test(l) && !/\.npmrc allow-scripts setting is being ignored/.test(l));
    expect(warnings, install.stderr).toEqual([]);
    const { pkgDir, bin } = globalPaths(prefix);
    expect(fs.existsSync(bin), `${bin} is missing`).toBe(true);
    // The packed package.json's dependencies are what the bundle still loads (better-sqlite3,
    // windows-iana): all the rest is inlined.
    const installed = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as typeof pkg;
    expect(installed.dependencies).toEqual(pkg.dependencies);
    const check = await run(process.execPath, [path.join(repoRoot, 'scripts', 'pack-deps.js'), '--check', pkgDir], { cwd: elsewhere, env: etiqEnv });
    expect(check.code, check.stderr).toBe(0);
    // The native addon was built and loads.
    const sqlite = await run(
      process.execPath,
      ['--input-type=module', '-e', `import { createRequire } from 'node:module'; const Database = createRequire(${JSON.stringify(path.join(pkgDir, 'dist', 'bundle', 'main.cjs'))})('better-sqlite3'); console.log(new Database(':memory:').prepare('select sqlite_version() as v').get().v);`],
      { cwd: elsewhere, env: etiqEnv },
    );
    expect(sqlite.code, sqlite.stderr).toBe(0);
    expect(sqlite.stdout).toMatch(/^3\.\d+\.\d+\n$/);
  });

  it('runs etiq --version', async () => {
    const r = await run(globalPaths(prefix).bin, ['--version'], { cwd: elsewhere, env: etiqEnv });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('runs etiq init --help', async () => {
    const r = await run(globalPaths(prefix).bin, ['init', '--help'], { cwd: elsewhere, env: etiqEnv });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: etiq init \[options\]/);
    expect(r.stdout).toContain('--no-input');
  });

  it('runs a real etiq slots against the sample calendar it ships, from any folder', async () => {
    const args = ['slots', '--config', path.join(globalPaths(prefix).pkgDir, 'fixtures', 'sample', 'config.toml'), '--now', '2026-03-09T08:00:00'];
    const r = await run(globalPaths(prefix).bin, args, { cwd: elsewhere, env: etiqEnv });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Free 30-minute slots .* \(America\/New_York\)\n/);
    expect(r.stdout).toContain('Wed 11 Mar  11:00–11:30');
    // Word for word what the repository's own build says.
    const mine = await spawnEtiq(['slots', '--config', path.join(repoRoot, 'fixtures', 'sample', 'config.toml'), '--now', '2026-03-09T08:00:00'], { env: isolatedEnv() });
    expect(mine.code).toBe(0);
    expect(r.stdout).toBe(mine.stdout);
  });

  it('writes nothing into the installed package when it runs (a global install can be read-only)', () => {
    // etiq's own cache (the V8 code cache too) goes to the XDG folders of etiqEnv.
    expect(listAll(globalPaths(prefix).pkgDir)).toEqual(installedFiles);
  });

  it('without the README\'s --allow-scripts, npm asks about better-sqlite3 only, never about etiq itself', async () => {
    // A dry run says what a plain `npm i -g TARBALL` would ask, in a second or two.
    const dry = temp('etiq-pkg-dry-');
    fs.mkdirSync(path.join(dry, 'lib'));
    const r = await run(npm, ['install', '--global', '--prefix', dry, '--dry-run', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: elsewhere, env: npmEnv });
    expect(r.code, r.stderr).toBe(0);
    const names = unreviewed(r.stderr);
    if (/install-scripts/.test(r.stderr)) expect(names, r.stderr).not.toEqual([]);
    // None at all where the user's npm config already allows better-sqlite3.
    expect(names.filter((name) => name !== 'better-sqlite3'), r.stderr).toEqual([]);
  }, 120_000);

  it('npm link puts etiq on PATH with no install-scripts warning, and changes nothing in the repository', async () => {
    const linkPrefix = temp('etiq-pkg-link-');
    const lock = fs.statSync(path.join(repoRoot, 'package-lock.json')).mtimeMs;
    // NPM_CONFIG_PREFIX, not --prefix: the latter would also move the package npm links.
    const r = await run(npm, ['link', '--no-audit', '--no-fund'], { cwd: repoRoot, env: { ...npmEnv, NPM_CONFIG_PREFIX: linkPrefix } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/install-scripts/);
    expect(fs.realpathSync(globalPaths(linkPrefix).pkgDir)).toBe(fs.realpathSync(repoRoot));
    expect(fs.statSync(path.join(repoRoot, 'package-lock.json')).mtimeMs).toBe(lock);
    const v = await run(globalPaths(linkPrefix).bin, ['--version'], { cwd: elsewhere, env: etiqEnv });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toBe(`${pkg.version}\n`);
  }, 120_000);
});
