/** `etiq init` (issue 12): its flags; what it does is init-run.ts, loaded when it runs. */
import type { Command } from 'commander';
import { collect, type Io } from '../options.js';
import type { InitFlags } from './init-run.js';

/** The working hours init writes when --hours is not given (and its help says so). */
export const DEFAULT_HOURS_TEXT = 'mon-fri 09:00-17:00';

export function registerInit(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('init')
    .description('write a commented config file: asks at a terminal, or takes every answer from flags')
    .option('--name <name>', 'your name, as drafts sign it')
    .option('--email <address>', 'your email address (required with --no-input)')
    .option('--other <address>', 'another address of yours; repeat for several', collect)
    .option('--tz <zone>', "your time zone, IANA or Windows name (default: the system's)")
    .option('--hours <days-and-ranges>', `working hours, e.g. "${DEFAULT_HOURS_TEXT}" or "mon=09:00-12:00,13:00-17:00"; repeat for several (default: ${DEFAULT_HOURS_TEXT})`, collect)
    .option('--calendar <path-or-url>', 'a calendar .ics file or URL; repeat for several (at least one required with --no-input)', collect)
    .option('--slot-duration <d>', 'meeting length, [slots] duration (default 30m)')
    .option('--buffer <d>', 'free time before and after a meeting, [slots] buffer (default 10m)')
    .option('--notice <d>', 'minimum notice before a slot, [slots] notice (default 18h)')
    .option('--offer <n>', 'how many slots a follow-up offers, [followup] offer, 1 to 10 (default 3)')
    .option('--valid-for <d>', "how long an offer's slots are held, [followup] valid_for (default 48h)")
    .option('--config <file>', 'where to write (default: $ETIQ_CONFIG, else the platform config dir)')
    .option('--force', 'replace an existing file, keeping the old one as <file>.bak')
    .option('--no-input', 'never ask: take every answer from flags')
    .option('--now <iso>', 'pretend the time is this, for the 14-day event counts (also $ETIQ_NOW)')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  etiq init',
        '  etiq init --no-input --name "Dana Reyes" --email dana@example.com \\',
        '    --tz America/New_York --calendar ~/work.ics',
        '  etiq init --email dana@example.com --calendar https://example.com/basic.ics \\',
        '    --hours "mon-thu 09:00-17:00" --hours "fri 09:00-13:00"',
        '  etiq init --no-input --email dana@example.com --calendar ~/work.ics \\',
        '    --slot-duration 45m --buffer 15m --notice 1d --offer 4 --valid-for 72h',
      ].join('\n'),
    )
    .action(async (flags: InitFlags) => {
      const { runInit } = await import('./init-run.js');
      setExit(await runInit(flags, io));
    });
}
