/**
 * `etiq report` (issue 11): who keeps missing or moving meetings, what it cost, what to do
 * next with each of them, and the user's own record.
 *
 * Flags -> `reportInputFromFlags` (pure checks, usage errors) -> `runReport`: read the
 * rows of the window (flat indexed queries, store/report.ts), build the ReportResult in
 * core (core/report), and hand it to the renderer of the asked format. Its flags: report.ts.
 */
import { MAX_DURATION_MS, formatDuration, parseDuration, wholeDays } from '../../core/duration.js';
import { usageError } from '../../core/errors.js';
import { callsOffMeeting } from '../../core/etiquette/outcomes.js';
import { buildReport, joinColumns } from '../../core/report/report.js';
import type { GroupBy, ReportResult } from '../../core/report/types.js';
import { selectUpcoming, type BookedMeeting } from '../../core/report/upcoming.js';
import type { Settings } from '../../core/settings.js';
import { localDayStart, parseMoment, plusLocalDays } from '../../core/time.js';
import { visible } from '../../core/visible.js';
import { renderReportCsv } from '../../render/report/csv.js';
import { renderReportJson } from '../../render/report/json.js';
import type { RenderOptions } from '../../render/report/options.js';
import { buildContext, printWarnings, readCalendarsFor, type CommonFlags, type Context, type Io } from '../context.js';
import { emailValue, wholeNumber } from '../flag-values.js';
import { openStoreForReading } from '../record.js';
import { DEFAULT_SINCE, DEFAULT_UPCOMING } from './report.js';

export interface ReportFlags extends CommonFlags {
  since?: string;
  until?: string;
  client?: string;
  by?: string;
  minIncidents?: string;
  csv?: boolean;
  self?: boolean;
  /** `--upcoming` alone is true; `--upcoming 14d` the text. */
  upcoming?: boolean | string;
  db?: string;
}

export type ReportFormat = 'table' | 'json' | 'csv';

/** What the flags ask for, checked before anything is read. */
export interface ReportRequest {
  since: number;
  until: number;
  client: string | null;
  by: GroupBy;
  minIncidents: number;
  format: ReportFormat;
  view: ReportResult['view'];
  /** `--upcoming`: the calendars' window. */
  upcoming: { from: number; to: number } | null;
}

/** `ms` minus a duration; whole days or weeks count calendar days on the wall clock. */
function back(ms: number, text: string, msBack: number, zone: string): number {
  const days = wholeDays(text);
  return days !== null ? plusLocalDays(ms, zone, -days) : ms - msBack;
}

function forward(ms: number, text: string, msAhead: number, zone: string): number {
  const days = wholeDays(text);
  return days !== null ? plusLocalDays(ms, zone, days) : ms + msAhead;
}

/** A duration flag (`90d`, `12w`, `36h`), positive and at most 366 days; null when the text is not one. */
function durationOrNull(text: string, flag: string): number | null {
  const ms = parseDuration(text);
  if (ms === null) return null;
  if (ms <= 0) throw usageError(`${flag} "${visible(text)}" must be longer than zero`);
  if (ms > MAX_DURATION_MS) throw usageError(`${flag} "${visible(text)}" is longer than ${formatDuration(MAX_DURATION_MS)}; give a date (YYYY-MM-DD) instead`);
  return ms;
}

export function reportInputFromFlags(flags: ReportFlags, settings: Pick<Settings, 'timezone'>, now: number): ReportRequest {
  const zone = settings.timezone;
  if (flags.json && flags.csv) throw usageError('use --json or --csv, not both');
  const format: ReportFormat = flags.json ? 'json' : flags.csv ? 'csv' : 'table';

  let until = now;
  if (flags.until !== undefined) {
    const u = parseMoment(flags.until, zone, '--until', now);
    // A date: that whole day is included.
    until = u.dateOnly ? localDayStart(u.ms, zone, 1) : u.ms;
  }
  const sinceText = flags.since ?? DEFAULT_SINCE;
  let since: number;
  if (/^\s*\d{4}-\d{2}-\d{2}/.test(sinceText)) since = parseMoment(sinceText, zone, '--since', now).ms;
  else {
    const ms = durationOrNull(sinceText, '--since');
    if (ms === null) throw usageError(`--since "${visible(sinceText)}" is neither a duration (90d, 12w) nor a date (YYYY-MM-DD)`);
    since = back(until, sinceText, ms, zone);
  }
  if (since >= until) throw usageError(`--since (${visible(sinceText)}) must be before --until (${visible(flags.until ?? 'now')})`);

  const by = flags.by ?? 'client';
  if (by !== 'client' && by !== 'org') throw usageError(`--by "${visible(by)}" must be client or org`);
  const minIncidents = flags.minIncidents !== undefined ? wholeNumber(flags.minIncidents, '--min-incidents', { min: 0, max: 1_000_000 }) : 0;
  const client = flags.client !== undefined ? emailValue(flags.client, '--client') : null;
  const self = flags.self === true;
  if (client !== null && by === 'org') throw usageError('--client shows one client: leave out --by org');
  if (self && by === 'org') throw usageError('--self is your own record: leave out --by org');

  let upcoming: ReportRequest['upcoming'] = null;
  if (flags.upcoming !== undefined && flags.upcoming !== false) {
    const others = (
      [
        ['--self', self],
        ['--client', client !== null],
        ['--csv', flags.csv === true],
        ['--by', flags.by !== undefined],
        ['--min-incidents', flags.minIncidents !== undefined],
      ] as const
    ).filter(([, given]) => given);
    if (others.length > 0) throw usageError(`--upcoming lists meetings to come; it does not go with ${others.map(([f]) => f).join(', ')}`);
    const text = flags.upcoming === true ? DEFAULT_UPCOMING : flags.upcoming;
    const ms = durationOrNull(text, '--upcoming');
    if (ms === null) throw usageError(`--upcoming "${visible(text)}" is not a duration (such as 7d or 2w)`);
    upcoming = { from: now, to: forward(now, text, ms, zone) };
  }
  const view: ReportResult['view'] = upcoming ? 'upcoming' : self ? 'self' : client !== null ? 'client' : 'clients';
  return { since, until, client, by, minIncidents, format, view, upcoming };
}

type Renderer = (r: ReportResult, opts: RenderOptions) => string | Promise<string>;

/**
 * One renderer per format: `--json` and `--csv` are entries of this table, not branches.
 * `exact`: machine text, written as made (ctx.printData); the table goes through ctx.print.
 * The table renderer is loaded only when a table is printed: string-width costs ~40 ms.
 */
const FORMATS: Record<ReportFormat, { load: () => Promise<Renderer>; exact: boolean }> = {
  table: {
    load: async () => {
      // string-width only when a cell needs it (see withCellWidths)
      const [{ renderReportTable }, { withCellWidths }] = await Promise.all([import('../../render/report/table.js'), import('../../render/text.js')]);
      return (r, opts) => withCellWidths(() => renderReportTable(r, opts));
    },
    exact: false,
  },
  json: { load: async () => renderReportJson, exact: true },
  csv: { load: async () => renderReportCsv, exact: true },
};

export async function runReport(flags: ReportFlags, io: Io): Promise<number> {
  const ctx = await buildContext(flags, io);
  const req = reportInputFromFlags(flags, ctx.settings, ctx.now);
  if (req.upcoming && ctx.settings.calendars.length === 0) {
    throw usageError(
      ctx.settings.configPath
        ? `--upcoming reads your calendars, and none is configured: add calendars = ["work.ics"] to ${ctx.settings.configPath} or pass --calendar FILE`
        : '--upcoming reads your calendars: pass --calendar FILE (or URL), or create a config file with calendars = [...]',
    );
  }
  const { result, booked } = readReport(ctx, flags, req);
  let exitCode = 0;
  if (req.upcoming) {
    const read = await readCalendarsFor(ctx, { start: req.upcoming.from, end: req.upcoming.to });
    if (req.format === 'table') printWarnings(ctx, read.warnings);
    result.upcoming = selectUpcoming({
      ...req.upcoming,
      zone: ctx.settings.timezone,
      myAddresses: ctx.settings.myAddresses,
      occurrences: read.occurrences,
      booked: booked.list,
      entries: result.entries,
      names: booked.names,
    });
    if (read.failures.length > 0) {
      // The listing shows what could be read; stderr and the exit code say what could not.
      for (const f of read.failures) ctx.printErr(`${ctx.errStyle.red('etiq:')} ${f.message}`);
      exitCode = Math.max(...read.failures.map((f) => f.exitCode));
    }
  }
  const format = FORMATS[req.format];
  const text = await (await format.load())(result, { zone: ctx.settings.timezone, style: ctx.style });
  if (format.exact) ctx.printData(text);
  else ctx.print(text);
  return exitCode;
}

/** Reads the window's rows and builds the result; with no database, an empty one. */
function readReport(ctx: Context, flags: ReportFlags, req: ReportRequest): { result: ReportResult; booked: { list: BookedMeeting[]; names: Map<string, string | null> } } {
  const s = ctx.settings;
  const policy = { lateCancelMs: s.policy.lateCancelMs, windowMs: s.policy.windowMs, repeatOffender: s.policy.repeatOffender };
  const base = {
    since: req.since,
    until: req.until,
    now: ctx.now,
    zone: s.timezone,
    policy,
    by: req.by,
    view: req.view,
    minIncidents: req.minIncidents,
    me: { email: s.me.email, name: s.me.name },
    // The table closes with a line of your own record; --json and --csv show it with --self only.
    withSelf: req.view === 'self' || req.format === 'table',
  };
  const store = openStoreForReading(ctx, flags);
  if (!store) {
    if (req.client !== null) throw usageError(`no client "${visible(req.client)}" is recorded (see \`etiq clients\`)`);
    const result = buildReport({ ...base, clients: [], rows: [], offers: [], anythingRecorded: false });
    return { result, booked: { list: [], names: new Map() } };
  }
  try {
    return store.read(() => {
      const client = req.client !== null ? store.clientByEmail(req.client) : null;
      if (req.client !== null && !client) throw usageError(`no client "${visible(req.client)}" is recorded (see \`etiq clients\`)`);
      const clientId = client?.id;
      // The window's rows, and those the next draft's tone reads (policy.window back from
      // now, and later ones: a late cancel is recorded before its meeting): one query when
      // the two meet, else two.
      const toneFrom = ctx.now - policy.windowMs;
      const windows = req.until >= toneFrom ? [{ from: Math.min(req.since, toneFrom), to: Infinity }] : [{ from: req.since, to: req.until }, { from: toneFrom, to: Infinity }];
      const rows = joinColumns(windows.map((w) => store.reportOutcomes({ ...w, clientId })));
      const offers = store.reportOffers({ from: req.since, to: req.until, clientId });
      const clients = client ? [{ id: client.id, email: client.email, name: client.name, organisation: client.organisation }] : store.reportClients();
      const result = buildReport({
        ...base,
        clients,
        rows,
        offers,
        anythingRecorded: rows.length > 0 || store.hasOutcomes(),
        client: client ? { id: client.id, email: client.email, name: client.name, organisation: client.organisation } : null,
        // The evidence is shown by the --client table only.
        evidence: client && req.view === 'client' && req.format === 'table' ? store.reportEvidence({ from: req.since, to: req.until, clientId: client.id }) : [],
      });
      const list: BookedMeeting[] = req.upcoming
        ? store
            .upcomingBooked(ctx.now)
            .filter((b) => !b.outcomes.some(callsOffMeeting))
            .map((b) => ({ start: b.meeting.start, end: b.meeting.end, summary: b.meeting.summary, client: b.client }))
        : [];
      return { result, booked: { list, names: new Map(clients.map((c) => [c.email, c.name])) } };
    });
  } finally {
    store.close();
  }
}
