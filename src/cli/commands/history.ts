/** `etiq history [CLIENT]` and `etiq clients`: their flags; what they do is history-run.ts, loaded when one runs. */
import type { Command } from 'commander';
import { refuseUnknownSubcommands } from '../help.js';
import { addCommonOptions, addDbOption, type Io } from '../options.js';
import type { ClientSetFlags, HistoryFlags } from './history-run.js';

export function registerHistoryCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  const history = program
    .command('history')
    .description("a client's timeline of outcomes and corrections; without a client, the latest entries")
    .argument('[client]', 'client email (or exact name)')
    .option('--all', 'include superseded (corrected or undone) entries')
    .option('--limit <n>', 'at most this many entries (default: 20 without a client, all with one)');
  addDbOption(history);
  addCommonOptions(history).action(async (client: string | undefined, flags: HistoryFlags) => {
    const { runHistory } = await import('./history-run.js');
    setExit(await runHistory(client, flags, io));
  });

  // Positional options: `etiq clients set EMAIL --db X` gives --db to `set`, not to `clients`
  // (by default commander lets a parent's options be picked up after its subcommand).
  const clients = program.command('clients').description('list clients; `etiq clients set EMAIL ...` edits one').enablePositionalOptions();
  addDbOption(clients);
  addCommonOptions(refuseUnknownSubcommands(clients)).action(async (flags: HistoryFlags) => {
    const { runClients } = await import('./history-run.js');
    setExit(await runClients(flags, io));
  });
  const set = clients
    .command('set')
    .description("set a client's name, time zone, organisation or notes")
    .argument('<email>', 'the client (created if new)')
    .option('--name <name>', 'display name')
    .option('--org <organisation>', 'organisation')
    .option('--note <text>', 'notes (replaces the current ones)');
  addDbOption(set);
  // --tz here is the client's zone; the common --tz (the user's) is not offered on this command.
  set
    .option('--tz <zone>', "the client's time zone (IANA, or a Windows name)")
    .option('--config <file>', 'config file')
    .option('--now <iso>', 'pretend the time is this (also $ETIQ_NOW)')
    .option('--json', 'machine-readable output')
    .option('--no-color', 'no colours')
    .option('--debug', 'show stack traces on errors')
    .action(async (email: string, flags: ClientSetFlags) => {
      const { runClientSet } = await import('./history-run.js');
      setExit(await runClientSet(email, flags, io));
    });
}
