/**
 * What `etiq noshow` and `etiq log` share: choosing the meeting (from the calendars or
 * entered by hand), choosing the client, and recording the outcome in one transaction.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { dataDir } from '../adapters/paths.js';
import { Store, type MeetingInput, type OutcomeRecord, type RecordStatus } from '../adapters/store.js';
import type { Occurrence, Person } from '../core/calendar/types.js';
import { parseDuration } from '../core/duration.js';
import { inputError, usageError } from '../core/errors.js';
import { clientsOf, earliestRecording, isClientMeeting, type OutcomeKind } from '../core/etiquette/outcomes.js';
import { parseMoment } from '../core/time.js';
import { describeMeeting } from '../render/records.js';
import { printWarnings, readCalendarsFor, type Context } from './context.js';
import { choose } from './prompt.js';

const DAY_MS = 86_400_000;

export interface SelectorFlags {
  uid?: string;
  recurrenceId?: string;
  at?: string;
  last?: boolean;
  client?: string;
  duration?: string;
  db?: string;
  since?: string;
}

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

export function addDbOption(cmd: Command): Command {
  return cmd.option('--db <file>', 'the database file (default: $ETIQ_DB, else the platform data dir)');
}

export function dbPath(flags: { db?: string }, env: NodeJS.ProcessEnv, cwd: string): string {
  if (flags.db) return path.resolve(cwd, flags.db);
  if (env['ETIQ_DB']) return path.resolve(cwd, env['ETIQ_DB']);
  return path.join(dataDir(env), 'etiq.db');
}

/** A meeting to record against: a calendar occurrence, or one entered by hand. */
export interface SelectedMeeting extends MeetingInput {
  people: (Person & { partstat: string | null })[];
  manual: boolean;
}

function fromOccurrence(o: Occurrence, myAddresses: string[]): SelectedMeeting {
  const partstats = new Map(o.attendees.filter((a) => a.email).map((a) => [a.email!, a.partstat]));
  return {
    uid: o.uid || `${o.calendar}#line-${o.line}`,
    recurrenceId: o.recurrenceId,
    source: o.calendar,
    start: o.start,
    end: o.end,
    summary: o.summary,
    people: clientsOf(o, myAddresses).map((p) => ({ ...p, partstat: partstats.get(p.email!) ?? null })),
    manual: false,
  };
}

async function occurrencesAround(ctx: Context, start: number, end: number): Promise<Occurrence[]> {
  if (ctx.settings.calendars.length === 0) return [];
  const read = await readCalendarsFor(ctx, { start, end });
  if (!ctx.json) printWarnings(ctx, read.failures.map((f) => ({ calendar: f.calendar, message: f.message })));
  return read.occurrences;
}

function sameInstant(a: string | null, b: string, zone: string): boolean {
  if (a === null) return false;
  if (a === b) return true;
  try {
    return parseMoment(a, zone, 'recurrence id').ms === parseMoment(b, zone, '--recurrence-id').ms;
  } catch {
    return false;
  }
}

/** Finds the meeting the flags name; prompts only when none is named and a terminal is there. */
export async function selectMeeting(ctx: Context, flags: SelectorFlags, verb: string): Promise<SelectedMeeting> {
  const zone = ctx.settings.timezone;
  const me = ctx.settings.myAddresses;
  const clientFilter = flags.client?.trim().toLowerCase();
  const withClient = (o: Occurrence) => !clientFilter || clientsOf(o, me).some((p) => p.email === clientFilter);
  const selectors = [flags.uid !== undefined, flags.at !== undefined, flags.last === true].filter(Boolean).length;
  if (selectors > 1) throw usageError('use only one of --uid, --at and --last');
  if (flags.recurrenceId !== undefined && flags.uid === undefined) throw usageError('--recurrence-id goes with --uid');

  if (flags.uid !== undefined) {
    const rid = flags.recurrenceId !== undefined ? parseMoment(flags.recurrenceId, zone, '--recurrence-id') : null;
    const around = rid ? rid.ms : ctx.now;
    const occ = (await occurrencesAround(ctx, around - 366 * DAY_MS, around + 31 * DAY_MS)).filter((o) => o.uid === flags.uid);
    let pick: Occurrence | undefined;
    if (flags.recurrenceId !== undefined) pick = occ.find((o) => sameInstant(o.recurrenceId, flags.recurrenceId!, zone) || o.start === rid!.ms);
    else {
      const started = occ.filter((o) => o.start <= ctx.now);
      pick = started.length > 0 ? started[started.length - 1] : occ[0];
    }
    if (!pick) {
      throw inputError(
        `no event with UID "${flags.uid}"${flags.recurrenceId ? ` and recurrence id ${flags.recurrenceId}` : ''} in your calendars (searched a year back and a month ahead)`,
      );
    }
    return fromOccurrence(pick, me);
  }

  if (flags.at !== undefined) {
    const at = parseMoment(flags.at, zone, '--at').ms;
    const occ = await occurrencesAround(ctx, at - DAY_MS, at + DAY_MS);
    const matches = occ.filter((o) => o.start === at && isClientMeeting(o, me) && withClient(o));
    if (matches.length === 1) return fromOccurrence(matches[0]!, me);
    if (matches.length > 1) {
      return fromOccurrence(
        await choose(ctx.io, `Several client meetings start then; which one?`, matches.map((o) => ({ name: describeMeeting(o, zone), value: o })), 'pass --uid UID to name one'),
        me,
      );
    }
    if (clientFilter) return manualMeeting(ctx, flags, at);
    const sameDay = occ.filter((o) => isClientMeeting(o, me)).map((o) => describeMeeting(o, zone));
    throw inputError(
      `no client meeting starts at ${flags.at}${sameDay.length ? `; client meetings around then: ${sameDay.slice(0, 5).join('; ')}` : ''} (for a meeting not in your calendars, add --client EMAIL)`,
    );
  }

  if (flags.last) {
    const occ = (await occurrencesAround(ctx, ctx.now - 31 * DAY_MS, ctx.now + 1)).filter((o) => o.start <= ctx.now && isClientMeeting(o, me) && withClient(o));
    const pick = occ[occ.length - 1];
    if (!pick) throw inputError(`no client meeting${clientFilter ? ` with ${clientFilter}` : ''} has started in the last 31 days`);
    return fromOccurrence(pick, me);
  }

  if (clientFilter) throw usageError('--client needs --at (the meeting starting then) or --last');

  const sinceMs = flags.since !== undefined ? parseDuration(flags.since) : DAY_MS;
  if (sinceMs === null || sinceMs <= 0) throw usageError(`--since "${flags.since}" is not a duration (such as 24h or 3d)`);
  const recent = (await occurrencesAround(ctx, ctx.now - sinceMs, ctx.now + 1)).filter((o) => o.start <= ctx.now && o.start >= ctx.now - sinceMs && isClientMeeting(o, me));
  if (recent.length === 0) throw inputError(`no client meeting started in the last ${flags.since ?? '24h'}; name one with --uid, --at or --client`);
  const pick = await choose(
    ctx.io,
    `Which meeting ${verb}?`,
    recent.reverse().map((o) => ({ name: describeMeeting(o, zone), value: o })),
    'name the meeting with --uid UID, --at ISO, --last, or --client EMAIL --at ISO',
  );
  return fromOccurrence(pick, me);
}

function manualMeeting(ctx: Context, flags: SelectorFlags, at: number): SelectedMeeting {
  const email = flags.client!.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw usageError(`--client "${flags.client}" is not an email address`);
  const durationMs = flags.duration !== undefined ? parseDuration(flags.duration) : ctx.settings.slots.durationMs;
  if (durationMs === null || durationMs <= 0) throw usageError(`--duration "${flags.duration}" is not a positive duration (such as 30m)`);
  return {
    uid: `etiq-manual:${email}:${new Date(at).toISOString()}`,
    recurrenceId: null,
    source: 'manual',
    start: at,
    end: at + durationMs,
    summary: `Meeting with ${email}`,
    people: [{ email, name: null, partstat: null }],
    manual: true,
  };
}

/** The client(s) of the meeting the outcome is for. */
export async function selectClients(ctx: Context, meeting: SelectedMeeting, clientFlag: string | undefined): Promise<Person[]> {
  if (meeting.people.length === 0) {
    throw inputError(
      `"${meeting.summary}" has no attendee other than you${ctx.settings.myAddresses.length === 0 ? ' (or set [me] email in the config so etiq knows which attendee is you)' : ''}; pass --client EMAIL --at ISO to record it by hand`,
    );
  }
  if (clientFlag !== undefined) {
    const email = clientFlag.trim().toLowerCase();
    const p = meeting.people.find((x) => x.email === email);
    if (!p) throw inputError(`${clientFlag} is not an attendee of "${meeting.summary}" (attendees: ${meeting.people.map((x) => x.email).join(', ')})`);
    return [p];
  }
  if (meeting.people.length === 1) return [meeting.people[0]!];
  const all = { email: '*', name: null } as Person;
  const pick = await choose(
    ctx.io,
    'The meeting has several clients; who is this about?',
    [...meeting.people.map((p) => ({ name: p.name ? `${p.name} <${p.email}>` : p.email!, value: p })), { name: 'all of them', value: all }],
    `the meeting has ${meeting.people.length} clients (${meeting.people.map((p) => p.email).join(', ')}): pass --client EMAIL`,
  );
  return pick === all ? meeting.people : [pick];
}

export function checkTiming(ctx: Context, kind: OutcomeKind, meeting: SelectedMeeting, fmt: (ms: number) => string): void {
  const earliest = earliestRecording(kind, meeting.start, ctx.settings.policy);
  if (earliest !== null && ctx.now < earliest) {
    const why = earliest > meeting.start ? ` (start + ${Math.round(ctx.settings.policy.graceMs / 60_000)} min grace)` : '';
    throw inputError(`"${meeting.summary}" starts ${fmt(meeting.start)}; ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} can be recorded from ${fmt(earliest)}${why}`);
  }
}

export interface Recorded {
  record: OutcomeRecord;
  status: RecordStatus | 'undone';
}

export function openStore(ctx: Context, flags: { db?: string }): Store {
  return Store.open(dbPath(flags, ctx.io.env, ctx.io.cwd));
}

/** Stores the meeting, its clients and runs `write` for each chosen client, in one transaction. */
export function recordForClients(
  store: Store,
  ctx: Context,
  meeting: SelectedMeeting,
  clients: Person[],
  write: (meetingId: number, clientId: number) => Recorded | null,
): Recorded[] {
  return store.write(() => {
    const row = store.upsertMeeting(meeting, ctx.now);
    for (const p of meeting.people) {
      const c = store.upsertClient(p.email!, p.name, ctx.now);
      store.linkAttendee(row.id, c.id, p.partstat);
    }
    const out: Recorded[] = [];
    for (const p of clients) {
      const c = store.clientByEmail(p.email!)!;
      const r = write(row.id, c.id);
      if (r) out.push(r);
    }
    return out;
  });
}
