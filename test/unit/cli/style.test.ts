import { describe, expect, it } from 'vitest';
import { PLAIN, makeStyle } from '../../../src/cli/style.js';

describe('output styles', () => {
  it('PLAIN returns text unchanged, chained or not, joining arguments like chalk', () => {
    expect(PLAIN.green('Saved:')).toBe('Saved:');
    expect(PLAIN.bold.red.underline('a', 'b', 3)).toBe('a b 3');
    expect(PLAIN('x')).toBe('x');
    expect(PLAIN.level).toBe(0);
  });

  it('colours only at a terminal or when forced, never with NO_COLOR or --no-color', async () => {
    expect(await makeStyle({}, {}, false)).toBe(PLAIN);
    expect(await makeStyle({}, { NO_COLOR: '1' }, true)).toBe(PLAIN);
    expect(await makeStyle({ color: false }, { FORCE_COLOR: '1' }, true)).toBe(PLAIN);
    expect(await makeStyle({}, { FORCE_COLOR: '0' }, true)).toBe(PLAIN);
    const forced = await makeStyle({}, { FORCE_COLOR: '1' }, false);
    expect(forced).not.toBe(PLAIN);
    expect(forced.red('x')).toContain('\u001b[');
  });
});
