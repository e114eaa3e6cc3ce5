/**
 * `etiq clients` as an aligned table. Its own module: string-width (and the ICU segmenter
 * it builds) costs ~40 ms to load, so it is imported only by the command that prints a
 * table, never at start-up.
 */
import type { ChalkInstance } from 'chalk';
import { countMisses } from '../core/etiquette/outcomes.js';
import type { ClientSummary } from '../core/records/types.js';
import { dateTimeIn } from '../core/time.js';
import { visible } from '../core/visible.js';
import { cellWidth, table, type Column } from './text.js';

/** The widest a line of the table may be. */
const COLUMNS = 80;

/**
 * `etiq clients`: an aligned table within 80 columns. When the cells do not fit, the
 * organisation is cut first (with "…"), then the name, then the zone, each down to a
 * few cells; the email, which the other commands take, is cut last.
 */
export function renderClients(rows: ClientSummary[], zone: string, style: ChalkInstance): string {
  if (rows.length === 0) return style.dim('No clients yet: they are added when you record an outcome, or with `etiq clients set EMAIL`.');
  const cells = rows.map((c) => [
    visible(c.email),
    c.name ? visible(c.name) : '',
    c.organisation ? visible(c.organisation) : '',
    c.timezone ?? '',
    String(c.meetings),
    String(countMisses(c.outcomes)),
    c.lastMeeting !== null ? dateTimeIn(c.lastMeeting, zone).toFormat('yyyy-LL-dd') : '—',
  ]);
  const columns: Column[] = [
    { header: 'Email' },
    { header: 'Name' },
    { header: 'Org' },
    { header: 'Zone' },
    { header: 'Mtgs', align: 'right' },
    { header: 'Missed', align: 'right' },
    { header: 'Last mtg' },
  ];
  // Not Math.max(header, ...column): a spread of ~125,000 clients or more overflows the stack.
  const natural = columns.map((col, i) => cells.reduce((w, r) => Math.max(w, cellWidth(r[i]!)), cellWidth(col.header)));
  // The indent, the gaps and every column as wide as its widest cell: what is too much is cut.
  let over = 2 + 2 * (columns.length - 1) + natural.reduce((a, b) => a + b, 0) - COLUMNS;
  for (const [i, least] of CUT_ORDER) {
    const cut = Math.min(Math.max(0, over), Math.max(0, natural[i]! - least));
    if (cut > 0) columns[i]!.max = natural[i]! - cut;
    over -= cut;
  }
  const lines = table(columns, cells);
  return [style.bold(`Clients (${rows.length})`), style.dim(lines[0]!), ...lines.slice(1)].join('\n');
}

/** Which columns are cut, in order (organisation, name, zone, email), and to how few cells at least. */
const CUT_ORDER: readonly [number, number][] = [
  [2, 6],
  [1, 8],
  [3, 8],
  [0, 12],
];
