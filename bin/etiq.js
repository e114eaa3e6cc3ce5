#!/usr/bin/env node
// The executable: everything lives in the compiled CLI (npm run build), a CommonJS bundle
// in dist/bundle/ (see scripts/bundle.js), loaded through a V8 code cache (code-cache.cjs).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// A reader that stops early (`etiq agenda --json | head`) closes the pipe; Node then
// reports EPIPE as an unhandled 'error' event with a stack trace. Stop quietly instead.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

// Stack traces (--debug only) name the modules tsc wrote to dist/, not the bundle.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);

const require = createRequire(import.meta.url);
const bundle = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bundle');

// `etiq --version` alone needs neither commander nor the commands: ~25 ms of a 110 ms run.
const args = process.argv.slice(2);
const versionOnly = args.length === 1 && (args[0] === '--version' || args[0] === '-V');

let main;
try {
  if (versionOnly) process.stdout.write(`${require(path.join(bundle, 'version.cjs')).etiqVersion()}\n`);
  else {
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
