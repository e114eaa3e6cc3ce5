/**
 * The flags commands share, declared at registration: light on purpose. `etiq --help`,
 * `etiq` alone, `etiq help` and `etiq completion` register every command, so what a
 * command's registration (src/cli/commands/X.ts) imports is loaded by each of them: this
 * module imports commander only (already loaded), never the reader, the store, luxon or
 * the renderers (issue 13). What the flags do is in context.ts, record.ts, draft-output.ts.
 */
import type { TextOut } from './fd-out.js';
import { Option, type Command } from 'commander';

export interface CommonFlags {
  config?: string;
  calendar?: string[];
  tz?: string;
  now?: string;
  json?: boolean;
  debug?: boolean;
  color?: boolean;
  cache?: boolean;
}

export interface Io {
  stdout: TextOut;
  stderr: TextOut;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** The working directory relative paths in flags resolve against. */
  cwd: string;
}

/** For a repeatable flag (`--calendar A --calendar B`): every value, in order. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The options every command accepts, in the same words everywhere. */
export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'config file (default: $ETIQ_CONFIG, else the platform config dir)')
    .option('--calendar <path-or-url>', 'calendar .ics file or URL; repeat for several (replaces the config list)', collect)
    .option('--tz <zone>', "your IANA time zone (default: config 'timezone', else the system's)")
    .option('--now <iso>', 'pretend the time is this (also $ETIQ_NOW)')
    .option('--json', 'machine-readable output')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .addOption(new Option('--no-cache', 'read calendars without the expansion cache'))
    .option('--debug', 'show stack traces on errors');
}

/** How `etiq noshow` and `etiq log` name the meeting (see selectMeeting in record.ts). */
export function addSelectorOptions(cmd: Command): Command {
  return cmd
    .option('--uid <uid>', 'the meeting with this calendar UID')
    .option('--recurrence-id <iso>', 'with --uid: which occurrence of a recurring meeting')
    .option('--at <iso>', 'the meeting starting at this time')
    .option('--last', 'the most recent client meeting that has started')
    .option('--client <email>', 'the client (for a meeting with several, or one not in any calendar)')
    .option('--duration <d>', 'with --client and --at, for a meeting not in any calendar (default: slots.duration)')
    .option('--since <d>', 'how far back to list meetings to choose from (default 24h)');
}

/** `--db FILE` (see dbPath in record.ts). */
export function addDbOption(cmd: Command): Command {
  return cmd.option('--db <file>', 'the database file (default: $ETIQ_DB, else the platform data dir)');
}

/** `--holds FILE.ics`: for commands that hold slots without drafting (`etiq offers`); see draft-output.ts. */
export function addHoldsOption(cmd: Command): Command {
  return cmd.option('--holds <file.ics>', 'also write the held slots as tentative events (METHOD:PUBLISH) to import into your calendar');
}

/** `--eml FILE`, `--mailto` and `--holds FILE.ics`: for commands that draft; see draft-output.ts. */
export function addDraftOutputOptions(cmd: Command): Command {
  cmd
    .option('--eml <file>', 'also write the draft as an .eml message to open in your mail program (one file per client: the address is added to the name when there are several)')
    .option('--mailto', 'also print a mailto: link that opens the draft in your mail program');
  return addHoldsOption(cmd);
}
