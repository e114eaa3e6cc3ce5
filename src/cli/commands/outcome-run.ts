/**
 * `etiq noshow` and `etiq log OUTCOME`: record what happened at a client meeting.
 * noshow is `log no-show` with `--waited` (and a prompt for it at a terminal).
 *
 * Flags -> `outcomeFlagsInput` (pure checks, usage errors) -> `runOutcome`: select the
 * meeting and clients, check the values against the meeting, plan each client's record
 * (core/records/plan.ts) and write the plans in one transaction. Their flags: outcome.ts.
 */
import { usageError, inputError } from '../../core/errors.js';
import { isHostOutcome, minutesMeaning, minutesProblem, sameOutcomeFamily, type OutcomeKind } from '../../core/etiquette/outcomes.js';
import { TONES, isTone, situationFor } from '../../core/etiquette/tone.js';
import { planOutcome, type OutcomeRequest } from '../../core/records/plan.js';
import type { OfferRecord, OutcomeRecord, RecordStatus } from '../../core/records/types.js';
import { isoInZone, parseMoment } from '../../core/time.js';
import { visible } from '../../core/visible.js';
import { draftJson, renderDraft } from '../../render/draft.js';
import { outcomeJson, renderRecorded } from '../../render/records.js';
import { buildContext, type CommonFlags, type Context, type Io } from '../context.js';
import { durationValue, wholeNumber } from '../flag-values.js';
import { askMinutes, canPrompt } from '../prompt.js';
import { draftFollowUps, lacksTimes, planFollowUps, storeOffers, type FollowUpDraft, type FollowUpOptions, type FollowUpPlan } from '../followup.js';
import { checkDraftOutputs, draftOutputFlagGiven, draftOutputJson, emitDraftOutputs, holdsJson, mailtoLine, writtenLines, type DraftOutputFlags, type DraftOutputs } from '../draft-output.js';
import { checkTiming, openStore, selectClients, selectMeeting, type SelectedMeeting, type SelectorFlags } from '../record.js';

export interface OutcomeFlags extends CommonFlags, SelectorFlags, DraftOutputFlags {
  waited?: string;
  minutes?: string;
  notice?: string;
  toldAt?: string;
  to?: string;
  note?: string;
  undo?: boolean;
  reason?: string;
  /** commander's --no-draft: false when given. */
  draft?: boolean;
  tone?: string;
  offer?: string;
  allowMissing?: boolean;
}

/** What the flags ask for, checked before anything is read, asked or written. */
interface OutcomeFlagsInput {
  minutes: number | null;
  minutesFlag: '--waited' | '--minutes';
  notice: number | null;
  toldAtText: string | null;
  toText: string | null;
  note: string | null | undefined;
  reason: string | undefined;
  undo: boolean;
  /** null: no draft (--no-draft, --undo, or an outcome that needs none). */
  followUp: FollowUpOptions | null;
}

export function outcomeFlagsInput(kind: OutcomeKind, flags: OutcomeFlags, isNoshow: boolean): OutcomeFlagsInput {
  const minutesFlag = isNoshow ? '--waited' : '--minutes';
  const minutesText = isNoshow ? flags.waited : flags.minutes;
  if (!isNoshow && flags.waited !== undefined) throw usageError('--waited belongs to `etiq noshow`; with `etiq log no-show` use --minutes');
  const undo = flags.undo === true;
  if (undo) {
    const given = (
      [
        [minutesFlag, minutesText],
        ['--notice', flags.notice],
        ['--told-at', flags.toldAt],
        ['--to', flags.to],
        ['--note', flags.note],
        ['--reason', flags.reason],
      ] as const
    ).filter(([, v]) => v !== undefined);
    if (given.length > 0) throw usageError(`--undo takes no values (${given.map(([f]) => f).join(', ')}): it brings back what was recorded before`);
  }
  if (minutesText !== undefined && minutesMeaning(kind) === null) {
    throw usageError(`${minutesFlag} goes with late, host-late and no-show, not ${kind}`);
  }
  const minutes = minutesText !== undefined ? wholeNumber(minutesText, minutesFlag, { min: 1, max: 1440 }, 'a whole number of minutes') : null;
  if (minutesMeaning(kind) === 'late' && minutes === null && !undo) throw usageError(`${kind} needs --minutes N (how late)`);
  const cancellation = sameOutcomeFamily(kind, 'cancelled');
  if (flags.notice !== undefined && flags.toldAt !== undefined) throw usageError('use --notice or --told-at, not both');
  if (!cancellation && (flags.notice !== undefined || flags.toldAt !== undefined)) throw usageError(`--notice and --told-at go with cancelled or late-cancel, not ${kind}`);
  const notice = flags.notice !== undefined ? durationValue(flags.notice, '--notice', { allowZero: true }) : null;
  if (kind === 'rescheduled' && flags.to === undefined && !undo) throw usageError('rescheduled needs --to ISO (the new start time)');
  if (kind !== 'rescheduled' && flags.to !== undefined) throw usageError(`--to goes with rescheduled, not ${kind}`);
  // --note "" clears the note; no --note keeps it.
  const note = flags.note === undefined ? undefined : flags.note.length > 0 ? flags.note : null;
  if (flags.reason !== undefined && !isHostOutcome(kind)) throw usageError(`--reason goes with host-cancelled, host-late and host-no-show (your own reason), not ${kind}`);
  if (flags.reason !== undefined && flags.reason.trim() === '') throw usageError('--reason is empty: give the reason in the words the drafts should use');
  const reason = flags.reason?.trim();
  const tone = flags.tone === undefined ? null : isTone(flags.tone) ? flags.tone : usageError(`--tone "${visible(flags.tone)}" is not a tone; use one of: ${TONES.join(', ')}`);
  if (tone instanceof Error) throw tone;
  const count = flags.offer === undefined ? null : wholeNumber(flags.offer, '--offer', { min: 1, max: 10 });
  const drafting = flags.draft !== false && !undo && situationFor(kind, 'warm') !== null;
  const outputFlag = draftOutputFlagGiven(flags);
  if (!drafting && (flags.tone !== undefined || flags.offer !== undefined || flags.allowMissing || outputFlag !== null)) {
    const flag = flags.tone !== undefined ? '--tone' : flags.offer !== undefined ? '--offer' : flags.allowMissing ? '--allow-missing' : outputFlag!;
    throw usageError(`${flag} is for the follow-up draft, and ${flags.draft === false ? '--no-draft' : undo ? '--undo' : kind} makes none`);
  }
  const followUp = drafting ? { tone, count: count ?? -1, allowMissing: flags.allowMissing === true } : null;
  return { minutes, minutesFlag, notice, toldAtText: flags.toldAt ?? null, toText: flags.to ?? null, note, reason, undo, followUp };
}

interface Written {
  record: OutcomeRecord;
  status: RecordStatus | 'undone';
  /** With `undone`: the outcome that is current again, if the undone one had corrected it. */
  restored?: OutcomeRecord | null;
}

export async function runOutcome(requested: OutcomeKind, flags: OutcomeFlags, io: Io, isNoshow: boolean): Promise<number> {
  const ctx = await buildContext(flags, io);
  const input = outcomeFlagsInput(requested, flags, isNoshow);
  // --eml and --holds: the files and the sender checked before anything is recorded.
  if (input.followUp) checkDraftOutputs(ctx, flags);
  const zone = ctx.settings.timezone;

  let meeting = await selectMeeting(ctx, flags, requested, isNoshow ? 'did the client miss' : `was ${requested}`);
  const clients = await selectClients(ctx, meeting, flags.client);
  if (!input.undo) checkTiming(ctx, requested, meeting);
  const lengthMs = meeting.end - meeting.start;
  if (input.minutes !== null) {
    const problem = minutesProblem(requested, input.minutes, lengthMs);
    if (problem) throw inputError(`${input.minutesFlag} ${input.minutes} is not allowed: ${problem}`);
  }
  const toldAt =
    input.notice !== null ? meeting.start - input.notice : input.toldAtText !== null ? parseMoment(input.toldAtText, zone, '--told-at', ctx.now).ms : undefined;
  const to = input.toText !== null ? parseMoment(input.toText, zone, '--to', ctx.now).ms : null;
  if (to !== null) {
    if (to === meeting.start) throw usageError("--to is the meeting's current start; a reschedule needs a new time");
    if (to <= ctx.now) throw inputError(`--to ${isoInZone(to, zone)} is in the past (now is ${isoInZone(ctx.now, zone)}): a meeting is rescheduled to a time still to come`);
  }

  const store = openStore(ctx, flags);
  try {
    if (meeting.manual) {
      // A meeting not in the calendars may already be stored: the target of an earlier
      // reschedule, or one entered by hand before. Use it, so chains A -> B -> C hold.
      const known = store.read(() => store.meetingStartingAt(meeting.start, clients[0]!.email!));
      if (known) meeting = { ...meeting, uid: known.uid, recurrenceId: known.recurrenceId, source: known.source, end: known.end, summary: known.summary };
    }
    if (input.undo) {
      print(ctx, undo(store, ctx, meeting, clients, requested, isNoshow), null, null);
      return 0;
    }
    // Planned before anything is written: a calendar that cannot be read stops the command
    // with nothing recorded.
    const followUp = input.followUp ? { ...input.followUp, count: input.followUp.count > 0 ? input.followUp.count : ctx.settings.followup.offer } : null;
    const plans = followUp ? await planFollowUps(ctx, store, meeting, clients, requested, followUp) : [];
    const { written, offers } = await record(store, ctx, meeting, clients, requested, isNoshow, { ...input, toldAt, to }, plans);
    let drafts: FollowUpDraft[] | null = null;
    let outputs: DraftOutputs | null = null;
    if (followUp) {
      const rows = new Map(written.map((w) => [w.record.client.email, w.record.client]));
      // One account: the reason as recorded (a re-recorded host outcome keeps its reason).
      const reason = written.find((w) => w.record.reason !== null)?.record.reason ?? null;
      const draftable = plans.filter((p) => !lacksTimes(p));
      for (const p of plans.filter(lacksTimes)) {
        ctx.printErr(`${ctx.errStyle.yellow('warning:')} no follow-up draft for ${p.email}: no ${Math.round((meeting.end - meeting.start) / 60_000)}-minute slot is free inside both working days before the horizon, and a follow-up never goes without concrete times`);
      }
      drafts = draftFollowUps(ctx, draftable, meeting, rows, reason, offers);
      outputs = await emitDraftOutputs(ctx, drafts, flags, { offers: [...offers.values()] });
    }
    print(ctx, written, drafts, outputs);
    return 0;
  } finally {
    store.close();
  }
}

type Store = ReturnType<typeof openStore>;

/** Stores the meeting and its attendees, and returns their ids: inside a write. */
function storeMeeting(store: Store, ctx: Context, meeting: SelectedMeeting): { meetingId: number; clientIds: Map<string, number> } {
  const row = store.upsertMeeting(meeting, ctx.now);
  const clientIds = new Map<string, number>();
  for (const p of meeting.people) {
    const c = store.upsertClient(p.email!, p.name, ctx.now);
    store.linkAttendee(row.id, c.id, p.partstat);
    clientIds.set(p.email!, c.id);
  }
  return { meetingId: row.id, clientIds };
}

async function record(
  store: Store,
  ctx: Context,
  meeting: SelectedMeeting,
  clients: { email: string | null }[],
  kind: OutcomeKind,
  isNoshow: boolean,
  input: OutcomeFlagsInput & { toldAt: number | undefined; to: number | null },
  plans: FollowUpPlan[],
): Promise<{ written: Written[]; offers: Map<string, OfferRecord> }> {
  const graceMinutes = Math.round(ctx.settings.policy.graceMs / 60_000);
  let defaultWaited = graceMinutes;
  if (isNoshow && input.minutes === null && canPrompt(ctx.io)) {
    // Ask only for a new no-show: a recorded one keeps its minutes unless --waited says otherwise.
    const known = store.read(() => {
      const m = store.meetingByKey(meeting.uid, meeting.recurrenceId);
      const c = clients[0]?.email ? store.clientByEmail(clients[0].email) : null;
      return m && c ? store.currentOutcome(m.id, c.id) : null;
    });
    if (known?.kind !== 'no-show') defaultWaited = await askMinutes(ctx.io, 'How many minutes did you wait?', graceMinutes, '--waited MIN');
  }
  return store.write(() => {
    const { meetingId, clientIds } = storeMeeting(store, ctx, meeting);
    let rescheduledTo: number | undefined;
    if (input.to !== null) {
      const target = {
        ...meeting,
        uid: `${meeting.uid}#rescheduled:${new Date(input.to).toISOString()}`,
        recurrenceId: null,
        source: 'manual',
        start: input.to,
        end: input.to + (meeting.end - meeting.start),
      };
      rescheduledTo = store.upsertMeeting(target, ctx.now).id;
    }
    const req: OutcomeRequest = {
      kind,
      ...(input.minutes !== null ? { minutes: input.minutes } : {}),
      ...(input.toldAt !== undefined ? { toldAt: input.toldAt } : {}),
      ...(rescheduledTo !== undefined ? { rescheduledTo } : {}),
      ...(input.note !== undefined ? { note: input.note } : {}),
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    };
    const written = clients.map((p): Written => {
      const clientId = clientIds.get(p.email!)!;
      const current = store.currentOutcome(meetingId, clientId);
      const plan = planOutcome(current, req, { meetingStart: meeting.start, now: ctx.now, policy: ctx.settings.policy, defaultWaited });
      if (plan.status === 'unchanged') return { record: plan.current, status: 'unchanged' as const };
      return store.recordOutcome({ meetingId, clientId, ...plan.values }, ctx.now);
    });
    // The offers in the same transaction: an outcome is never stored without the offer its draft makes.
    return { written, offers: storeOffers(store, ctx, plans, meetingId, clientIds) };
  });
}

/**
 * `--undo` reverts the current outcome when it is the one named (`etiq noshow --undo`: a
 * no-show; `etiq log cancelled --undo`: a cancellation, late or not) and brings back the
 * outcome it had corrected, if any. Both stay in the history.
 */
function undo(store: Store, ctx: Context, meeting: SelectedMeeting, clients: { email: string | null }[], kind: OutcomeKind, isNoshow: boolean): Written[] {
  const out: Written[] = [];
  const mismatches: string[] = [];
  store.write(() => {
    const m = store.meetingByKey(meeting.uid, meeting.recurrenceId);
    for (const p of clients) {
      const c = p.email ? store.clientByEmail(p.email) : null;
      const current = m && c ? store.currentOutcome(m.id, c.id) : null;
      if (!current) continue;
      if (!sameOutcomeFamily(current.kind, kind)) {
        mismatches.push(current.kind);
        continue;
      }
      const done = store.undoOutcome(m!.id, c!.id, ctx.now)!;
      out.push({ record: done.undone, status: 'undone', restored: done.restored });
    }
  });
  if (out.length === 0) {
    const what = `"${visible(meeting.summary)}" (${isoInZone(meeting.start, ctx.settings.timezone)})`;
    const name = isNoshow ? 'no-show' : kind;
    throw usageError(
      mismatches.length > 0
        ? `nothing to undo: the current outcome of ${what} is ${mismatches[0]}, not ${name} (undo it with \`etiq log ${mismatches[0]} --undo\`)`
        : `nothing to undo: no ${name} is recorded for ${what}`,
    );
  }
  return out;
}

/**
 * `drafts` null: no draft was asked for (undo, --no-draft, an outcome that needs none).
 * `outputs`: what --eml, --mailto and --holds wrote or made.
 */
function print(ctx: Context, results: Written[], drafts: FollowUpDraft[] | null, outputs: DraftOutputs | null): void {
  const zone = ctx.settings.timezone;
  const draftOf = (email: string) => drafts?.find((d) => d.to.email === email) ?? null;
  const draftWithOutputs = (d: FollowUpDraft | null) => {
    const json = draftJson(d, zone);
    return json === null ? null : { ...json, ...draftOutputJson(outputs, d) };
  };
  if (ctx.json) {
    const objs = results.map((r) => ({
      ...outcomeJson(r.record, zone, r.status),
      ...(r.status === 'undone' ? { restored: r.restored ? outcomeJson(r.restored, zone) : null } : {}),
      ...(r.status !== 'undone' ? { draft: drafts === null ? null : draftWithOutputs(draftOf(r.record.client.email)) } : {}),
      ...holdsJson(outputs),
    }));
    ctx.printJson(objs.length === 1 ? objs[0] : objs);
    return;
  }
  for (const r of results) {
    ctx.print(renderRecorded(r.record, r.status, zone, ctx.style));
    if (r.restored) ctx.print(renderRecorded(r.restored, 'restored', zone, ctx.style));
  }
  for (const d of drafts ?? []) {
    ctx.print(`\n${renderDraft(d, ctx.style)}`);
    const mailto = mailtoLine(outputs, d);
    if (mailto !== null) ctx.print(`\n${mailto}`);
  }
  const written = writtenLines(outputs);
  if (written.length > 0) ctx.print(`\n${written.join('\n')}`);
}
