// `npm run build`, second step: bundles the CLI that `tsc` wrote to dist/ into dist/bundle/,
// which bin/etiq.cjs runs. Why: Node 20 resolves, reads and links every ES module
// separately, and ~45 files (ours, commander's, chalk's) cost ~25 ms of each run, a tenth
// of a cached `etiq agenda`. Lazy imports (the reader with ical.js, inquirer, the TOML
// parser) stay separate chunks, loaded only when needed. better-sqlite3 is a native addon,
// loaded from node_modules (its JavaScript is inlined for the installed version: see
// inlineSqlite). dist/ itself stays: the benchmark helpers use it.
//
// The bundle is CommonJS (.cjs; the package is "type": "module"), for two reasons measured
// on the bench database (issue 13, docs/performance.md): CommonJS modules load
// synchronously, without the ES loader's per-module resolve/translate/link steps and its
// asynchronous reads (`report --json` -60 ms CPU, `--version` -20 ms); and only CommonJS
// code can use a V8 code cache on Node 20 (bin/code-cache.cjs). Chunk names carry a
// content hash; `main.cjs` is the entry; `paths.cjs` (etiq's folders, for bin/code-cache.cjs)
// and `version.cjs` (for `etiq --version` alone) are small entries bin/etiq.cjs reads
// without loading the rest.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'rolldown';

// Chunk names carry content hashes: clear out the previous build's.
fs.rmSync('dist/bundle', { recursive: true, force: true });

/**
 * commander requires node:child_process when it loads, for executable subcommands
 * (`git-foo` style) that etiq does not have; child_process brings net, dgram and their
 * streams: ~4 ms of every run, 7% of `etiq --help` (issue 13, profiles). The require is made
 * lazy: `spawn` loads the module when called. The build fails if commander changes that line.
 */
const lazyChildProcess = {
  name: 'etiq-lazy-child-process',
  transform(code, id) {
    if (!/[\\/]commander[\\/]lib[\\/]command\.js$/.test(id)) return null;
    const eager = "const childProcess = require('node:child_process');";
    if (!code.includes(eager)) this.error(`${id}: no "${eager}" to make lazy (scripts/bundle.js)`);
    // One line for one line: the code does not move, so the source map stays as it was.
    return { code: code.replace(eager, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"), map: null };
  },
};

/**
 * better-sqlite3's JavaScript in the bundle (issue 13): dist/adapters/sqlite-bundled.js,
 * which says "none" in dist/, is replaced by one that gives the version the package's lib/
 * came from and a load() that runs lib/ (inlined); src/adapters/sqlite.ts uses it only with an installed
 * package of that version. Its `require('bindings')` (the addon search, unused: etiq passes
 * the addon's path) is a stub that throws. The package itself stays external: the addon is
 * always loaded from node_modules, and so is the JavaScript of any other version.
 */
const sqliteDir = path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
const sqliteVersion = JSON.parse(fs.readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')).version;
const NO_BINDINGS = '\0etiq-no-bindings';
const inlineSqlite = {
  name: 'etiq-inline-better-sqlite3',
  resolveId(source, importer) {
    if (source === 'bindings' && importer && importer.startsWith(path.join(sqliteDir, 'lib'))) return NO_BINDINGS;
    return null;
  },
  load(id) {
    if (id === NO_BINDINGS) return 'module.exports = () => { throw new Error("etiq: the bundled better-sqlite3 is used only with nativeBinding"); };';
    if (!/[\\/]dist[\\/]adapters[\\/]sqlite-bundled\.js$/.test(id)) return null;
    const lib = path.join(sqliteDir, 'lib', 'index.js');
    if (!fs.existsSync(lib)) this.error(`${lib}: better-sqlite3 has no lib/index.js to inline (scripts/bundle.js)`);
    // require() inside load(): the bundler wraps lib/ so that it runs when first asked for
    // (the first open), not when the store's chunk loads.
    return `export function bundledSqlite() { return { version: ${JSON.stringify(sqliteVersion)}, load: () => require(${JSON.stringify(lib)}) }; }`;
  },
};

/**
 * A default import of a Node built-in (`import fs from 'node:fs'`) becomes, in CommonJS
 * output, `__toESM(require("node:fs"), 1)`: a copy of the module's properties as getters
 * (~100 for node:fs), made in each chunk that imports it: 10-11 copies in a warm report or
 * agenda, ~0.6-0.9 ms of the run (issue 13). A built-in's default export is its
 * module.exports, which require() gives as is: in etiq's own modules such an import is
 * written as a require (dist/ keeps the import). Named imports need nothing: rolldown
 * reads them off the required module directly.
 */
const BUILTIN_DEFAULT_IMPORT = /^import ([A-Za-z_$][\w$]*) from '(node:[a-z0-9_/]+)';$/gm;
const plainBuiltins = {
  name: 'etiq-plain-builtins',
  transform(code, id) {
    if (!/[\\/]dist[\\/](adapters|cli|core|render)[\\/]/.test(id)) return null;
    // A module with a require of its own (createRequire) keeps its imports: `require` there is not Node's.
    if (/\b(?:const|let|var|function)\s+require\b/.test(code)) return null;
    const out = code.replace(BUILTIN_DEFAULT_IMPORT, "const $1 = require('$2');");
    return out === code ? null : { code: out, map: null };
  },
};

/**
 * luxon in a file of its own, dist/bundle/luxon.cjs (an entry: its exports as luxon's), that
 * dist/core/luxon.js, the one module that imports luxon, requires on its first use instead
 * of at start-up: ~3 ms of every run that builds no DateTime (issue 13; see src/core/luxon.ts).
 * The build fails if that module's lines change.
 */
const LUXON_CHUNK = './luxon.cjs';
const luxonEntry = path.join(path.dirname(createRequire(import.meta.url).resolve('luxon/package.json')), 'build', 'es6', 'luxon.mjs');
const lazyLuxon = {
  name: 'etiq-lazy-luxon',
  // Kept as written: a file beside the requiring one in dist/bundle/, not a path from dist/core/.
  resolveId(source) {
    return source === LUXON_CHUNK ? { id: LUXON_CHUNK, external: true } : null;
  },
  transform(code, id) {
    if (!/[\\/]dist[\\/]core[\\/]luxon\.js$/.test(id)) return null;
    const lines = [
      ["import * as luxonModule from 'luxon';", ''],
      ['let loaded = configured(luxonModule);', 'let loaded;'],
      ['const load = () => luxonModule;', `const load = () => require(${JSON.stringify(LUXON_CHUNK)});`],
    ];
    let out = code;
    for (const [eager, lazy] of lines) {
      if (!out.includes(eager)) this.error(`${id}: no "${eager}" to make lazy (scripts/bundle.js)`);
      out = out.replace(eager, lazy);
    }
    return { code: out, map: null };
  },
};

await build({
  input: { main: 'dist/cli/main.js', paths: 'dist/adapters/paths.js', version: 'dist/adapters/version.js', luxon: luxonEntry },
  platform: 'node',
  logLevel: 'warn',
  external: [/^better-sqlite3$/],
  plugins: [lazyChildProcess, inlineSqlite, lazyLuxon, plainBuiltins],
  output: {
    dir: 'dist/bundle',
    format: 'cjs',
    sourcemap: true,
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name]-[hash].cjs',
    // The commands' registrations (cli/commands/X.js, light; never X-run.js, their
    // implementations) in one chunk, with what they share (commander among it): split by
    // command, `etiq --help`, which registers them all, loaded 26 files, 22 of them under
    // 6 KB, and each file costs the code cache a read, a hash and a deserialization. One
    // command's run loads the others' registrations too (~15 KB). Measured (issue 13, 21-25
    // interleaved runs): --help 155 -> 135 ms; warm agenda, noshow and report 0.98x, 0.98x
    // and 0.99x.
    codeSplitting: {
      groups: [{ name: 'commands', test: /[\\/]dist[\\/]cli[\\/]commands[\\/][a-z]+\.js$/ }],
    },
  },
});
