/**
 * luxon for the rest of etiq, configured, and in the built CLI loaded only when first used
 * (issue 13). etiq's own zone tables and formats do the work of most runs: a warm
 * `report --json` or `agenda` never builds a DateTime. Yet loading luxon's code (~250 KB)
 * and running its module cost ~3 ms of every run. So nothing imports 'luxon' but this file
 * (and `import type`), and scripts/bundle.js puts luxon in a file of its own
 * (dist/bundle/luxon.cjs) that `luxon()` requires on its first call; here, in the sources,
 * the import is a plain one (tests and dist/ load luxon as usual).
 *
 * The settings are luxon's, made once when it loads (they were made at start-up before):
 * - throwOnInvalid: a bad zone name otherwise yields an invalid DateTime that formats as
 *   "Invalid DateTime" (CALENDAR-PITFALLS).
 * - defaultLocale 'en-US': without one luxon asks ICU for the system's on the first DateTime
 *   it builds (systemLocale(): ~18 ms here, a tenth of an unchanged `etiq agenda`). etiq's
 *   output is English whatever LANG says.
 * - now: the injected clock (`--now`, ETIQ_NOW), given by setClock, so that anything that
 *   asks luxon for "now" gets it too.
 */
import * as luxonModule from 'luxon';

type Luxon = typeof luxonModule;

/** The clock given by setClock, for luxon's Settings.now (default: the real one). */
let clock: (() => number) | undefined;

function configured(l: Luxon): Luxon {
  l.Settings.throwOnInvalid = true;
  l.Settings.defaultLocale = 'en-US';
  if (clock) l.Settings.now = clock;
  return l;
}

// scripts/bundle.js replaces the next two lines (and the import above): the bundle starts
// with none loaded, and load() requires dist/bundle/luxon.cjs. The build fails if they change.
let loaded: Luxon | undefined = configured(luxonModule);
const load = (): Luxon => luxonModule;

/** luxon, configured (see above); loaded on the first call in the built CLI. */
export function luxon(): Luxon {
  loaded ??= configured(load());
  return loaded;
}

/** The run's clock (`--now`): luxon's Settings.now, now or when luxon loads. */
export function setClock(now: () => number): void {
  clock = now;
  if (loaded) loaded.Settings.now = now;
}

/** luxon's clock, Settings.now(), without loading luxon for it. */
export function luxonNow(): number {
  return loaded ? loaded.Settings.now() : clock ? clock() : Date.now();
}
