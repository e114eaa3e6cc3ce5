/**
 * The follow-up that `etiq noshow` and `etiq log` draft after they record (issue 10).
 *
 * Plan, then apply: `planFollowUps` reads what it needs (the client's history, the
 * calendars, the offers that hold slots) and decides the situation, the tone and the
 * offered slots before anything is written, so that a calendar that cannot be read stops
 * the command with nothing recorded (fail closed; `--no-draft` records without a draft).
 * `storeOffers` runs inside the command's one write; `draftFollowUps` then fills the
 * templates. Pure decisions live in core (tone.ts, followup.ts, draft.ts).
 */
import { planFollowUpOffer } from '../core/availability/followup.js';
import { DEFAULT_HOURS, calendarWindow, type HeldSlot, type Slot } from '../core/availability/slots.js';
import { draftMessage, type DraftInput, type FollowUpDraft } from '../core/draft/draft.js';
import type { Situation, Template } from '../core/draft/template.js';
import { runtimeError } from '../core/errors.js';
import { chooseTone, currentHistory, policySentence, type Tone } from '../core/etiquette/tone.js';
import { callsOffMeeting, type OutcomeKind } from '../core/etiquette/outcomes.js';
import type { ClientRow, OfferRecord } from '../core/records/types.js';
import { zoneName } from '../core/time.js';
import { templateFor } from '../adapters/templates.js';
import { printWarnings, readCalendarsFor, type Context } from './context.js';
import type { SelectedMeeting } from './record.js';

export type { FollowUpDraft } from '../core/draft/draft.js';
import type { Store } from '../adapters/store.js';

export interface FollowUpOptions {
  tone: Tone | null;
  /** --offer N, else followup.offer. */
  count: number;
  /** --allow-missing: offer even when a calendar cannot be read. */
  allowMissing: boolean;
}

/** What will be drafted for one client, decided before anything is written. */
export interface FollowUpPlan {
  email: string;
  situation: Situation;
  tone: Tone;
  slots: Slot[];
  /** Fewer slots than asked: the two working days barely overlap. */
  short: boolean;
  clientZone: string | null;
  validUntil: number | null;
  /** The template in effect, read (and checked) before anything is written. */
  template: Template;
}

/** Situations that offer times (all but host-late). */
function offersTimes(situation: Situation): boolean {
  return situation !== 'host-late' && situation !== 'confirm';
}

export async function planFollowUps(
  ctx: Context,
  store: Store,
  meeting: SelectedMeeting,
  clients: { email: string | null }[],
  kind: OutcomeKind,
  opts: FollowUpOptions,
): Promise<FollowUpPlan[]> {
  const s = ctx.settings;
  const plans: FollowUpPlan[] = [];
  const known = store.read(() => {
    const m = store.meetingByKey(meeting.uid, meeting.recurrenceId);
    return clients.map((p) => {
      const client = p.email ? store.clientByEmail(p.email) : null;
      return { email: p.email!, client, history: client ? currentHistory(store.history({ clientEmail: client.email })) : [], meetingId: m?.id ?? null };
    });
  });
  const chosen = known.map((k) => ({ ...k, ...chooseTone({ history: k.history, current: { kind, start: meeting.start, meetingId: k.meetingId }, now: ctx.now, windowMs: s.policy.windowMs, override: opts.tone }) }));
  const needsSlots = chosen.some((c) => c.situation !== null && offersTimes(c.situation));
  let input: Parameters<typeof planFollowUpOffer>[0] | null = null;
  let openOffers: OfferRecord[] = [];
  let booked: HeldSlot[] = [];
  if (needsSlots) {
    const rules = { ...s.slots, durationMs: meeting.end - meeting.start };
    const hours = s.hours ?? DEFAULT_HOURS;
    const base = { now: ctx.now, zone: s.timezone, hours, rules };
    const window = calendarWindow({ ...base, rules: { ...rules, horizonMs: rules.horizonMs + s.followup.firmNoticeMs, horizonDays: null } });
    const read = await readCalendarsFor(ctx, window, 'busy');
    if (read.failures.length > 0 && !opts.allowMissing) {
      if (!ctx.json) printWarnings(ctx, read.warnings);
      const first = read.failures[0]!;
      throw runtimeError(`nothing recorded: ${first.message}; the follow-up cannot offer times from a calendar it cannot read (use --allow-missing to offer anyway, or --no-draft to record without a draft)`);
    }
    if (!ctx.json) printWarnings(ctx, read.warnings);
    openOffers = store.read(() => store.openOffers(ctx.now));
    booked = store.read(() => bookedSlots(store, ctx.now));
    input = {
      ...base,
      occurrences: read.times,
      unknown: read.unknown,
      held: [],
      client: { zone: s.timezone, hours: s.followup.clientHours },
      missed: { start: meeting.start, end: meeting.end },
      count: opts.count,
      noticeMs: s.followup.noticeMs,
      firmNoticeMs: null,
    };
  }
  // Slots offered to one client in this run are held for the next.
  const heldNow: HeldSlot[] = [];
  for (const c of chosen) {
    if (c.situation === null) continue;
    const clientZone = c.client?.timezone ? zoneName(c.client.timezone) : null;
    let slots: Slot[] = [];
    let short = false;
    if (input && offersTimes(c.situation)) {
      // The open offer for this meeting and client is replaced, so its slots are free to offer again.
      const held = [...heldSlots(openOffers.filter((o) => !(o.client.email === c.email && o.meeting?.id === c.meetingId && c.meetingId !== null))), ...booked, ...heldNow];
      const plan = planFollowUpOffer({
        ...input,
        held,
        client: { zone: clientZone ?? s.timezone, hours: s.followup.clientHours },
        firmNoticeMs: c.tone === 'firm' ? s.followup.firmNoticeMs : null,
      });
      slots = plan.slots;
      short = plan.short;
      for (const sl of slots) heldNow.push({ ...sl, offerId: 0, client: c.email, expiresAt: ctx.now + s.followup.validForMs });
    }
    plans.push({
      template: templateFor(c.situation, s, ctx.io.env).template,
      email: c.email,
      situation: c.situation,
      tone: c.tone,
      slots,
      short,
      clientZone,
      validUntil: slots.length > 0 ? ctx.now + s.followup.validForMs : null,
    });
  }
  return plans;
}

/** A plan whose situation offers times, but no slot was free: it gets no draft. */
export function lacksTimes(p: FollowUpPlan): boolean {
  return offersTimes(p.situation) && p.slots.length === 0;
}

export function heldSlots(offers: OfferRecord[]): HeldSlot[] {
  return offers.flatMap((o) => o.slots.map((sl) => ({ ...sl, offerId: o.id, client: o.client.email, expiresAt: o.expiresAt })));
}

/**
 * Meetings etiq booked (reschedule targets, times accepted by `reply`) that are still to
 * come and not called off: busy, although no calendar lists them until the user adds the
 * invitation. Read inside the caller's store.read.
 */
export function bookedSlots(store: Store, now: number): HeldSlot[] {
  return store
    .upcomingBooked(now)
    .filter((b) => !b.outcomes.some(callsOffMeeting))
    .map((b) => ({ start: b.meeting.start, end: b.meeting.end, offerId: 0, client: b.client, expiresAt: b.meeting.end, booked: b.meeting.summary }));
}

/** Inside the command's write: each offer stored (replacing the open one for the same meeting). */
export function storeOffers(store: Store, ctx: Context, plans: FollowUpPlan[], meetingId: number, clientIds: Map<string, number>): Map<string, OfferRecord> {
  const out = new Map<string, OfferRecord>();
  for (const p of plans) {
    if (p.slots.length === 0 || p.validUntil === null) continue;
    const clientId = clientIds.get(p.email);
    if (clientId === undefined) continue;
    out.set(p.email, store.createOffer({ clientId, meetingId, situation: p.situation, slots: p.slots, createdAt: ctx.now, expiresAt: p.validUntil }).offer);
  }
  return out;
}

/**
 * A draft with what every draft shares taken from the settings (sender and signature, the
 * user's zone, the clock, the policy sentence), addressed to its client.
 */
export function followUpDraft(ctx: Context, d: Omit<DraftInput, 'me' | 'userZone' | 'now' | 'policyText'> & { offerId: number | null }): FollowUpDraft {
  const s = ctx.settings;
  const { offerId, ...particular } = d;
  const draft = draftMessage({
    ...particular,
    me: { name: s.me.name, email: s.me.email, signature: s.me.signature },
    userZone: s.timezone,
    now: ctx.now,
    policyText: policySentence(s.policy.lateCancelMs),
  });
  return { ...draft, to: { email: d.client.email, name: d.client.name }, offer: d.offer, validUntil: d.validUntil, offerId };
}

export function draftFollowUps(
  ctx: Context,
  plans: FollowUpPlan[],
  meeting: SelectedMeeting,
  clients: Map<string, ClientRow>,
  reason: string | null,
  offers: Map<string, OfferRecord>,
): FollowUpDraft[] {
  return plans.map((p) =>
    followUpDraft(ctx, {
      situation: p.situation,
      tone: p.tone,
      client: { email: p.email, name: clients.get(p.email)?.name ?? null, zone: p.clientZone },
      meeting: { title: meeting.summary, start: meeting.start, end: meeting.end },
      offer: p.slots,
      offerShort: p.short,
      validUntil: p.validUntil,
      reason,
      template: p.template,
      offerId: offers.get(p.email)?.id ?? null,
    }),
  );
}
