/** `etiq history [CLIENT]` and `etiq clients`: what is recorded, read back. */
import type { Command } from 'commander';
import { refuseUnknownSubcommands } from '../help.js';
import { usageError } from '../../core/errors.js';
import { zoneName } from '../../core/time.js';
import { visible } from '../../core/visible.js';
import { clientJson, outcomeJson, renderHistory } from '../../render/records.js';
import { addCommonOptions, buildContext, type CommonFlags, type Io } from '../context.js';
import { emailValue, wholeNumber } from '../flag-values.js';
import { addDbOption, openStore, openStoreForReading } from '../record.js';

interface HistoryFlags extends CommonFlags {
  db?: string;
  all?: boolean;
  limit?: string;
}

interface ClientSetFlags extends CommonFlags {
  db?: string;
  name?: string;
  tz?: string;
  org?: string;
  note?: string;
}

export function registerHistoryCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  const history = program
    .command('history')
    .description("a client's timeline of outcomes and corrections; without a client, the latest entries")
    .argument('[client]', 'client email (or exact name)')
    .option('--all', 'include superseded (corrected or undone) entries')
    .option('--limit <n>', 'at most this many entries (default: 20 without a client, all with one)');
  addDbOption(history);
  addCommonOptions(history).action(async (client: string | undefined, flags: HistoryFlags) => {
    setExit(await runHistory(client, flags, io));
  });

  // Positional options: `etiq clients set EMAIL --db X` gives --db to `set`, not to `clients`
  // (by default commander lets a parent's options be picked up after its subcommand).
  const clients = program.command('clients').description('list clients; `etiq clients set EMAIL ...` edits one').enablePositionalOptions();
  addDbOption(clients);
  addCommonOptions(refuseUnknownSubcommands(clients)).action(async (flags: HistoryFlags) => {
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
      setExit(await runClientSet(email, flags, io));
    });
}

async function runHistory(client: string | undefined, flags: HistoryFlags, io: Io): Promise<number> {
  const ctx = await buildContext(flags, io);
  const limit = flags.limit !== undefined ? wholeNumber(flags.limit, '--limit', { min: 1, max: 1_000_000 }) : client === undefined ? 20 : undefined;
  const store = openStoreForReading(ctx, flags);
  try {
    let email: string | undefined;
    if (client !== undefined) {
      const found =
        store?.read(() => store.clientByEmail(client)) ??
        store?.read(() => store.listClients()).find((c) => c.name !== null && c.name.toLowerCase() === client.trim().toLowerCase()) ??
        null;
      if (!found) throw usageError(`no client "${visible(client)}" is recorded (see \`etiq clients\`)`);
      email = found.email;
    }
    const entries = store ? store.read(() => store.history({ clientEmail: email, all: flags.all === true, limit })) : [];
    const zone = ctx.settings.timezone;
    if (ctx.json) ctx.printJson({ entries: entries.map((e) => outcomeJson(e, zone)) });
    else ctx.print(renderHistory(entries, zone, ctx.style, email ? `History of ${email}` : 'Latest meetings'));
    return 0;
  } finally {
    store?.close();
  }
}

async function runClients(flags: HistoryFlags, io: Io): Promise<number> {
  const ctx = await buildContext(flags, io);
  const store = openStoreForReading(ctx, flags);
  try {
    const rows = store ? store.read(() => store.listClients()) : [];
    const zone = ctx.settings.timezone;
    if (ctx.json) ctx.printJson({ clients: rows.map((c) => clientJson(c, zone)) });
    else {
      const { renderClients } = await import('../../render/clients.js');
      ctx.print(renderClients(rows, zone, ctx.style));
    }
    return 0;
  } finally {
    store?.close();
  }
}

async function runClientSet(emailArg: string, flags: ClientSetFlags, io: Io): Promise<number> {
  const { tz, ...common } = flags;
  const ctx = await buildContext(common, io);
  const email = emailValue(emailArg, 'the client');
  let timezone: string | undefined;
  if (tz !== undefined) {
    timezone = zoneName(tz) ?? undefined;
    if (!timezone) throw usageError(`--tz "${visible(tz)}" is not a time zone (an IANA name such as Europe/London, or a Windows name such as "GMT Standard Time")`);
  }
  if ([flags.name, tz, flags.org, flags.note].every((v) => v === undefined)) throw usageError('nothing to set: pass --name, --tz, --org or --note');
  const store = openStore(ctx, flags);
  try {
    const row = store.write(() => store.updateClient(email, { name: flags.name, timezone, organisation: flags.org, notes: flags.note }, ctx.now));
    if (ctx.json) ctx.printJson({ client: clientJson(row, ctx.settings.timezone) });
    else ctx.print(`${ctx.style.green('Saved:')} ${row.email}${row.name ? ` (${visible(row.name)})` : ''}${row.timezone ? `, ${row.timezone}` : ''}`);
    return 0;
  } finally {
    store.close();
  }
}
