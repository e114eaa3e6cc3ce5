// Builds etiq (`npm run build`) only when its build inputs changed since the last build,
// so that `npm run demo` (and `npm test`) do not spend ~10 s on tsc and the bundler when
// nothing changed.
//
//   node scripts/build-if-stale.js            build if stale, else do nothing (silent)
//   node scripts/build-if-stale.js --check    exit 0 when up to date, 1 when stale (no build)
//   node scripts/build-if-stale.js --force    build anyway (and write the stamp)
//
// Inputs: everything under src/ (dotfiles aside), scripts/zone-tables.js, scripts/bundle.js, scripts/pack-deps.js,
// tsconfig.json, package.json (the build script itself) and package-lock.json (the
// versions of typescript, rolldown and the bundled libraries).
// After a successful build, dist/.build-stamp holds the SHA-256 of the inputs (hashed
// *before* the build, so an edit made while it runs is seen next time) and the identity
// (mtime, size) of the bundle it produced. The build is up to date when:
//
// 1. the bundle is still the one the stamp saw, and the stamp's hash is the inputs' hash
//    (a `touch` or a checkout of the same content rebuilds nothing; a changed file is
//    stale whatever its time, also one edited while the build ran); or else
// 2. (no stamp, or the bundle was rebuilt since by a plain `npm run build`) make's rule:
//    the bundle was written after tsc's output (dist/cli/main.js; a failed tsc leaves only
//    the latter new), and no input file or folder (a deleted file changes its folder) is
//    newer than tsc's output. A build found fresh this way is stamped, so the next check
//    is (1). (An input edited while tsc ran, before it wrote, slips through this rule.)
//
// Plain ESM, no dependencies: it runs before anything is built.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where things are, relative to the root (a test passes its own). */
export const LAYOUT = Object.freeze({
  inputs: ['src', 'scripts/zone-tables.js', 'scripts/bundle.js', 'scripts/pack-deps.js', 'tsconfig.json', 'package.json', 'package-lock.json'],
  /** What bin/etiq.cjs runs: the last thing the build writes. */
  bundle: 'dist/bundle/main.cjs',
  /** tsc's output for the entry point, written before the bundle. */
  compiled: 'dist/cli/main.js',
  stamp: 'dist/.build-stamp',
});

function statOrNull(file) {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

/** Every input file (sorted, relative to root) and the newest mtime of any input file or folder. */
function walkInputs(root, inputs) {
  const files = [];
  let newestMtimeMs = 0;
  const visit = (rel) => {
    const st = statOrNull(path.join(root, rel));
    if (!st) return;
    newestMtimeMs = Math.max(newestMtimeMs, st.mtimeMs);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(path.join(root, rel))) {
        if (!name.startsWith('.')) visit(path.posix.join(rel, name));
      }
    } else if (st.isFile()) {
      files.push(rel);
    }
  };
  for (const rel of inputs) visit(rel);
  files.sort();
  return { files, newestMtimeMs };
}

/** The SHA-256 of the inputs: each file's path, length and content, in path order. */
export function inputsHash(root = repoRoot, layout = LAYOUT) {
  const { files, newestMtimeMs } = walkInputs(root, layout.inputs);
  const h = createHash('sha256');
  for (const rel of files) {
    const data = fs.readFileSync(path.join(root, rel));
    h.update(`${rel}\0${data.length}\0`);
    h.update(data);
  }
  // A listed input that does not exist is part of the state too (it may appear later).
  for (const rel of layout.inputs) if (!statOrNull(path.join(root, rel))) h.update(`missing\0${rel}\0`);
  return { hash: h.digest('hex'), files, newestMtimeMs };
}

function readStamp(root, layout) {
  try {
    const s = JSON.parse(fs.readFileSync(path.join(root, layout.stamp), 'utf8'));
    return s && typeof s.inputs === 'string' ? s : null;
  } catch {
    return null;
  }
}

/**
 * Is the build up to date? Returns `{ fresh, reason, hash, by }`: `by` is `stamp` or
 * `mtime` when fresh; `reason` says why it is stale, in words.
 */
export function checkBuild(root = repoRoot, layout = LAYOUT) {
  const { hash, newestMtimeMs } = inputsHash(root, layout);
  const bundle = statOrNull(path.join(root, layout.bundle));
  if (!bundle) return { fresh: false, reason: `${layout.bundle} does not exist (not built yet)`, hash };
  const stamp = readStamp(root, layout);
  if (stamp && stamp.bundle?.mtimeMs === bundle.mtimeMs && stamp.bundle?.size === bundle.size) {
    // The stamp describes this very bundle: the hashes decide, whatever the file times say.
    return stamp.inputs === hash
      ? { fresh: true, reason: 'the inputs are those of the last build', hash, by: 'stamp' }
      : { fresh: false, reason: 'the sources changed since the last build', hash };
  }
  // No stamp, or the bundle was rebuilt since without one (a plain `npm run build`).
  const compiled = statOrNull(path.join(root, layout.compiled));
  if (!compiled) return { fresh: false, reason: `${layout.compiled} does not exist`, hash };
  if (bundle.mtimeMs < compiled.mtimeMs) return { fresh: false, reason: 'the last build stopped after tsc: the bundle is older than its output', hash };
  if (newestMtimeMs >= compiled.mtimeMs) return { fresh: false, reason: 'the sources are newer than the last build', hash };
  return { fresh: true, reason: 'the last build is newer than every input', hash, by: 'mtime' };
}

/** Records that the build in dist/ was made from inputs with this hash (atomically). */
export function writeStamp(root = repoRoot, layout = LAYOUT, hash = inputsHash(root, layout).hash) {
  const bundle = fs.statSync(path.join(root, layout.bundle));
  const file = path.join(root, layout.stamp);
  const tmp = `${file}.${process.pid}.tmp`;
  const body = { inputs: hash, bundle: { mtimeMs: bundle.mtimeMs, size: bundle.size }, builtAt: new Date().toISOString() };
  fs.writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/** `npm run build --silent` in root, its output on ours; true when it succeeded. */
export function npmBuild(root = repoRoot) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  return r.status === 0;
}

/**
 * Builds when stale. Options: `root`, `layout`, `force`, `build` (a function(root) that
 * returns true on success; default `npm run build --silent`), `log` (called with the
 * reason, in words, before building; default: one line on stderr). Returns `{ built, fresh, ok, reason }`: `ok` false when
 * the build failed (no stamp is written then).
 */
export function buildIfStale(opts = {}) {
  const root = opts.root ?? repoRoot;
  const layout = opts.layout ?? LAYOUT;
  const build = opts.build ?? npmBuild;
  const log = opts.log ?? ((why) => process.stderr.write(`Building etiq: ${why}.\n`));
  const check = checkBuild(root, layout);
  if (check.fresh && !opts.force) {
    // Adopt a build made without the stamp (a plain `npm run build`): next time, (1) holds.
    if (check.by === 'mtime') {
      try {
        writeStamp(root, layout, check.hash);
      } catch {
        // A read-only checkout: the mtime rule will say the same next time.
      }
    }
    return { built: false, fresh: true, ok: true, reason: check.reason };
  }
  const reason = opts.force ? 'asked to (--force)' : check.reason;
  log(reason);
  // Hashed before the build: an input edited during it makes the next check stale.
  const hash = check.hash;
  if (!build(root)) return { built: false, fresh: false, ok: false, reason };
  writeStamp(root, layout, hash);
  return { built: true, fresh: true, ok: true, reason };
}

function cli(args) {
  const unknown = args.filter((a) => !['--check', '--force'].includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`build-if-stale: unknown argument ${unknown[0]} (use --check or --force)\n`);
    return 2;
  }
  if (args.includes('--check')) {
    const c = checkBuild();
    process.stdout.write(`${c.fresh ? 'up to date' : 'stale'}: ${c.reason}\n`);
    return c.fresh ? 0 : 1;
  }
  const r = buildIfStale({ force: args.includes('--force') });
  if (!r.ok) process.stderr.write('build-if-stale: the build failed (see above); nothing was stamped.\n');
  return r.ok ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = cli(process.argv.slice(2));
}
