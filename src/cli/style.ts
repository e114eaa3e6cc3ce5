/**
 * Output styles. The colour level of a stream is decided here (`colourLevel`), from the
 * flags, the run's environment (`io.env`, not process.env) and whether that stream is a
 * terminal, in this order:
 *
 * 1. `--no-color` -> no colour;
 * 2. `NO_COLOR` set to any non-empty value (no-color.org) -> no colour, even with FORCE_COLOR:
 *    it is the user's standing wish, FORCE_COLOR usually a tool's;
 * 3. `FORCE_COLOR` as chalk reads it: `0` or `false` -> none; empty, `true` or `1` -> basic
 *    16 colours, `2` -> 256, `3` -> truecolor (or what the terminal is known to do, if more);
 *    any other value -> basic; colour then also when the stream is a pipe or a file;
 * 4. a stream that is not a terminal -> no colour (piped or redirected output has no escape codes);
 * 5. at a terminal, what the terminal is known to do, as chalk's supports-color reads it:
 *    `TERM=dumb` -> none; COLORTERM=truecolor, kitty, ghostty, wezterm, iTerm 3 -> 3;
 *    `*-256color`, Apple Terminal -> 2; xterm, screen, vt100, rxvt, linux, ansi, cygwin, a
 *    `*color*` TERM or any COLORTERM -> 1; Windows -> 3; otherwise none.
 *
 * chalk's own detection is not used: it reads process.env and the process's stdout only,
 * while a run (and every in-process test) has its own environment and two streams.
 *
 * chalk is imported only when colour is on: evaluating it (ansi-styles, supports-color)
 * costs ~8 ms per run, and scripts (pipes, --json, NO_COLOR) never need it. Without
 * colour, `PLAIN` stands in: every style, chained or not, returns its text unchanged.
 */
import type { ChalkInstance } from 'chalk';

type StyleFn = ((...text: unknown[]) => string) & { [style: string]: StyleFn };

/** chalk at level 0, without chalk: joins its arguments with spaces, like chalk. */
export const PLAIN: ChalkInstance = (() => {
  const fn = (...text: unknown[]): string => text.join(' ');
  const plain: StyleFn = new Proxy(fn as StyleFn, {
    // Not a thenable: `await` on an object with a callable `then` would never settle.
    get: (target, prop) => (prop === 'level' ? 0 : prop === 'then' ? undefined : typeof prop === 'symbol' ? Reflect.get(target, prop) : plain),
  });
  return plain as unknown as ChalkInstance;
})();

export type ColourLevel = 0 | 1 | 2 | 3;

/** FORCE_COLOR as chalk reads it: undefined when unset, else the level it asks for. */
function forcedLevel(env: NodeJS.ProcessEnv): ColourLevel | undefined {
  const force = env['FORCE_COLOR'];
  if (force === undefined) return undefined;
  if (force === 'false' || force === '0') return 0;
  if (force === '' || force === 'true') return 1;
  const n = Number.parseInt(force, 10);
  return Number.isNaN(n) ? 1 : n <= 0 ? 0 : (Math.min(n, 3) as ColourLevel);
}

/** What the terminal is known to do, from TERM and friends (supports-color's rules). */
function terminalLevel(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): ColourLevel {
  const term = env['TERM'] ?? '';
  if (term === 'dumb') return 0;
  if (platform === 'win32') return 3;
  if ('CI' in env) {
    if (['GITHUB_ACTIONS', 'GITEA_ACTIONS', 'CIRCLECI'].some((k) => k in env)) return 3;
    if (['TRAVIS', 'APPVEYOR', 'GITLAB_CI', 'BUILDKITE', 'DRONE'].some((k) => k in env) || env['CI_NAME'] === 'codeship') return 1;
    return 0;
  }
  if (env['COLORTERM'] === 'truecolor' || env['COLORTERM'] === '24bit') return 3;
  if (term === 'xterm-kitty' || term === 'xterm-ghostty' || term === 'wezterm') return 3;
  if (env['TERM_PROGRAM'] === 'iTerm.app') return Number.parseInt((env['TERM_PROGRAM_VERSION'] ?? '').split('.')[0] ?? '', 10) >= 3 ? 3 : 2;
  if (env['TERM_PROGRAM'] === 'Apple_Terminal') return 2;
  if (/-256(color)?$/i.test(term)) return 2;
  if (/^screen|^xterm|^vt100|^vt220|^rxvt|color|ansi|cygwin|linux/i.test(term)) return 1;
  if ('COLORTERM' in env) return 1;
  return 0;
}

/** The colour level for one stream (see the rules at the top of this file). */
export function colourLevel(opts: { color?: boolean }, env: NodeJS.ProcessEnv, isTTY: boolean, platform: NodeJS.Platform = process.platform): ColourLevel {
  if (opts.color === false) return 0;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 0;
  const forced = forcedLevel(env);
  if (forced === 0) return 0;
  if (forced !== undefined) return Math.max(forced, isTTY ? terminalLevel(env, platform) : 0) as ColourLevel;
  if (!isTTY) return 0;
  return terminalLevel(env, platform);
}

export async function makeStyle(opts: { color?: boolean }, env: NodeJS.ProcessEnv, isTTY: boolean): Promise<ChalkInstance> {
  const level = colourLevel(opts, env, isTTY);
  if (level === 0) return PLAIN;
  const { Chalk } = await import('chalk');
  return new Chalk({ level });
}
