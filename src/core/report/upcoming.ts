/**
 * `etiq report --upcoming`: the client meetings of the next days whose client the report
 * flags `repeat-offender`, each with the day to ask for a confirmation (the day before).
 * Pure: the calendars' occurrences and the meetings etiq booked are handed in.
 */
import type { Occurrence } from '../calendar/types.js';
import { clientsOf, isClientMeeting } from '../etiquette/outcomes.js';
import { localDayStart } from '../time.js';
import type { ReportEntry, UpcomingMeeting, UpcomingReport } from './types.js';

/** A meeting etiq booked (a reschedule target, a time accepted by `reply`) that no calendar may have yet. */
export interface BookedMeeting {
  start: number;
  end: number;
  summary: string;
  client: string;
}

export interface UpcomingInput {
  from: number;
  to: number;
  zone: string;
  myAddresses: readonly string[];
  occurrences: readonly Occurrence[];
  booked: readonly BookedMeeting[];
  /** The report's rows by client (unfiltered): the flagged ones are looked up here by email. */
  entries: readonly ReportEntry[];
  /** Client names from the store, for booked meetings. */
  names?: ReadonlyMap<string, string | null>;
}

export function selectUpcoming(input: UpcomingInput): UpcomingReport {
  const flagged = new Map(input.entries.filter((e) => e.flag === 'repeat-offender' && e.email !== null).map((e) => [e.email!, e]));
  const meetings: UpcomingMeeting[] = [];
  const seen = new Set<string>();
  const add = (m: Omit<UpcomingMeeting, 'flag' | 'next' | 'misses' | 'confirmOn'>) => {
    const entry = flagged.get(m.client.email);
    if (!entry || m.start < input.from || m.start >= input.to) return;
    const key = `${m.start}\u0000${m.client.email}`;
    if (seen.has(key)) return;
    seen.add(key);
    meetings.push({ ...m, client: { email: m.client.email, name: entry.name ?? m.client.name }, flag: 'repeat-offender', next: entry.next, misses: entry.misses, confirmOn: localDayStart(m.start, input.zone, -1) });
  };
  const me = [...input.myAddresses];
  for (const occ of input.occurrences) {
    if (!isClientMeeting(occ, me)) continue;
    for (const p of clientsOf(occ, me)) add({ start: occ.start, end: occ.end, summary: occ.summary, calendar: occ.calendar, client: { email: p.email!, name: p.name } });
  }
  // After the calendars: a booking the calendar already has is listed once, from the calendar.
  for (const b of input.booked) add({ start: b.start, end: b.end, summary: b.summary, calendar: null, client: { email: b.client, name: input.names?.get(b.client) ?? null } });
  meetings.sort((a, b) => a.start - b.start || (a.client.email < b.client.email ? -1 : 1));
  return { from: input.from, to: input.to, meetings };
}
