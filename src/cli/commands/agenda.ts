/** `etiq agenda`: its flags; what it does is agenda-run.ts, loaded when it runs. */
import type { Command } from 'commander';
import { addCommonOptions, type Io } from '../options.js';
import type { AgendaFlags } from './agenda-run.js';

export function registerAgenda(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('agenda')
    .description('list the events of your calendars, as etiq reads them (default: today)')
    .option('--from <date|iso>', 'start: a date (local midnight) or an ISO date-time (default: today)')
    .option('--to <date|iso>', 'end: a date (that whole day included) or an ISO date-time (exclusive)')
    .option('--days <n>', 'number of days from --from (default: 1)');
  addCommonOptions(cmd).action(async (flags: AgendaFlags) => {
    const { runAgenda } = await import('./agenda-run.js');
    setExit(await runAgenda(flags, io));
  });
}
