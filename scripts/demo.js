// `npm run demo`: etiq's main job on the bundled sample data (fixtures/sample/), as a short
// story told by the real commands:
//
//   Dana Reyes, an account manager in New York, has a weekly call with Priya Nair (Acme
//   Corp) on Tuesdays at 10:00. Priya came on 24 Feb and missed the call on 3 Mar; she
//   works from London. On Tue 10 Mar she misses it again: Dana records it and etiq drafts
//   the follow-up with three free times, in London and New York time. Priya answers "can
//   we meet now?": etiq declines politely and offers the times again. The report shows
//   Priya as a repeat offender.
//
// Every command runs with a fixed clock (--now), the sample config (--config, given
// explicitly, so $ETIQ_CONFIG cannot interfere) and a database in a fresh temporary folder
// (--db); HOME, the XDG folders and ETIQ_CACHE_DIR point into that folder too, and every
// other ETIQ_* variable is removed, so the user's own config, data and cache are never read
// or written. The folder is removed at the end, also after a failure or Ctrl-C.
//
// The commands run in this process, through `main(argv, io)` of the built bundle: one Node
// start for the whole story. The build is refreshed first only when its inputs changed
// (scripts/build-if-stale.js).
//
//   node scripts/demo.js              build if stale, then the story
//   node scripts/demo.js --no-build   never build: a stale build is reported, then used
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { buildIfStale, checkBuild, repoRoot } from './build-if-stale.js';

const CONFIG = 'fixtures/sample/config.toml';
const PRIYA = 'priya@acme.example';

/**
 * The story. `db`: the command takes --db (agenda does not). `title`: what happens, in a
 * few words; the heading adds the command as a user types it.
 */
const STEPS = [
  { title: "Dana's Tuesday", args: ['agenda', '--now', '2026-03-10T08:00'], db: false },
  { title: 'Two weeks ago Priya came to the call', args: ['log', 'attended', '--last', '--now', '2026-02-24T10:30'], db: true },
  { title: 'Last week she did not show', args: ['noshow', '--last', '--no-draft', '--now', '2026-03-03T10:15'], db: true },
  { title: 'She works from London', args: ['clients', 'set', PRIYA, '--tz', 'Europe/London', '--now', '2026-03-10T09:00'], db: true },
  { title: 'Today she misses it again', args: ['noshow', '--last', '--now', '2026-03-10T10:15'], db: true },
  { title: 'She writes back "can we meet now?"', args: ['reply', '--client', PRIYA, '--proposed', 'now', '--now', '2026-03-10T10:40'], db: true },
  { title: 'Who keeps missing', args: ['report', '--now', '2026-03-10T11:00'], db: true },
];

/** An argument as a shell would need it. */
function shellWord(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function say(text) {
  process.stdout.write(`${text}\n`);
}

function fail(message) {
  process.stderr.write(`etiq demo: ${message}\n`);
  return 1;
}

/** The environment etiq runs in: the user's, with every place etiq reads or writes moved into `dir`. */
function sandboxEnv(dir) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ETIQ_')) env[k] = v;
  const home = path.join(dir, 'home');
  Object.assign(env, {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    ETIQ_CACHE_DIR: path.join(dir, 'cache'),
  });
  return env;
}

// `npm run demo | head`: a reader that stops early closes the pipe; stop quietly (as bin/etiq.cjs does).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

async function demo(args) {
  const unknown = args.filter((a) => a !== '--no-build');
  if (unknown.length > 0) return fail(`unknown argument ${unknown[0]} (the only option is --no-build)`);

  if (args.includes('--no-build')) {
    const c = checkBuild();
    if (!c.fresh) process.stderr.write(`etiq demo: warning: the build is stale: ${c.reason}. Showing it anyway (--no-build); run npm run build for the current sources.\n`);
  } else {
    const b = buildIfStale({ log: (why) => process.stderr.write(`etiq demo: building etiq first (${why}) ...\n`) });
    if (!b.ok) return fail('the build failed (see above), so there is nothing to show. Fix the error and run npm run demo again.');
  }

  const bundle = path.join(repoRoot, 'dist', 'bundle', 'main.cjs');
  if (!fs.existsSync(bundle)) return fail('etiq is not built (dist/bundle/main.cjs is missing): run npm run build first.');
  // The bundle is CommonJS (scripts/bundle.js).
  const { main } = createRequire(import.meta.url)(bundle);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etiq-demo-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  const onSignal = (signal) => {
    cleanup();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const env = sandboxEnv(dir);
  // etiq reads io.env; anything that would still look at process.env sees the same.
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  Object.assign(process.env, env);
  const db = path.join(dir, 'etiq.db');

  try {
    say('etiq demo: a week of Dana Reyes, an account manager in New York, and her client Priya Nair.');
    say(`Every command below also gets --config ${CONFIG}, and all but agenda`);
    say(`--db ${db}: a temporary database, removed at the end.`);
    say('Your own config, records and cache are not read or written.');
    for (const [i, step] of STEPS.entries()) {
      const shown = `etiq ${step.args.map(shellWord).join(' ')}`;
      say(`\n${i + 1}. ${step.title}: ${shown}`);
      // Common options go after the subcommand's own (`clients set EMAIL --db X` included).
      const argv = ['node', 'etiq', ...step.args, '--config', CONFIG, ...(step.db ? ['--db', db] : [])];
      const code = await main(argv, { stdout: process.stdout, stderr: process.stderr, stdinIsTTY: false, env, cwd: repoRoot });
      if (code !== 0) return fail(`step ${i + 1} failed (exit ${code}): ${shown}`);
    }
    say('\nThat was the sample data. Your own: etiq init writes your config, etiq doctor checks it.');
    return 0;
  } finally {
    cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

process.exitCode = await demo(process.argv.slice(2));
