// render/text.ts measures table cells with a shortcut for text whose every character takes
// one cell (ONE_CELL_EACH): it must agree with string-width, which it skips, character by
// character and on whole cells, and cut cells (fit) as cutting grapheme by grapheme does.
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { ONE_CELL_EACH, cellWidth, fit, loadCellWidths } from '../../../src/render/text.js';

beforeAll(loadCellWidths);

/** fit as it was made before the shortcut: grapheme by grapheme, measured by string-width. */
function fitReference(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

describe('cell widths', () => {
  it('measure one-cell text without loading string-width, and render again with it when a cell needs it', async () => {
    const fresh = (await import('../../../src/render/text.js?unloaded' as string)) as typeof import('../../../src/render/text.js');
    expect(fresh.cellWidth('Zoë Kowalski · ███▂')).toBe(19);
    expect(() => fresh.cellWidth('日本')).toThrow(fresh.NeedsCellWidths);
    let renders = 0;
    const render = () => {
      renders++;
      return fresh.table([{ header: 'Name' }, { header: 'Mtgs', align: 'right' }], [['Zoë', '3'], ['日本 Tanaka', '12']]).join('\n');
    };
    expect(await fresh.withCellWidths(render)).toBe('  Name         Mtgs\n  Zoë             3\n  日本 Tanaka    12');
    expect(renders).toBe(2);
    expect(fresh.cellWidth('日本')).toBe(4);
    await fresh.withCellWidths(render);
    expect(renders).toBe(3); // loaded: one render
  });

  it('every character of the one-cell class is one cell wide and one grapheme, by string-width and Intl.Segmenter', () => {
    let n = 0;
    for (let cp = 0; cp <= 0xffff; cp++) {
      const ch = String.fromCharCode(cp);
      if (!ONE_CELL_EACH.test(ch)) continue;
      n++;
      expect(stringWidth(ch), `U+${cp.toString(16)}`).toBe(1);
      expect(stringWidth(`a${ch}b`), `U+${cp.toString(16)} between letters`).toBe(3);
      expect([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(`a${ch}b`)]).toHaveLength(3);
    }
    expect(n).toBeGreaterThan(600);
    // what stays out: soft hyphen, combining marks, zero-width and emoji, controls, wide text
    for (const s of ['\u00ad', 'e\u0301', 'a\u200bb', '\u2028', '😀', '\u2764\ufe0f', 'tab\there', '日本', '\u0007']) expect(ONE_CELL_EACH.test(s), JSON.stringify(s)).toBe(false);
  });

  it('measures and cuts cells as string-width and grapheme-by-grapheme cutting do', () => {
    const cells = ['Zoë Kowalski', "Farid O'Brien", '███▂ repeat-offender · next: confirm day before', 'Łukasz Żółć – “quoted” …', 'José 😀 Núñez', 'Ａｂｃ 日本語', 'e\u0301clair', 'family 👨‍👩‍👧 here', '', 'plain ascii'];
    for (const c of cells) {
      expect(cellWidth(c), c).toBe(stringWidth(c));
      for (const w of [0, 1, 2, 5, 8, 12, 40]) expect(fit(c, w), `${c} in ${w}`).toBe(fitReference(c, w));
    }
  });
});
