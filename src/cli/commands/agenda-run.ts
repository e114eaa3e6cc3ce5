/** `etiq agenda`: what etiq understood of your calendars, day by day. Its flags: agenda.ts. */
import { usageError } from '../../core/errors.js';
import { localDayStart, parseMoment } from '../../core/time.js';
import { agendaJson, renderAgendaText } from '../../render/agenda.js';
import { buildContext, configWarnings as configWarningsOf, noCalendars, printWarnings, readCalendarsFor, type CommonFlags, type Io } from '../context.js';

export interface AgendaFlags extends CommonFlags {
  from?: string;
  to?: string;
  days?: string;
}

export async function runAgenda(flags: AgendaFlags, io: Io): Promise<number> {
  const ctx = await buildContext(flags, io);
  const zone = ctx.settings.timezone;
  if (flags.to !== undefined && flags.days !== undefined) throw usageError('--to and --days cannot be used together');
  const from = flags.from !== undefined ? parseMoment(flags.from, zone, '--from', ctx.now) : { ms: localDayStart(ctx.now, zone), dateOnly: true };
  let to: number;
  if (flags.to !== undefined) {
    const t = parseMoment(flags.to, zone, '--to', ctx.now);
    to = t.dateOnly ? localDayStart(t.ms, zone, 1) : t.ms;
  } else {
    const days = flags.days === undefined ? 1 : Number(flags.days);
    if (!Number.isInteger(days) || days < 1 || days > 3660) throw usageError(`--days "${flags.days}" must be a whole number from 1 to 3660`);
    to = from.dateOnly ? localDayStart(from.ms, zone, days) : from.ms + days * 86_400_000;
  }
  if (to <= from.ms) throw usageError(`--to (${flags.to}) must be after --from (${flags.from ?? 'today'})`);
  if (ctx.settings.calendars.length === 0) throw noCalendars(ctx);
  // The busy view is all agenda shows (titles, times, status, free or busy): no attendees,
  // organizer or location are read or cached.
  const result = await readCalendarsFor(ctx, { start: from.ms, end: to }, 'busy');
  const configWarnings = configWarningsOf(ctx);
  const failureWarnings = result.failures.map((f) => ({ calendar: f.calendar, message: f.message }));
  const agenda = {
    timezone: zone,
    from: from.ms,
    to,
    occurrences: result.occurrences,
    warnings: [...configWarnings, ...failureWarnings, ...result.warnings],
  };
  // When no calendar could be read at all there is nothing to list: an empty agenda would
  // read as "you are free".
  const nothingRead = result.nothingRead;
  if (ctx.json) {
    if (!nothingRead) ctx.printJson(agendaJson(agenda));
  } else {
    printWarnings(ctx, [...configWarnings, ...result.warnings]);
    if (!nothingRead) ctx.print(renderAgendaText(agenda, ctx.style));
  }
  if (result.failures.length > 0) {
    // The listing above shows what could be read; the exit code and stderr say what could not.
    // Under --debug each is followed by a stack trace: its cause's, else one made here.
    for (const f of result.failures) {
      ctx.printErr(`${ctx.errStyle.red('etiq:')} ${f.message}`);
      if (ctx.debug) ctx.printErr(f.cause?.stack ?? new Error(f.message).stack ?? '');
    }
    return Math.max(...result.failures.map((f) => f.exitCode));
  }
  return 0;
}

