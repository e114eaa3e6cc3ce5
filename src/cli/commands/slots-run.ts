/** `etiq slots`: the times that are really free, under the rules in the config. Its flags: slots.ts. */
import { wholeDays } from '../../core/duration.js';
import { runtimeError, usageError } from '../../core/errors.js';
import type { SlotRules } from '../../core/settings.js';
import { isoInZone, parseMoment, zoneName } from '../../core/time.js';
import { visible } from '../../core/visible.js';
import { explainJson, renderExplainText, renderSlotsText, slotsJson } from '../../render/slots.js';
import { buildContext, configWarnings as configWarningsOf, noCalendars, printWarnings, readCalendarsFor, type CommonFlags, type Context, type Io } from '../context.js';
import { durationValue, emailValue, wholeNumber } from '../flag-values.js';
import { bookedSlots, heldSlots } from '../followup.js';
import { openStoreForReading } from '../record.js';
import type { HeldSlot } from '../../core/availability/slots.js';

export interface SlotsFlags extends CommonFlags {
  forTz?: string;
  db?: string;
  offer?: string;
  explain?: string;
  duration?: string;
  notice?: string;
  buffer?: string;
  horizon?: string;
  step?: string;
  maxPerDay?: string;
  allowMissing?: boolean;
}

export function rulesFromFlags(base: SlotRules, flags: SlotsFlags): SlotRules {
  const rules = { ...base };
  const duration = (value: string | undefined, flag: string, allowZero = false) => (value === undefined ? undefined : durationValue(value, flag, { allowZero }));
  rules.durationMs = duration(flags.duration, '--duration') ?? rules.durationMs;
  rules.stepMs = duration(flags.step, '--step') ?? rules.stepMs;
  rules.noticeMs = duration(flags.notice, '--notice', true) ?? rules.noticeMs;
  if (flags.notice !== undefined) rules.noticeDays = wholeDays(flags.notice);
  rules.bufferMs = duration(flags.buffer, '--buffer', true) ?? rules.bufferMs;
  rules.horizonMs = duration(flags.horizon, '--horizon') ?? rules.horizonMs;
  if (flags.horizon !== undefined) rules.horizonDays = wholeDays(flags.horizon);
  if (flags.maxPerDay !== undefined) rules.maxPerDay = wholeNumber(flags.maxPerDay, '--max-per-day', { min: 0, max: 1000 }, 'a whole number (0 for no cap)');
  if (rules.horizonMs > 366 * 86_400_000) throw usageError('--horizon may be at most 366 days');
  return rules;
}

export async function runSlots(flags: SlotsFlags, io: Io): Promise<number> {
  // Loaded here, not at start-up: the engine pulls in the zone tables (windows-iana).
  const { DEFAULT_HOURS, calendarWindow, chooseOffer, describeHours, explainSlot, findFreeSlots, insideHours, searchWindow } = await import('../../core/availability/slots.js');
  const ctx = await buildContext(flags, io);
  const zone = ctx.settings.timezone;
  const rules = rulesFromFlags(ctx.settings.slots, flags);
  const offer = flags.offer !== undefined ? wholeNumber(flags.offer, '--offer', { min: 1, max: 100 }) : null;
  const client = flags.forTz !== undefined ? { zone: clientZone(ctx, flags.forTz, flags), hours: ctx.settings.followup.clientHours } : null;
  const explainAt = flags.explain !== undefined ? parseMoment(flags.explain, zone, '--explain', ctx.now).ms : null;
  if (ctx.settings.calendars.length === 0) {
    throw noCalendars(ctx, ' (offering slots without a calendar would promise times that may be taken)');
  }
  const hours = ctx.settings.hours ?? DEFAULT_HOURS;
  const configWarnings = configWarningsOf(ctx);
  if (!ctx.settings.hours) {
    configWarnings.push({ calendar: ctx.settings.configPath ?? 'config', message: 'no [hours] in the config: using Monday to Friday, 09:00-17:00' });
  }
  const engineInput = { now: ctx.now, zone, hours, rules, occurrences: [] as never[], client };
  const window = calendarWindow(engineInput);
  if (explainAt !== null) {
    window.start = Math.min(window.start, explainAt - rules.bufferMs - 86_400_000);
    window.end = Math.max(window.end, explainAt + rules.durationMs + rules.bufferMs + 86_400_000);
  }
  const read = await readCalendarsFor(ctx, window, 'busy');
  const failureWarnings = read.failures.map((f) => ({ calendar: f.calendar, message: f.message }));
  if (read.failures.length > 0 && !flags.allowMissing) {
    printWarnings(ctx, [...configWarnings, ...read.warnings]);
    const first = read.failures[0]!;
    throw runtimeError(
      `no slots offered: ${first.message}${read.failures.length > 1 ? ` (and ${read.failures.length - 1} more)` : ''}; an offer built on a missing calendar may be broken (use --allow-missing to offer anyway)`,
    );
  }
  if (read.failures.length > 0) {
    failureWarnings.forEach((w) => (w.message = `${w.message}; slots are offered without it (--allow-missing)`));
  }
  const warnings = [...configWarnings, ...failureWarnings, ...read.warnings];
  // Slots held by open offers to clients, and meetings etiq booked that no calendar lists
  // yet, are not free (issue 10); no database, none.
  const heldStore = openStoreForReading(ctx, flags);
  let held: HeldSlot[] = [];
  let booked: HeldSlot[] = [];
  try {
    if (heldStore) [held, booked] = heldStore.read(() => [heldSlots(heldStore.openOffers(ctx.now)), bookedSlots(heldStore, ctx.now)]);
  } finally {
    heldStore?.close();
  }
  const input = { ...engineInput, occurrences: read.times, unknown: read.unknown, held: [...held, ...booked] };

  if (explainAt !== null) {
    const explanation = explainSlot(input, explainAt, (ms) => isoInZone(ms, zone).slice(0, 16).replace('T', ' '));
    if (ctx.json) ctx.printJson(explainJson(explanation, zone, warnings));
    else {
      printWarnings(ctx, warnings);
      ctx.print(renderExplainText(explanation, zone, client?.zone ?? null, ctx.style));
    }
    return 0;
  }

  const free = findFreeSlots(input);
  let slots = free;
  if (offer !== null) {
    const chosen = chooseOffer(free, offer, zone, client);
    slots = chosen.slots;
    if (chosen.short && client) {
      warnings.push({
        calendar: ctx.settings.configPath ?? 'config',
        message: `only ${slots.length} of the ${offer} slots asked for fall inside the client's working day (${describeHours(client.hours)} ${client.zone}; followup.client_hours): no time outside it is offered`,
      });
    }
  }
  const { from, to } = searchWindow(input);
  const inClientHours = client ? slots.map((sl) => insideHours(sl, client.hours, client.zone)) : null;
  const result = { timezone: zone, clientZone: client?.zone ?? null, inClientHours, durationMs: rules.durationMs, from, to, slots, offered: offer !== null, held, warnings };
  if (ctx.json) ctx.printJson(slotsJson(result));
  else {
    printWarnings(ctx, warnings);
    ctx.print(renderSlotsText(result, ctx.style));
  }
  return 0;
}

/**
 * `--for-tz`: an IANA name, one of Outlook's Windows names, or the email of a recorded
 * client whose zone was set with `etiq clients set EMAIL --tz ZONE`.
 */
function clientZone(ctx: Context, value: string, flags: { db?: string }): string {
  const zone = zoneName(value);
  if (zone) return zone;
  if (!value.includes('@')) {
    throw usageError(
      `--for-tz "${visible(value)}" is not a time zone (an IANA name such as America/Chicago, a Windows name such as "Central Standard Time") or a recorded client's email`,
    );
  }
  const email = emailValue(value, '--for-tz');
  const store = openStoreForReading(ctx, flags);
  try {
    const row = store?.read(() => store.clientByEmail(email)) ?? null;
    if (!row) throw usageError(`--for-tz ${email}: no client with that address is recorded (see \`etiq clients\`); give their time zone instead`);
    if (!row.timezone) throw usageError(`--for-tz ${email}: the client has no time zone; set one with \`etiq clients set ${email} --tz ZONE\``);
    const known = zoneName(row.timezone);
    if (!known) throw usageError(`--for-tz ${email}: the client's time zone "${visible(row.timezone)}" is not one etiq knows; set it again with \`etiq clients set ${email} --tz ZONE\``);
    return known;
  } finally {
    store?.close();
  }
}
