/**
 * `etiq noshow` and `etiq log OUTCOME`: record what happened at a client meeting.
 * noshow is `log no-show` with a prompt for the minutes waited.
 */
import type { Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { usageError } from '../../core/errors.js';
import { OUTCOMES, classifyCancellation, isOutcome, type OutcomeKind } from '../../core/etiquette/outcomes.js';
import { isoInZone, parseMoment } from '../../core/time.js';
import { outcomeJson, renderRecorded } from '../../render/records.js';
import { addCommonOptions, buildContext, type CommonFlags, type Context, type Io } from '../context.js';
import { askMinutes } from '../prompt.js';
import {
  addDbOption,
  addSelectorOptions,
  checkTiming,
  openStore,
  recordForClients,
  selectClients,
  selectMeeting,
  type Recorded,
  type SelectedMeeting,
  type SelectorFlags,
} from '../record.js';

interface OutcomeFlags extends CommonFlags, SelectorFlags {
  waited?: string;
  minutes?: string;
  notice?: string;
  toldAt?: string;
  to?: string;
  note?: string;
  undo?: boolean;
}

export function registerOutcomeCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  const noshow = program
    .command('noshow')
    .description('record that a client did not show up (asks which meeting when run at a terminal)')
    .option('--waited <minutes>', 'minutes you waited (default: the policy grace)')
    .option('--note <text>', 'a note kept with the record')
    .option('--undo', 'revert the recorded no-show (kept in the history)');
  addDbOption(addSelectorOptions(noshow));
  addCommonOptions(noshow).action(async (flags: OutcomeFlags) => {
    setExit(await runOutcome('no-show', flags, io, true));
  });

  const log = program
    .command('log')
    .description(`record another outcome: ${OUTCOMES.join(', ')}`)
    .argument('<outcome>', `one of: ${OUTCOMES.join(', ')}`)
    .option('--minutes <n>', 'minutes late (late, host-late) or waited (no-show)')
    .option('--notice <d>', 'for a cancellation: how long before the start the client told you (e.g. 3h)')
    .option('--told-at <iso>', 'for a cancellation: when the client told you (default: now)')
    .option('--to <iso>', 'for rescheduled: the new start time')
    .option('--note <text>', 'a note kept with the record')
    .option('--undo', 'revert the current outcome of that meeting (kept in the history)');
  addDbOption(addSelectorOptions(log));
  addCommonOptions(log).action(async (outcome: string, flags: OutcomeFlags) => {
    if (!isOutcome(outcome)) throw usageError(`"${outcome}" is not an outcome; use one of: ${OUTCOMES.join(', ')}`);
    setExit(await runOutcome(outcome, flags, io, false));
  });
}

function wholeMinutes(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  if (!/^\d{1,5}$/.test(value.trim())) throw usageError(`${flag} "${value}" must be a whole number of minutes`);
  return Number(value.trim());
}

function cleanNote(note: string | undefined): string | null {
  if (note === undefined) return null;
  return note.length > 0 ? note : null;
}

export async function runOutcome(requested: OutcomeKind, flags: OutcomeFlags, io: Io, isNoshow: boolean): Promise<number> {
  const ctx = await buildContext(flags, io);
  const zone = ctx.settings.timezone;
  const fmt = (ms: number) => isoInZone(ms, zone);
  // Flag checks before anything is read or asked.
  const minutesFlag = wholeMinutes(isNoshow ? flags.waited : flags.minutes, isNoshow ? '--waited' : '--minutes');
  if (!isNoshow && flags.waited !== undefined) throw usageError('--waited belongs to `etiq noshow`; with `etiq log no-show` use --minutes');
  if (flags.notice !== undefined && flags.toldAt !== undefined) throw usageError('use --notice or --told-at, not both');
  const cancellation = requested === 'cancelled' || requested === 'late-cancel';
  if (!cancellation && (flags.notice !== undefined || flags.toldAt !== undefined)) throw usageError(`--notice and --told-at go with cancelled or late-cancel, not ${requested}`);
  if (requested === 'rescheduled' && flags.to === undefined && !flags.undo) throw usageError('rescheduled needs --to ISO (the new start time)');
  if (requested !== 'rescheduled' && flags.to !== undefined) throw usageError(`--to goes with rescheduled, not ${requested}`);
  if ((requested === 'late' || requested === 'host-late') && minutesFlag === null && !flags.undo) throw usageError(`${requested} needs --minutes N (how late)`);

  let meeting = await selectMeeting(ctx, flags, isNoshow ? 'did the client miss' : `was ${requested}`);
  const clients = await selectClients(ctx, meeting, flags.client);
  if (!flags.undo) checkTiming(ctx, requested, meeting, fmt);

  let minutes = minutesFlag;
  if (requested === 'no-show' && minutes === null) {
    const grace = Math.round(ctx.settings.policy.graceMs / 60_000);
    minutes = isNoshow && !flags.undo && ctx.io.stdinIsTTY && ctx.io.stdout.isTTY ? await askMinutes(io, 'How many minutes did you wait?', grace, '--waited MIN') : grace;
  }

  let kind = requested;
  let noticeMs: number | null = null;
  let toldAt: number | null = null;
  if (cancellation && !flags.undo) {
    if (flags.notice !== undefined) {
      noticeMs = parseDuration(flags.notice);
      if (noticeMs === null) throw usageError(`--notice "${flags.notice}" is not a duration (such as 3h or 2d)`);
      toldAt = meeting.start - noticeMs;
    } else {
      toldAt = flags.toldAt !== undefined ? parseMoment(flags.toldAt, zone, '--told-at').ms : ctx.now;
      noticeMs = meeting.start - toldAt;
    }
    // `cancelled` with less notice than the policy allows is a late cancel, whatever it was called.
    if (requested === 'cancelled') kind = classifyCancellation(noticeMs, ctx.settings.policy);
  }

  const store = openStore(ctx, flags);
  try {
    if (meeting.manual) {
      // A meeting not in the calendars may already be stored: the target of an earlier
      // reschedule, or one entered by hand before. Use it, so chains A -> B -> C hold.
      const known = store.read(() => store.meetingStartingAt(meeting.start, clients[0]!.email!));
      if (known) meeting = { ...meeting, uid: known.uid, recurrenceId: known.recurrenceId, source: known.source, end: known.end, summary: known.summary };
    }
    let target: SelectedMeeting | null = null;
    if (requested === 'rescheduled' && flags.to !== undefined) {
      const to = parseMoment(flags.to, zone, '--to').ms;
      if (to === meeting.start) throw usageError('--to is the meeting\'s current start; a reschedule needs a new time');
      target = {
        ...meeting,
        uid: `${meeting.uid}#rescheduled:${new Date(to).toISOString()}`,
        recurrenceId: null,
        source: 'manual',
        start: to,
        end: to + (meeting.end - meeting.start),
        manual: true,
      };
    }
    const results: Recorded[] = recordForClients(store, ctx, meeting, clients, (meetingId, clientId) => {
      if (flags.undo) {
        // Fix: `etiq noshow --undo` reverts a no-show only; it used to revert whatever was
        // current (an `attended` recorded since, say). `etiq log X --undo` reverts any outcome.
        if (isNoshow && store.currentOutcome(meetingId, clientId)?.kind !== 'no-show') return null;
        const undone = store.undoOutcome(meetingId, clientId, ctx.now);
        return undone ? { record: undone, status: 'undone' } : null;
      }
      let rescheduledTo: number | null = null;
      if (target) {
        const row = store.upsertMeeting(target, ctx.now);
        store.linkAttendee(row.id, clientId, null);
        rescheduledTo = row.id;
      }
      return store.recordOutcome(
        { meetingId, clientId, kind, minutes, noticeMs, toldAt, rescheduledTo, note: cleanNote(flags.note) },
        ctx.now,
      );
    });
    if (flags.undo && results.length === 0) {
      throw usageError(`nothing to undo: no ${isNoshow ? 'no-show' : 'outcome'} is recorded for "${meeting.summary}" (${fmt(meeting.start)})`);
    }
    print(ctx, results);
    return 0;
  } finally {
    store.close();
  }
}

function print(ctx: Context, results: Recorded[]): void {
  const zone = ctx.settings.timezone;
  if (ctx.json) {
    const objs = results.map((r) => outcomeJson(r.record, zone, r.status));
    ctx.io.stdout.write(`${JSON.stringify(objs.length === 1 ? objs[0] : objs, null, 2)}\n`);
    return;
  }
  for (const r of results) ctx.io.stdout.write(`${renderRecorded(r.record, r.status, zone, ctx.style)}\n`);
}
