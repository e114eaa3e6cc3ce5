#!/usr/bin/env node
'use strict';
// The executable: everything lives in the compiled CLI (npm run build), a CommonJS bundle
// in dist/bundle/ (see scripts/bundle.js), loaded through a V8 code cache (code-cache.cjs).
// CommonJS itself, not an ES module: an ES entry point costs ~10 ms more to start (the ES
// loader), a tenth of `etiq --help` (issue 13). The package is "type": "module", hence .cjs.
const path = require('node:path');

// process.stdout and process.stderr are not touched: Node makes them on first touch, and
// for a pipe that is node:net and two sockets (~3-4 ms). etiq writes to the descriptors
// (src/cli/fd-out.ts), which also stops quietly when the reader goes away (`| head`).

// Stack traces (--debug only) map to the TypeScript where the source maps are (a clone).
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);

const bundle = path.join(__dirname, '..', 'dist', 'bundle');

// `etiq --version` alone needs neither commander nor the commands: ~25 ms of a 110 ms run.
const args = process.argv.slice(2);
const versionOnly = args.length === 1 && (args[0] === '--version' || args[0] === '-V');

let main;
try {
  if (versionOnly) {
    try {
      require('node:fs').writeSync(1, `${require(path.join(bundle, 'version.cjs')).etiqVersion()}\n`);
    } catch (err) {
      if (!err || err.code !== 'EPIPE') throw err; // the reader went away: nothing to say
    }
  } else {
    const { cacheDir } = require(path.join(bundle, 'paths.cjs'));
    require('./code-cache.cjs').install(bundle, cacheDir());
    ({ main } = require(path.join(bundle, 'main.cjs')));
  }
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(bundle)) {
    process.stderr.write('etiq: not built yet: run `npm run build` in the etiq folder first.\n');
    process.exitCode = 1;
  } else {
    throw err;
  }
}
if (main) main(process.argv).then((code) => { process.exitCode = code; });
