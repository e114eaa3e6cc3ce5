/** `etiq report`: its flags; what it does is report-run.ts, loaded when it runs (luxon, the store, the renderers). */
import type { Command } from 'commander';
import { addCommonOptions, addDbOption, type Io } from '../options.js';
import type { ReportFlags } from './report-run.js';

/** The defaults of --since and --upcoming: here, for --help; report-run.ts applies them. */
export const DEFAULT_SINCE = '90d';
export const DEFAULT_UPCOMING = '7d';

export function registerReport(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('report')
    .description('who keeps missing or moving meetings, what it cost, what to do next; and your own record')
    .option('--since <90d|date>', `the window's start: a duration back from --until, or a date (default: ${DEFAULT_SINCE})`)
    .option('--until <date|iso>', "the window's end: a date (that whole day included) or an ISO date-time (default: now)")
    .option('--client <email>', 'one client, with the evidence: each meeting and its outcome, corrections included')
    .option('--by <client|org>', 'a row per client (default) or per organisation')
    .option('--min-incidents <n>', 'only rows with at least this many incidents')
    .option('--csv', 'the same columns as --json, as CSV (RFC 4180)')
    .option('--self', 'your own record: your cancellations, late starts and no-shows')
    .option('--upcoming [days]', `the meetings in your calendars over the next days (default ${DEFAULT_UPCOMING}) with a repeat offender`);
  addCommonOptions(addDbOption(cmd)).action(async (flags: ReportFlags) => {
    const { runReport } = await import('./report-run.js');
    setExit(await runReport(flags, io));
  });
}
