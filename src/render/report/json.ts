/**
 * `etiq report --json`. Pure. The keys and their order are a contract (issue 11):
 *
 *   {"since", "until", "clients": [{"email", "name", "org", "meetings", "attended", "late",
 *    "noShows", "lateCancels", "cancels", "reschedules", "showRate", "minutesLost", "score",
 *    "flag", "next", "lastIncident"}]}
 *
 * With --self the row is the user's own, under "self"; with --upcoming the meetings are
 * listed under "upcoming". Times are ISO 8601 in the user's zone.
 */
import type { ReportEntry, ReportResult, UpcomingMeeting } from '../../core/report/types.js';
import { selfOf } from '../../core/report/report.js';
import { dateTimeIn, isoInZone } from '../../core/time.js';
import type { RenderOptions } from './options.js';

/** The columns of a row, in order: the JSON keys, and the CSV header. */
export const REPORT_COLUMNS = [
  'email',
  'name',
  'org',
  'meetings',
  'attended',
  'late',
  'noShows',
  'lateCancels',
  'cancels',
  'reschedules',
  'showRate',
  'minutesLost',
  'score',
  'flag',
  'next',
  'lastIncident',
] as const;

/** A row of `--json` (and of `--csv`): the columns above, as ReportEntry has them, the last incident as an ISO date. */
export type ReportRowJson = { [K in (typeof REPORT_COLUMNS)[number]]: K extends 'lastIncident' ? string | null : ReportEntry[K] };

export function reportRowJson(e: ReportEntry, zone: string): ReportRowJson {
  return {
    email: e.email,
    name: e.name,
    org: e.org,
    meetings: e.meetings,
    attended: e.attended,
    late: e.late,
    noShows: e.noShows,
    lateCancels: e.lateCancels,
    cancels: e.cancels,
    reschedules: e.reschedules,
    showRate: e.showRate,
    minutesLost: e.minutesLost,
    score: e.score,
    flag: e.flag,
    next: e.next,
    lastIncident: e.lastIncident !== null ? isoInZone(e.lastIncident, zone) : null,
  };
}

export interface UpcomingJson {
  start: string;
  end: string;
  summary: string;
  /** The calendar it is in; null for a meeting etiq booked that no calendar has yet. */
  calendar: string | null;
  client: { email: string; name: string | null };
  flag: UpcomingMeeting['flag'];
  next: UpcomingMeeting['next'];
  misses: number;
  /** The day to ask for a confirmation: the day before, `YYYY-MM-DD`. */
  confirmOn: string;
}

function upcomingJson(m: UpcomingMeeting, zone: string): UpcomingJson {
  return {
    start: isoInZone(m.start, zone),
    end: isoInZone(m.end, zone),
    summary: m.summary,
    calendar: m.calendar,
    client: { email: m.client.email, name: m.client.name },
    flag: m.flag,
    next: m.next,
    misses: m.misses,
    confirmOn: dateTimeIn(m.confirmOn, zone).toFormat('yyyy-LL-dd'),
  };
}

/** The document --json prints, by view. */
export function reportJson(r: ReportResult, zone: string): Record<string, unknown> {
  const window = { since: isoInZone(r.since, zone), until: isoInZone(r.until, zone) };
  if (r.view === 'self') return { ...window, self: reportRowJson(selfOf(r), zone) };
  if (r.view === 'upcoming') {
    const u = r.upcoming;
    return {
      ...window,
      from: u ? isoInZone(u.from, zone) : null,
      to: u ? isoInZone(u.to, zone) : null,
      upcoming: (u?.meetings ?? []).map((m) => upcomingJson(m, zone)),
    };
  }
  return { ...window, clients: r.entries.map((e) => reportRowJson(e, zone)) };
}

export function renderReportJson(r: ReportResult, opts: RenderOptions): string {
  return `${JSON.stringify(reportJson(r, opts.zone), null, 2)}\n`;
}
