/**
 * `etiq reply --client EMAIL --proposed WHEN`: the client answered an offer with a time.
 *
 * WHEN is read in the client's zone (`etiq clients set --tz`), `--in ZONE` overrides it,
 * else the user's zone (core/phrase.ts). The verdict is core/etiquette/reply.ts, against
 * the live calendars, the slots other open offers hold, and the client's open offer (or
 * their latest one, when it has expired).
 *
 * - Accepted: the new meeting is stored (source `manual`, uid `<missed uid>#rescheduled:<UTC
 *   start>`, as `etiq log rescheduled --to` names it), the client is its attendee, and it
 *   is linked to the missed meeting as its reschedule (meetings.rescheduled_from,
 *   migration 3) without touching the missed meeting's outcome: the no-show stays current.
 *   The offer is closed as accepted (its other slots are free again). Draft: `confirm`.
 * - Not accepted: the offer is repeated (core planReoffer) and stored as the new open offer
 *   for the missed meeting (replacing the open one). Draft: `decline-now` for a time on the
 *   client's today (`now`, `later today`, `today 16:00`), else `not-offered`.
 * - No offer at all: reason `no-offer`, nothing written, no draft.
 *
 * All writes are one transaction, after the calendars were read: a calendar that cannot
 * be read stops the command with nothing written (exit 1). "No" is an answer: exit 0.
 *
 * `runReply` returns the verdict, the draft and the booked meeting without printing: the
 * hook for `--eml` / `--mailto` / `--holds` (the invitation is for `result.meeting`).
 * Its flags: reply.ts.
 */
import { bookedSlots, followUpDraft, heldSlots } from '../followup.js';
import type { HeldSlot } from '../../core/availability/slots.js';
import { templateFor } from '../../adapters/templates.js';
import type { Store } from '../../adapters/store.js';
import { DEFAULT_HOURS, calendarWindow, type Slot } from '../../core/availability/slots.js';
import { concatTimes } from '../../core/calendar/times.js';
import type { FollowUpDraft } from '../../core/draft/draft.js';
import { cityLabel } from '../../core/draft/offer-block.js';
import type { Situation } from '../../core/draft/template.js';
import { runtimeError, usageError } from '../../core/errors.js';
import { checkReply, planReoffer, type ReplyAvailability, type ReplyReason, type ReplyVerdict } from '../../core/etiquette/reply.js';
import { chooseTone, currentHistory, type Tone } from '../../core/etiquette/tone.js';
import { isSameLocalDay, readWhen, type ReadWhen } from '../../core/phrase.js';
import type { ClientRow, MeetingRow, OfferRecord } from '../../core/records/types.js';
import { dayTime, isoInZone, localDayStart, localParts, zoneName } from '../../core/time.js';
import { visible } from '../../core/visible.js';
import { draftJson, renderDraft, type DraftJson } from '../../render/draft.js';
import { wrapWords } from '../../render/wrap.js';
import { buildContext, printWarnings, readCalendarsFor, type CommonFlags, type Context, type Io } from '../context.js';
import { emailValue } from '../flag-values.js';
import { openStoreForReading } from '../record.js';
import { checkDraftOutputs, draftOutputFlagGiven, draftOutputJson, emitDraftOutputs, holdsJson, mailtoLine, writtenLines, type DraftOutputFlags, type DraftOutputs } from '../draft-output.js';

export interface ReplyFlags extends CommonFlags, DraftOutputFlags {
  client?: string;
  proposed?: string;
  in?: string;
  acceptAnyway?: boolean;
  db?: string;
}

/** What the flags ask, checked before anything is read. */
export interface ReplyRequest {
  email: string;
  proposed: string;
  /** --in, as an IANA name; null to read WHEN in the client's zone. */
  inZone: string | null;
  acceptAnyway: boolean;
  db?: string;
}

export interface ReplyResult {
  accepted: boolean;
  reason: ReplyReason;
  /** The proposed instant (for `now` and `later today`: now). */
  proposed: number;
  when: ReadWhen;
  client: { email: string; name: string | null; zone: string | null };
  /** The slots offered to the client after this reply (held until validUntil); [] after acceptance. */
  offer: Slot[];
  validUntil: number | null;
  /** The stored offer: the new one after a no, the closed one after a yes; null with no offer. */
  offerId: number | null;
  /** The offer the reply answered, as it was (for the human line); null with no offer. */
  answered: OfferRecord | null;
  /** The meeting the offer followed up. */
  missed: MeetingRow | null;
  /** After acceptance: the meeting booked (for the invitation). */
  meeting: MeetingRow | null;
  verdict: ReplyVerdict | null;
  /** The draft; null with no offer, or when no time is left to offer. */
  draft: FollowUpDraft | null;
  /** The client's latest offer when it is closed (no-offer): to say it was accepted, say. */
  latestClosed: OfferRecord | null;
}

/** `etiq reply`, from its flags to its output. */
export async function runReplyCommand(flags: ReplyFlags, io: Io): Promise<number> {
  const ctx = await buildContext(flags, io);
  const request = replyRequest(flags);
  // --eml and --holds: the files and the sender checked before anything is written.
  checkDraftOutputs(ctx, flags);
  const result = await runReply(ctx, request);
  printReply(ctx, result, await emitReplyOutputs(ctx, result, flags));
  return 0;
}

export function replyRequest(flags: ReplyFlags): ReplyRequest {
  const email = emailValue(flags.client ?? '', '--client');
  if (flags.proposed === undefined) throw usageError('--proposed WHEN is required');
  let inZone: string | null = null;
  if (flags.in !== undefined) {
    inZone = zoneName(flags.in);
    if (!inZone) throw usageError(`--in "${visible(flags.in)}" is not a time zone (an IANA name such as America/Chicago, or a Windows name such as "Central Standard Time")`);
  }
  return { email, proposed: flags.proposed, inZone, acceptAnyway: flags.acceptAnyway === true, ...(flags.db !== undefined ? { db: flags.db } : {}) };
}

interface Known {
  client: ClientRow | null;
  open: OfferRecord[];
  latest: OfferRecord | null;
  allOpen: OfferRecord[];
  /** Meetings etiq booked, still to come: busy. */
  booked: HeldSlot[];
}

/** The reply, checked, written and drafted; nothing printed. */
export async function runReply(ctx: Context, req: ReplyRequest): Promise<ReplyResult> {
  const s = ctx.settings;
  const userZone = s.timezone;
  const store = openStoreForReading(ctx, req);
  try {
    const known: Known = store
      ? store.read(() => {
          const client = store.clientByEmail(req.email);
          return {
            client,
            open: client ? store.openOffers(ctx.now, client.id) : [],
            latest: client ? store.latestOffer(client.id) : null,
            allOpen: store.openOffers(ctx.now),
            booked: bookedSlots(store, ctx.now),
          };
        })
      : { client: null, open: [], latest: null, allOpen: [], booked: [] };
    const clientZone = known.client?.timezone ? zoneName(known.client.timezone) : null;
    const when = await readWhen(req.proposed, ctx.now, req.inZone ?? clientZone ?? userZone, '--proposed');

    const { offer, expired } = answeredOffer(known, when.ms, ctx.now);
    const result: ReplyResult = {
      accepted: false,
      reason: 'no-offer',
      proposed: when.ms,
      when,
      client: { email: req.email, name: known.client?.name ?? null, zone: clientZone },
      offer: [],
      validUntil: null,
      offerId: null,
      answered: offer,
      missed: offer?.meeting ?? null,
      meeting: null,
      verdict: null,
      draft: null,
      latestClosed: offer === null && known.latest?.closedAt != null ? known.latest : null,
    };
    if (!store || !known.client || !offer || !offer.meeting) return result;
    const client = known.client;
    const missed = offer.meeting;

    // The calendars: the window the follow-up planner needs (with room for the firm
    // notice), and the proposed time's day when it lies outside it.
    const durationMs = offer.slots[0] ? offer.slots[0].end - offer.slots[0].start : missed.end - missed.start;
    const rules = { ...s.slots, durationMs };
    const hours = s.hours ?? DEFAULT_HOURS;
    const base = { now: ctx.now, zone: userZone, hours, rules };
    const window = calendarWindow({ ...base, rules: { ...rules, horizonMs: rules.horizonMs + s.followup.firmNoticeMs, horizonDays: null } });
    const windows = [window];
    const dayStart = localDayStart(when.ms, userZone) - rules.bufferMs;
    const dayEnd = localDayStart(when.ms, userZone, 1) + durationMs + rules.bufferMs;
    if (dayStart < window.start || dayEnd > window.end) windows.push({ start: dayStart, end: dayEnd });
    const reads = await Promise.all(windows.map((w) => readCalendarsFor(ctx, w, 'busy')));
    const failures = reads.flatMap((r) => r.failures);
    const warnings = reads.flatMap((r) => r.warnings);
    if (!ctx.json) printWarnings(ctx, warnings);
    if (failures.length > 0) {
      throw runtimeError(`nothing recorded: ${failures[0]!.message}; etiq cannot tell whether ${isoInZone(when.ms, userZone)} is free from a calendar it cannot read`);
    }
    const availability: ReplyAvailability = {
      ...base,
      occurrences: concatTimes(reads.map((r) => r.times)),
      unknown: reads.flatMap((r) => r.unknown),
      // The other offers' slots are held; this offer's own are the client's to take.
      held: [...heldSlots(known.allOpen.filter((o) => o.id !== offer.id)), ...known.booked],
      client: { zone: clientZone ?? userZone, hours: s.followup.clientHours },
    };
    const fmt = (ms: number) => dayTime(ms, userZone);
    const verdict = checkReply({
      proposed: when.ms,
      offer: { slots: offer.slots, expired },
      durationMs,
      availability,
      rules: { noticeMs: s.followup.noticeMs, missed },
      acceptAnyway: req.acceptAnyway,
      fmt,
    });
    result.reason = verdict.reason;
    result.verdict = verdict;

    // One account, and the tone of the history: as the follow-up that made the offer.
    const { tone, recordedReason } = store.read(() => {
      const current = store.currentOutcome(missed.id, client.id);
      const history = currentHistory(store.history({ clientEmail: client.email }));
      const t: Tone = current ? chooseTone({ history, current: { kind: current.kind, start: missed.start, meetingId: missed.id }, now: ctx.now, windowMs: s.policy.windowMs }).tone : 'warm';
      return { tone: t, recordedReason: current?.reason ?? null };
    });
    const draftFor = (situation: Situation, offerSlots: Slot[], short: boolean, validUntil: number | null, offerId: number | null, confirmed: Slot | null): FollowUpDraft =>
      followUpDraft(ctx, {
        situation,
        tone,
        client: { email: client.email, name: client.name, zone: clientZone },
        meeting: { title: missed.summary, start: missed.start, end: missed.end },
        offer: offerSlots,
        offerShort: short,
        validUntil,
        reason: recordedReason,
        confirmed,
        proposed: when.ms,
        template: templateFor(situation, s, ctx.io.env).template,
        offerId,
      });

    if (verdict.accepted) {
      const slot = verdict.slot;
      // The confirm draft is made before the write: a broken user template writes nothing.
      const draft = draftFor('confirm', [], false, null, offer.id, slot);
      result.meeting = store.write(() => book(store, ctx, offer, client, slot));
      result.accepted = true;
      result.offerId = offer.id;
      result.draft = draft;
      return result;
    }

    const situation: Situation = when.kind !== 'time' || isSameLocalDay(when.ms, ctx.now, clientZone ?? userZone) ? 'decline-now' : 'not-offered';
    const count = offer.slots.length > 0 ? offer.slots.length : s.followup.offer;
    const again = planReoffer({
      availability,
      rules: { noticeMs: s.followup.noticeMs, missed, firmNoticeMs: tone === 'firm' ? s.followup.firmNoticeMs : null },
      previous: offer.slots,
      declined: verdict.slot,
      count,
    });
    if (again.slots.length === 0) return result; // no time left to offer: no draft (the caller says so)
    const validUntil = ctx.now + s.followup.validForMs;
    const preview = draftFor(situation, again.slots, again.short, validUntil, null, null);
    const stored = store.write(() =>
      store.createOffer({ clientId: client.id, meetingId: missed.id, situation, slots: again.slots, createdAt: ctx.now, expiresAt: validUntil }).offer,
    );
    result.offer = again.slots;
    result.validUntil = validUntil;
    result.offerId = stored.id;
    result.draft = { ...preview, offerId: stored.id };
    return result;
  } finally {
    store?.close();
  }
}

/**
 * The offer the reply answers: the open one holding the proposed start, else the newest
 * open one; with none open, the latest offer when it expired unanswered.
 */
function answeredOffer(known: Known, proposed: number, now: number): { offer: OfferRecord | null; expired: boolean } {
  if (known.open.length > 0) {
    const holding = known.open.find((o) => o.slots.some((sl) => sl.start === proposed));
    const newest = [...known.open].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)[0]!;
    return { offer: holding ?? newest, expired: false };
  }
  const latest = known.latest;
  if (latest && latest.closedAt === null && latest.expiresAt <= now) return { offer: latest, expired: true };
  return { offer: null, expired: false };
}

/** Inside the write: the new meeting, its attendee, its link to the missed one, and the offer closed. */
function book(store: Store, ctx: Context, offer: OfferRecord, client: ClientRow, slot: Slot): MeetingRow {
  const current = store.offerById(offer.id);
  if (!current || current.closedAt !== null) {
    throw runtimeError(`nothing recorded: offer ${offer.id} was ${current?.closedReason ?? 'removed'} while this reply was checked; run etiq reply again`);
  }
  const missed = offer.meeting!;
  const row = store.upsertMeeting(
    {
      uid: `${missed.uid}#rescheduled:${new Date(slot.start).toISOString()}`,
      recurrenceId: null,
      source: 'manual',
      start: slot.start,
      end: slot.end,
      summary: missed.summary,
    },
    ctx.now,
  );
  store.linkAttendee(row.id, client.id, null);
  store.linkReschedule(row.id, missed.id);
  store.closeOffer(offer.id, 'accepted', ctx.now, slot.start);
  return row;
}

// --- output ----------------------------------------------------------------------------

export interface ReplyJson {
  accepted: boolean;
  reason: ReplyReason;
  proposed: string;
  offer: { start: string; end: string }[];
  draft: DraftJson | null;
}

export function replyJson(r: ReplyResult, zone: string): ReplyJson {
  return {
    accepted: r.accepted,
    reason: r.reason,
    proposed: isoInZone(r.proposed, zone),
    offer: r.offer.map((sl) => ({ start: isoInZone(sl.start, zone), end: isoInZone(sl.end, zone) })),
    draft: draftJson(r.draft, zone),
  };
}

/**
 * --eml, --mailto, --holds for the reply's draft: a confirm's .eml carries the invitation
 * (METHOD:REQUEST) for exactly the booked meeting; after a no, --holds writes the slots
 * offered again.
 */
async function emitReplyOutputs(ctx: Context, r: ReplyResult, flags: DraftOutputFlags): Promise<DraftOutputs | null> {
  if (!r.draft || draftOutputFlagGiven(flags) === null) return null;
  const client = { email: r.client.email, name: r.client.name };
  const invitations = new Map<string, string>();
  if (r.accepted && r.meeting && flags.eml !== undefined && ctx.settings.me.email) {
    const { invitationCalendar, invitationUid } = await import('../../adapters/ics-write.js');
    invitations.set(
      r.client.email,
      invitationCalendar({
        uid: invitationUid(r.offerId ?? 0, r.meeting.start),
        start: r.meeting.start,
        end: r.meeting.end,
        summary: r.meeting.summary,
        organizer: { email: ctx.settings.me.email, name: ctx.settings.me.name },
        attendee: client,
        now: ctx.now,
      }),
    );
  }
  const offers =
    !r.accepted && r.offerId !== null && r.validUntil !== null
      ? [{ id: r.offerId, slots: r.offer, expiresAt: r.validUntil, client, meeting: r.missed ? { summary: r.missed.summary, start: r.missed.start } : null }]
      : [];
  return emitDraftOutputs(ctx, [r.draft], flags, { offers, invitations });
}

function printReply(ctx: Context, r: ReplyResult, outputs: DraftOutputs | null): void {
  const zone = ctx.settings.timezone;
  if (ctx.json) {
    const json = replyJson(r, zone);
    ctx.printJson({ ...json, draft: json.draft && { ...json.draft, ...draftOutputJson(outputs, r.draft) }, ...holdsJson(outputs) });
    return;
  }
  const who = r.client.name ? `${visible(r.client.name)} <${r.client.email}>` : r.client.email;
  if (r.reason === 'no-offer') {
    const last = r.latestClosed;
    const accepted = last?.closedReason === 'accepted' && last.acceptedStart !== null ? ` (their last offer was accepted: ${timeText(ctx, r, last.acceptedStart)})` : '';
    const proposed = asked(ctx, r, null);
    ctx.printErr(wrapWords(`No offer to check ${proposed} against: ${who} has no open or expired offer${accepted}; \`etiq noshow\` or \`etiq log\` makes one.`, { keep: [proposed] }));
    return;
  }
  const v = r.verdict!;
  const proposed = asked(ctx, r, v.slot);
  // One sentence, word-wrapped to 80 columns; a time stays on one line.
  const keep = { keep: [proposed] };
  if (r.accepted) {
    const why = r.reason === 'offered' ? 'offered and still free' : r.reason === 'expired' ? 'from the expired offer, free, with --accept-anyway' : 'not offered but free, with --accept-anyway';
    const missedAt = r.missed ? dayTime(r.missed.start, zone) : '';
    const missed = r.missed ? `; booked as the reschedule of "${visible(r.missed.summary)}" ${missedAt}` : '';
    ctx.print(wrapWords(`${ctx.style.green('Accepted:')} ${who} takes ${proposed}, ${why}${missed}; offer ${r.offerId} is closed and its other times are free again.`, { keep: [proposed, missedAt] }));
  } else {
    const details = v.details.join('; ');
    const because: Record<ReplyReason, string> = {
      'too-soon': `it is too soon: ${details}`,
      'outside-hours': details,
      busy: `it is not free: ${details}`,
      expired: `the offer expired ${dayTime(r.answered!.expiresAt, zone)} (--accept-anyway books the time if it suits you)`,
      'not-offered': 'it is not one of the times offered (--accept-anyway books it if it suits you)',
      offered: '',
      'no-offer': '',
    };
    const next = r.draft
      ? `; ${r.offer.length} time${r.offer.length === 1 ? '' : 's'} offered again, held until ${dayTime(r.validUntil!, zone)}`
      : '; no free time is left to offer, so there is no draft';
    ctx.print(wrapWords(`${ctx.style.yellow('Not accepted:')} ${who} proposed ${proposed}: ${because[r.reason]}${next}.`, keep));
  }
  if (r.draft) {
    ctx.print(`\n${renderDraft(r.draft, ctx.style)}`);
    const mailto = mailtoLine(outputs, r.draft);
    if (mailto !== null) ctx.print(`\n${mailto}`);
  }
  const written = writtenLines(outputs);
  if (written.length > 0) ctx.print(`\n${written.join('\n')}`);
}

/** The proposed time in words: `"now"`, `"later today"`, or the time (with its end when known). */
function asked(ctx: Context, r: ReplyResult, slot: Slot | null): string {
  if (r.when.kind === 'now') return '"now"';
  if (r.when.kind === 'later-today') return '"later today"';
  return slot ? timeText(ctx, r, slot.start, slot.end) : timeText(ctx, r, r.proposed);
}

/** `Wed 4 Mar 12:00–13:00`, with the client's own clock after it when their zone differs. */
function timeText(ctx: Context, r: ReplyResult, start: number, end?: number): string {
  const zone = ctx.settings.timezone;
  const clock = (ms: number, z: string) => localParts(ms, z).time;
  let text = `${dayTime(start, zone)}${end !== undefined ? `–${clock(end, zone)}` : ''}`;
  if (r.client.zone && r.client.zone !== zone) {
    const c = localParts(start, r.client.zone);
    text += ` (${c.weekday} ${c.time}${end !== undefined ? `–${clock(end, r.client.zone)}` : ''} ${cityLabel(r.client.zone)})`;
  }
  return text;
}
