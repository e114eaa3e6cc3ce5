/**
 * Output styles. chalk 5 ignores NO_COLOR, so the level is decided here: --no-color or
 * NO_COLOR (any non-empty value) -> none; FORCE_COLOR -> as chalk reads it; else colour
 * only when the stream is a terminal.
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

export async function makeStyle(opts: { color?: boolean }, env: NodeJS.ProcessEnv, isTTY: boolean): Promise<ChalkInstance> {
  if (opts.color === false) return PLAIN;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return PLAIN;
  const force = env['FORCE_COLOR'];
  if (force === '0' || force === 'false') return PLAIN;
  if (force === undefined && !isTTY) return PLAIN;
  const { Chalk, supportsColor } = await import('chalk');
  const level = force !== undefined ? (supportsColor ? supportsColor.level || 1 : 1) : supportsColor ? supportsColor.level : 0;
  return level === 0 ? PLAIN : new Chalk({ level });
}
