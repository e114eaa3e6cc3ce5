#!/usr/bin/env node
// The executable: everything lives in the compiled CLI (npm run build).

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

import('../dist/bundle/main.js').then(
  ({ main }) => main(process.argv).then((code) => { process.exitCode = code; }),
  (err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist')) {
      process.stderr.write('etiq: not built yet: run `npm run build` in the etiq folder first.\n');
      process.exitCode = 1;
    } else {
      throw err;
    }
  },
);
