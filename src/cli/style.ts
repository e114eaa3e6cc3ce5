/**
 * The only chalk instance. chalk 5 ignores NO_COLOR, so the level is decided here:
 * --no-color or NO_COLOR (any non-empty value) -> none; FORCE_COLOR -> as chalk reads it;
 * else colour only when stdout is a terminal.
 */
import { Chalk, supportsColor, type ChalkInstance } from 'chalk';

export function colourLevel(opts: { color?: boolean }, env: NodeJS.ProcessEnv, isTTY: boolean): 0 | 1 | 2 | 3 {
  if (opts.color === false) return 0;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 0;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    return supportsColor ? supportsColor.level || 1 : 1;
  }
  if (!isTTY) return 0;
  return supportsColor ? supportsColor.level : 0;
}

export function makeStyle(level: 0 | 1 | 2 | 3): ChalkInstance {
  return new Chalk({ level });
}
