/** `etiq history [CLIENT]` and `etiq clients`: what is recorded, read back. Their flags: history.ts. */
import { usageError } from '../../core/errors.js';
import { zoneName } from '../../core/time.js';
import { visible } from '../../core/visible.js';
import { clientJson, outcomeJson, renderHistory } from '../../render/records.js';
import { buildContext, type CommonFlags, type Io } from '../context.js';
import { emailValue, wholeNumber } from '../flag-values.js';
import { openStore, openStoreForReading } from '../record.js';

export interface HistoryFlags extends CommonFlags {
  db?: string;
  all?: boolean;
  limit?: string;
}

export interface ClientSetFlags extends CommonFlags {
  db?: string;
  name?: string;
  tz?: string;
  org?: string;
  note?: string;
}

export async function runHistory(client: string | undefined, flags: HistoryFlags, io: Io): Promise<number> {
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

export async function runClients(flags: HistoryFlags, io: Io): Promise<number> {
  const ctx = await buildContext(flags, io);
  const store = openStoreForReading(ctx, flags);
  try {
    const rows = store ? store.read(() => store.listClients()) : [];
    const zone = ctx.settings.timezone;
    if (ctx.json) ctx.printJson({ clients: rows.map((c) => clientJson(c, zone)) });
    else {
      const [{ renderClients }, { withCellWidths }] = await Promise.all([import('../../render/clients.js'), import('../../render/text.js')]);
      ctx.print(await withCellWidths(() => renderClients(rows, zone, ctx.style)));
    }
    return 0;
  } finally {
    store?.close();
  }
}

export async function runClientSet(emailArg: string, flags: ClientSetFlags, io: Io): Promise<number> {
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
