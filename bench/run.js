// `npm run bench`: whole-process timings of etiq on generated calendars (see README).
// Prints a table and writes bench/results.json. Exits non-zero only when a run fails;
// a missed target is reported, not fatal. BENCH_RUNS sets the runs per figure (default 7).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOW, generateAll } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const bin = path.join(root, 'bin', 'etiq.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const ORACLE = path.resolve(root, '..', 'shared', 'tools', 'ics_oracle.py');
const WINDOW_END = new Date(Date.parse(NOW) + 14 * 86_400_000).toISOString().replace('.000', '');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs a command once: wall ms (hrtime around the spawn) and peak RSS in MB (GNU time). */
function measure(cmd, args, env) {
  const rssFile = path.join(os.tmpdir(), `etiq-bench-rss-${process.pid}`);
  const full = TIME ? [TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0], full[1], { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let rssMb = null;
  if (TIME) {
    try {
      rssMb = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
    } catch {
      rssMb = null;
    }
  }
  return { ms, rssMb, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function checkEtiq(r, what) {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
  const json = JSON.parse(r.stdout);
  if (!Array.isArray(json.events ?? json.slots)) throw new Error(`${what} printed no events/slots array`);
  return json;
}

function freshEnv() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etiq-bench-cache-'));
  return { ...process.env, XDG_CACHE_HOME: dir, ETIQ_CACHE_DIR: path.join(dir, 'etiq'), NO_COLOR: '1', TZ: 'UTC' };
}

/** First run (empty cache, each time) and unchanged run (warm cache) of one etiq command. */
function etiqFigures(label, args) {
  const first = [];
  for (let i = 0; i < RUNS; i++) {
    const r = measure(process.execPath, [bin, ...args], freshEnv());
    checkEtiq(r, `${label} (first run)`);
    first.push(r);
  }
  const env = freshEnv();
  checkEtiq(measure(process.execPath, [bin, ...args], env), `${label} (warm-up)`);
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    const r = measure(process.execPath, [bin, ...args], env);
    const json = checkEtiq(r, `${label} (unchanged)`);
    r.count = (json.events ?? json.slots).length;
    warm.push(r);
  }
  return {
    label,
    firstMs: median(first.map((r) => r.ms)),
    firstRssMb: median(first.map((r) => r.rssMb ?? 0)),
    unchangedMs: median(warm.map((r) => r.ms)),
    unchangedRssMb: median(warm.map((r) => r.rssMb ?? 0)),
    items: warm[0].count,
  };
}

const dataDir = path.join(here, '.data');
console.log(`Generating calendars in ${path.relative(root, dataDir)}/ ...`);
const files = generateAll(dataDir);
const sizes = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, fs.statSync(f).size]));

const agenda = (file) => ['agenda', '--calendar', file, '--tz', 'UTC', '--now', NOW, '--days', '14', '--json'];
const rows = [];
for (const name of ['1k', '10k', '50k', 'history', 'recent']) {
  process.stdout.write(`  agenda ${name} ...\n`);
  rows.push({ calendar: name, sizeMb: sizes[name] / 1e6, ...etiqFigures(`agenda ${name}`, agenda(files[name])) });
}

let oracle = null;
if (fs.existsSync(ORACLE) && fs.existsSync('/usr/bin/python3')) {
  process.stdout.write('  ics_oracle.py 10k ...\n');
  const runs = [];
  for (let i = 0; i < Math.min(3, RUNS); i++) {
    const r = measure('/usr/bin/python3', [ORACLE, files['10k'], NOW, WINDOW_END, '--skip-bad'], process.env);
    if (r.status !== 0) {
      oracle = { error: r.stderr.trim().split('\n').pop() };
      break;
    }
    runs.push(r.ms);
  }
  if (!oracle) oracle = { ms: median(runs) };
} else {
  oracle = { error: `not found (${ORACLE} or /usr/bin/python3)` };
}

let slots = null;
if (spawnSync(process.execPath, [bin, 'slots', '--help']).status === 0) {
  const base = ['slots', '--calendar', files['10k'], '--tz', 'UTC', '--now', NOW, '--json'];
  process.stdout.write('  slots 10k ...\n');
  slots = {
    h14: etiqFigures('slots 14d', [...base, '--horizon', '14d']),
    h60: etiqFigures('slots 60d step 5m', [...base, '--horizon', '60d', '--step', '5m']),
  };
}

const byName = Object.fromEntries(rows.map((r) => [r.calendar, r]));
const ten = byName['10k'];
const checks = [
  ['agenda 10k first run < 600 ms', ten.firstMs < 600, `${ten.firstMs.toFixed(0)} ms`],
  ['agenda 10k unchanged < 200 ms', ten.unchangedMs < 200, `${ten.unchangedMs.toFixed(0)} ms`],
  ['agenda 10k >= 10x faster than ics_oracle.py', oracle.ms ? oracle.ms / ten.firstMs >= 10 : null, oracle.ms ? `${(oracle.ms / ten.firstMs).toFixed(1)}x (oracle ${oracle.ms.toFixed(0)} ms)` : oracle.error],
  ['20-year history <= 1.5x the series begun last month', byName.history.firstMs <= 1.5 * byName.recent.firstMs, `${(byName.history.firstMs / byName.recent.firstMs).toFixed(2)}x`],
];
if (slots) {
  checks.push(
    ['slots 14d first run < 600 ms', slots.h14.firstMs < 600, `${slots.h14.firstMs.toFixed(0)} ms`],
    ['slots 14d unchanged < 200 ms', slots.h14.unchangedMs < 200, `${slots.h14.unchangedMs.toFixed(0)} ms`],
    ['slots 60d step 5m <= 1.5x of 14d (first run)', slots.h60.firstMs <= 1.5 * slots.h14.firstMs, `${(slots.h60.firstMs / slots.h14.firstMs).toFixed(2)}x (${slots.h60.firstMs.toFixed(0)} ms)`],
  );
}

const fmt = (n) => (n === null || n === undefined ? 'n/a' : n.toFixed(0));
console.log(`\netiq benchmark — ${RUNS} runs per figure, median; node ${process.version}, ${os.cpus().length} cores; now = ${NOW}, 14-day window`);
console.log('calendar   size MB  items  first ms  first RSS MB  unchanged ms  unchanged RSS MB');
for (const r of rows) {
  console.log(`${r.calendar.padEnd(9)}  ${r.sizeMb.toFixed(1).padStart(7)}  ${String(r.items).padStart(5)}  ${fmt(r.firstMs).padStart(8)}  ${fmt(r.firstRssMb).padStart(12)}  ${fmt(r.unchangedMs).padStart(12)}  ${fmt(r.unchangedRssMb).padStart(16)}`);
}
if (slots) {
  for (const s of [slots.h14, slots.h60]) {
    console.log(`${s.label.padEnd(18)} first ${fmt(s.firstMs)} ms (${fmt(s.firstRssMb)} MB), unchanged ${fmt(s.unchangedMs)} ms (${fmt(s.unchangedRssMb)} MB), ${s.items} slots`);
  }
}
console.log(`ics_oracle.py 10k: ${oracle.ms ? `${fmt(oracle.ms)} ms` : oracle.error}`);
console.log('\ntargets:');
for (const [what, ok, figure] of checks) console.log(`  ${ok === null ? 'n/a ' : ok ? 'PASS' : 'MISS'}  ${what}: ${figure}`);
fs.writeFileSync(path.join(here, 'results.json'), `${JSON.stringify({ runs: RUNS, node: process.version, rows, slots, oracle, checks }, null, 2)}\n`);
