/**
 * What `etiq noshow` and `etiq log` share: choosing the meeting (from the calendars or
 * entered by hand), choosing the client, and the store they write to.
 *
 * Every way of naming a meeting (--uid, --at, --last, the prompt) applies the same rule,
 * `whyNotRecordable` in core: a meeting the calendar cancelled (STATUS:CANCELLED, or an
 * instance EXDATE removed from its series) or that the user declined did not take place,
 * so it carries a cancellation or a reschedule, never an attendance outcome.
 */
import path from 'node:path';
import { cacheDir, defaultConfigPath, dataDir } from '../adapters/paths.js';
import { Store, VerifiedFiles } from '../adapters/store.js';
import type { Occurrence, Person } from '../core/calendar/types.js';
import { inputError, usageError } from '../core/errors.js';
import { clientsOf, earliestRecording, notRecordableText, whyNotRecordable, type OutcomeKind } from '../core/etiquette/outcomes.js';
import type { MeetingInput } from '../core/records/types.js';
import { isoInZone, parseMoment } from '../core/time.js';
import { visible } from '../core/visible.js';
import { describeMeeting, outcomeNoun } from '../render/records.js';
import { printWarnings, readCalendarsFor, type Context } from './context.js';
import { durationValue, emailValue, isEmailAddress } from './flag-values.js';
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

/** A calendar occurrence, or an instance EXDATE removed from its series. */
interface Candidate {
  occ: Occurrence;
  removed: boolean;
}

async function candidatesAround(ctx: Context, start: number, end: number): Promise<Candidate[]> {
  if (ctx.settings.calendars.length === 0) return [];
  const read = await readCalendarsFor(ctx, { start, end });
  if (!ctx.json) printWarnings(ctx, read.failures.map((f) => ({ calendar: f.calendar, message: f.message })));
  return [...read.occurrences.map((occ) => ({ occ, removed: false })), ...read.removed.map((occ) => ({ occ, removed: true }))].sort(
    (a, b) => a.occ.start - b.occ.start,
  );
}

function sameInstant(a: string | null, b: string, zone: string, now: number): boolean {
  if (a === null) return false;
  if (a === b) return true;
  try {
    return parseMoment(a, zone, 'recurrence id').ms === parseMoment(b, zone, '--recurrence-id', now).ms;
  } catch {
    return false;
  }
}

/**
 * Without `[me] email` etiq cannot tell the user from the client among a meeting's
 * attendees: it would record the user (often the organizer) as their own client.
 */
function unknownUser(ctx: Context): Error {
  const where = ctx.settings.configPath ?? defaultConfigPath(ctx.io.env);
  return usageError(
    `etiq does not know which attendee is you, so it would record you as your own client: set me.email in ${where} ([me] email = "you@example.com")`,
    'a meeting that is in no calendar can still be recorded with --client EMAIL --at ISO',
  );
}

/** Finds the meeting the flags name; prompts only when none is named and a terminal is there. */
export async function selectMeeting(ctx: Context, flags: SelectorFlags, kind: OutcomeKind, verb: string): Promise<SelectedMeeting> {
  const zone = ctx.settings.timezone;
  const me = ctx.settings.myAddresses;
  const clientFilter = flags.client !== undefined ? emailValue(flags.client, '--client') : undefined;
  const withClient = (o: Occurrence) => !clientFilter || clientsOf(o, me).some((p) => p.email === clientFilter);
  const selectors = [flags.uid !== undefined, flags.at !== undefined, flags.last === true].filter(Boolean).length;
  if (selectors > 1) throw usageError('use only one of --uid, --at and --last');
  if (flags.recurrenceId !== undefined && flags.uid === undefined) throw usageError('--recurrence-id goes with --uid');
  if (clientFilter && flags.uid === undefined && flags.at === undefined && !flags.last) throw usageError('--client needs --at (the meeting starting then) or --last');
  // Only `--client EMAIL --at ISO` can name a meeting without reading attendees as people.
  const byHandPossible = clientFilter !== undefined && flags.at !== undefined;
  if (me.length === 0 && !byHandPossible) throw unknownUser(ctx);

  const why = (c: Candidate) => whyNotRecordable(c.occ, me, kind, c.removed);
  const recordable = (c: Candidate) => why(c) === null;
  const refuse = (c: Candidate): Error =>
    inputError(`"${visible(c.occ.summary) || '(no title)'}" (${isoInZone(c.occ.start, zone)}) is ${notRecordableText(why(c)!, kind)}`);

  if (flags.uid !== undefined) {
    const rid = flags.recurrenceId !== undefined ? parseMoment(flags.recurrenceId, zone, '--recurrence-id', ctx.now) : null;
    const around = rid ? rid.ms : ctx.now;
    const found = (await candidatesAround(ctx, around - 366 * DAY_MS, around + 31 * DAY_MS)).filter((c) => c.occ.uid === flags.uid);
    let pick: Candidate | undefined;
    if (rid) pick = found.find((c) => sameInstant(c.occ.recurrenceId, flags.recurrenceId!, zone, ctx.now)) ?? found.find((c) => c.occ.start === rid.ms);
    else {
      const listed = found.filter((c) => !c.removed);
      const started = listed.filter((c) => c.occ.start <= ctx.now);
      pick = [...started].reverse().find(recordable) ?? started[started.length - 1] ?? listed.find(recordable) ?? listed[0];
    }
    if (!pick) {
      throw inputError(
        `no event with UID "${visible(flags.uid)}"${flags.recurrenceId ? ` and recurrence id ${visible(flags.recurrenceId)}` : ''} in your calendars (searched a year back and a month ahead)`,
      );
    }
    if (!recordable(pick)) throw refuse(pick);
    // A --client who is not an attendee is refused by selectClients, with the attendees.
    return fromOccurrence(pick.occ, me);
  }

  if (flags.at !== undefined) {
    const at = parseMoment(flags.at, zone, '--at', ctx.now).ms;
    // A day either side, for the meetings the error below lists; with --client a meeting
    // not in the calendars is recorded by hand instead of refused, so only the meetings
    // starting at that instant are read (a warm noshow deserializes ~300 occurrences less
    // on the 10k calendar).
    const nearby = await candidatesAround(ctx, clientFilter ? at : at - DAY_MS, clientFilter ? at + 1 : at + DAY_MS);
    const starting = nearby.filter((c) => c.occ.start === at && !c.occ.allDay && clientsOf(c.occ, me).length > 0 && withClient(c.occ));
    if (starting.length > 0 && me.length === 0) throw unknownUser(ctx);
    const matches = starting.filter(recordable);
    if (matches.length === 1) return fromOccurrence(matches[0]!.occ, me);
    if (matches.length > 1) {
      const occ = await choose(
        ctx.io,
        'Several client meetings start then; which one?',
        matches.map((c) => ({ name: describeMeeting(c.occ, zone), value: c.occ })),
        'pass --uid UID to name one',
      );
      return fromOccurrence(occ, me);
    }
    if (starting.length > 0) throw refuse(starting[0]!);
    if (clientFilter) return manualMeeting(ctx, flags, clientFilter, at);
    const around = nearby.filter((c) => !c.removed && recordable(c)).map((c) => describeMeeting(c.occ, zone));
    throw inputError(
      `no client meeting starts at ${visible(flags.at)}${around.length ? `; client meetings around then: ${around.slice(0, 5).join('; ')}` : ''} (for a meeting not in your calendars, add --client EMAIL)`,
    );
  }

  if (flags.last) {
    const found = (await candidatesAround(ctx, ctx.now - 31 * DAY_MS, ctx.now + 1)).filter((c) => !c.removed && c.occ.start <= ctx.now && recordable(c) && withClient(c.occ));
    const pick = found[found.length - 1];
    if (!pick) throw inputError(`no client meeting${clientFilter ? ` with ${clientFilter}` : ''} has started in the last 31 days`);
    return fromOccurrence(pick.occ, me);
  }

  const sinceMs = flags.since !== undefined ? durationValue(flags.since, '--since') : DAY_MS;
  const recent = (await candidatesAround(ctx, ctx.now - sinceMs, ctx.now + 1)).filter(
    (c) => !c.removed && c.occ.start <= ctx.now && c.occ.start >= ctx.now - sinceMs && recordable(c),
  );
  if (recent.length === 0) throw inputError(`no client meeting started in the last ${flags.since ?? '24h'}; name one with --uid, --at or --client`);
  const occ = await choose(
    ctx.io,
    `Which meeting ${verb}?`,
    recent.reverse().map((c) => ({ name: describeMeeting(c.occ, zone), value: c.occ })),
    'name the meeting with --uid UID, --at ISO, --last, or --client EMAIL --at ISO',
  );
  return fromOccurrence(occ, me);
}

function manualMeeting(ctx: Context, flags: SelectorFlags, email: string, at: number): SelectedMeeting {
  const durationMs = flags.duration !== undefined ? durationValue(flags.duration, '--duration') : ctx.settings.slots.durationMs;
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
  const chosen = await chooseClients(ctx, meeting, clientFlag);
  // An address from a calendar is data, not checked on the way in: one with spaces or
  // control characters (an escape sequence) is refused here, before anything is stored.
  const bad = chosen.find((p) => !p.email || !isEmailAddress(p.email));
  if (bad) {
    throw inputError(`the attendee address "${visible(bad.email ?? '')}" of "${visible(meeting.summary)}" is not an email address etiq can store (it holds spaces or control characters); pass --client EMAIL --at ISO to record the meeting by hand`);
  }
  return chosen;
}

async function chooseClients(ctx: Context, meeting: SelectedMeeting, clientFlag: string | undefined): Promise<Person[]> {
  if (meeting.people.length === 0) {
    throw inputError(`"${visible(meeting.summary)}" has no attendee other than you; pass --client EMAIL --at ISO to record it by hand`);
  }
  const addresses = meeting.people.map((p) => visible(p.email ?? '')).join(', ');
  if (clientFlag !== undefined) {
    const email = emailValue(clientFlag, '--client');
    const p = meeting.people.find((x) => x.email === email);
    if (!p) throw inputError(`${email} is not an attendee of "${visible(meeting.summary)}" (attendees: ${addresses})`);
    return [p];
  }
  if (meeting.people.length === 1) return [meeting.people[0]!];
  const all = { email: '*', name: null } as Person;
  const pick = await choose(
    ctx.io,
    'The meeting has several clients; who is this about?',
    [...meeting.people.map((p) => ({ name: p.name ? `${visible(p.name)} <${visible(p.email ?? '')}>` : visible(p.email ?? ''), value: p })), { name: 'all of them', value: all }],
    `the meeting has ${meeting.people.length} clients (${addresses}): pass --client EMAIL`,
  );
  return pick === all ? meeting.people : [pick];
}

/** An outcome cannot be recorded before it can have happened (a no-show: before start + grace). */
export function checkTiming(ctx: Context, kind: OutcomeKind, meeting: SelectedMeeting): void {
  const earliest = earliestRecording(kind, meeting.start, ctx.settings.policy);
  if (earliest !== null && ctx.now < earliest) {
    const zone = ctx.settings.timezone;
    const why = earliest > meeting.start ? ` (start + ${Math.round(ctx.settings.policy.graceMs / 60_000)} min grace)` : '';
    throw inputError(`"${visible(meeting.summary)}" starts ${isoInZone(meeting.start, zone)}; ${outcomeNoun(kind)} can be recorded from ${isoInZone(earliest, zone)}${why}`);
  }
}

export function openStore(ctx: Context, flags: { db?: string }): Store {
  return Store.open(dbPath(flags, ctx.io.env, ctx.io.cwd), verifiedFiles(ctx));
}

/** The note of databases last closed intact (store/verified.ts), in the cache folder. */
function verifiedFiles(ctx: Context): VerifiedFiles | undefined {
  return ctx.useCache ? new VerifiedFiles(path.join(cacheDir(ctx.io.env), 'verified-databases.json')) : undefined;
}

/** For commands that only read: null when there is no database yet (nothing is created). */
export function openStoreForReading(ctx: Context, flags: { db?: string }): Store | null {
  return Store.openForReading(dbPath(flags, ctx.io.env, ctx.io.cwd), verifiedFiles(ctx));
}
