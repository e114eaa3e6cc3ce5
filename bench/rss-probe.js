// Preloaded into a node child (`node --import <this file> ...`) by bench/run.js when GNU time
// (/usr/bin/time) is missing: writes the process's own peak RSS (KiB, from
// process.resourceUsage().maxRSS) to $ETIQ_BENCH_RSS_FILE as it exits.
import fs from 'node:fs';

const out = process.env.ETIQ_BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(out, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // the benchmark reports the figure as missing
    }
  });
}
