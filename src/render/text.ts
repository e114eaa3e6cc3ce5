/**
 * Text helpers for human output: columns measured in terminal cells (string-width: wide
 * CJK and emoji take two cells, combining marks none), so that tables line up whatever the
 * names hold. Pure. Loaded only when a table is printed, and string-width (~40 ms to load)
 * only for the cells that need it (`withCellWidths`); sentences are word-wrapped at 80
 * columns by wrap.ts, which does without it.
 */

/**
 * Text whose every character takes one cell and is a grapheme cluster of its own: printable
 * ASCII, Latin-1 (not the soft hyphen) and Latin Extended A and B, the dashes, quotes,
 * bullets and ellipsis of General Punctuation, box drawing and block elements (the report's
 * bars). string-width measures such text as its length, after a grapheme segmenter and an
 * emoji regex per cluster (~25 µs a string); a report table measures ~6,000 cells. The
 * test checks every character of the class against string-width.
 */
export const ONE_CELL_EACH = /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u024f\u2010-\u2027\u2030-\u203a\u2500-\u259f]*$/;

/** string-width, once loaded: its module makes a segmenter and three Unicode-property regexes (~40 ms). */
let stringWidth: ((text: string) => number) | null = null;

export async function loadCellWidths(): Promise<void> {
  stringWidth ??= (await import('string-width')).default;
}

/** Thrown by cellWidth for text outside ONE_CELL_EACH while string-width is not loaded. */
export class NeedsCellWidths extends Error {
  constructor() {
    super('cellWidth: wide or combining text needs loadCellWidths() first');
  }
}

/**
 * Runs a (pure) renderer that measures cells: when a cell needs string-width, which is not
 * loaded yet, loads it and renders again. Most tables never need it.
 */
export async function withCellWidths<T>(render: () => T): Promise<T> {
  try {
    return render();
  } catch (err) {
    if (!(err instanceof NeedsCellWidths)) throw err;
    await loadCellWidths();
    return render();
  }
}

export function cellWidth(text: string): number {
  if (ONE_CELL_EACH.test(text)) return text.length;
  if (!stringWidth) throw new NeedsCellWidths();
  return stringWidth(text);
}

/** Cuts text to at most `width` cells, ending in "…" when cut. */
export function fit(text: string, width: number): string {
  if (ONE_CELL_EACH.test(text)) return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
  if (cellWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of segments(text)) {
    const w = cellWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

export function padEndCells(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - cellWidth(text)));
}

/** Made when first needed: the first segmenter of a process loads ICU's break rules (~10 ms). */
let segmenter: Intl.Segmenter | null = null;

/** Grapheme clusters: an emoji with its modifiers is cut whole or not at all. */
function segments(text: string): string[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return [...segmenter.segment(text)].map((s) => s.segment);
}

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** At most this many cells; longer cells are cut with "…". */
  max?: number;
}

/**
 * Rows of cells as lines of aligned columns, two spaces apart, with a header line first.
 * Each cell is measured once. (The report's clients' table lays its rows out the same way
 * in render/report/table.ts, clientTableLines, for speed.)
 */
export function table(columns: Column[], rows: string[][], indent = '  '): string[] {
  const cells = rows.map((r) => r.map((c, i) => (columns[i]!.max ? fit(c, columns[i]!.max!) : c)));
  const headers = columns.map((c) => c.header);
  const measured = [headers, ...cells].map((r) => r.map(cellWidth));
  const widths = columns.map((_, i) => measured.reduce((w, r) => Math.max(w, r[i] ?? 0), 0));
  const line = (r: string[], j: number) => {
    const own = measured[j]!;
    const gap = (i: number) => ' '.repeat(Math.max(0, widths[i]! - own[i]!));
    return (
      indent +
      r
        .map((c, i) => (columns[i]!.align === 'right' ? gap(i) + c : i === r.length - 1 ? c : c + gap(i)))
        .join('  ')
        .trimEnd()
    );
  };
  return [headers, ...cells].map(line);
}
