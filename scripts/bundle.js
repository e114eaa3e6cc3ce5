// `npm run build`, second step: bundles the CLI that `tsc` wrote to dist/ into dist/bundle/,
// which bin/etiq.js runs. Why: Node 20 resolves, reads and links every ES module
// separately, and ~45 files (ours, commander's, chalk's) cost ~25 ms of each run, a tenth
// of a cached `etiq agenda`. Lazy imports (the reader with ical.js, inquirer, the TOML
// parser) stay separate chunks, loaded only when needed. better-sqlite3 is a native addon
// and is loaded from node_modules. dist/ itself stays: the benchmark helpers use it.
import fs from 'node:fs';
import { build } from 'rolldown';

// Chunk names carry content hashes: clear out the previous build's.
fs.rmSync('dist/bundle', { recursive: true, force: true });

await build({
  input: 'dist/cli/main.js',
  platform: 'node',
  logLevel: 'warn',
  external: ['better-sqlite3'],
  output: {
    dir: 'dist/bundle',
    format: 'esm',
    sourcemap: true,
    entryFileNames: '[name].js',
  },
});
