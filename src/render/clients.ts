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
import { table } from './text.js';

/** `etiq clients`: an aligned table; long names are cut with "…" so that nothing wraps. */
export function renderClients(rows: ClientSummary[], zone: string, style: ChalkInstance): string {
  if (rows.length === 0) return style.dim('No clients yet: they are added when you record an outcome, or with `etiq clients set EMAIL`.');
  const lines = table(
    [
      { header: 'Email', max: 40 },
      { header: 'Name', max: 24 },
      { header: 'Organisation', max: 24 },
      { header: 'Zone', max: 24 },
      { header: 'Meetings', align: 'right' },
      { header: 'Missed', align: 'right' },
      { header: 'Last meeting' },
    ],
    rows.map((c) => [
      visible(c.email),
      c.name ? visible(c.name) : '',
      c.organisation ? visible(c.organisation) : '',
      c.timezone ?? '',
      String(c.meetings),
      String(countMisses(c.outcomes)),
      c.lastMeeting !== null ? dateTimeIn(c.lastMeeting, zone).toFormat('yyyy-LL-dd') : '—',
    ]),
  );
  return [style.bold(`Clients (${rows.length})`), style.dim(lines[0]!), ...lines.slice(1)].join('\n');
}
