/**
 * Text helpers for human output: columns measured in terminal cells
 * (string-width: wide CJK and emoji take two cells, combining marks none), so that tables
 * line up whatever the names hold. Pure. Loaded only when a table is printed (string-width
 * costs ~40 ms); sentences are word-wrapped at 80 columns by wrap.ts, which does without it.
 */
import stringWidth from 'string-width';

export function cellWidth(text: string): number {
  return stringWidth(text);
}

/** Cuts text to at most `width` cells, ending in "…" when cut. */
export function fit(text: string, width: number): string {
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

export function padStartCells(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - cellWidth(text))) + text;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Grapheme clusters: an emoji with its modifiers is cut whole or not at all. */
function segments(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment);
}

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** At most this many cells; longer cells are cut with "…". */
  max?: number;
}

/** Rows of cells as lines of aligned columns, two spaces apart, with a header line first. */
export function table(columns: Column[], rows: string[][], indent = '  '): string[] {
  const cells = rows.map((r) => r.map((c, i) => (columns[i]!.max ? fit(c, columns[i]!.max!) : c)));
  const widths = columns.map((col, i) => Math.max(cellWidth(col.header), ...cells.map((r) => cellWidth(r[i] ?? ''))));
  const line = (r: string[]) =>
    indent +
    r
      .map((c, i) => (columns[i]!.align === 'right' ? padStartCells(c, widths[i]!) : i === r.length - 1 ? c : padEndCells(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)];
}
