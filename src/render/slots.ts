/** `etiq slots` output: JSON (a contract) and human text. Pure. */
import type { ChalkInstance } from 'chalk';
import type { Explanation, HeldSlot, Slot } from '../core/availability/slots.js';
import type { ReaderWarning } from '../core/calendar/types.js';
import { dayLabel, dayTime, dayYearTime, isoInZone, localParts } from '../core/time.js';
import { visible } from '../core/visible.js';

export interface SlotsResult {
  timezone: string;
  clientZone: string | null;
  /** With a client zone: whether each slot lies inside the client's working day. */
  inClientHours: boolean[] | null;
  durationMs: number;
  from: number;
  to: number;
  slots: Slot[];
  offered: boolean;
  /** Slots held by open offers (not free, listed apart). */
  held: HeldSlot[];
  warnings: ReaderWarning[];
}

export interface SlotsJson {
  timezone: string;
  /** Only with --for-tz. */
  clientZone?: string;
  /** `inClientHours` only with --for-tz: whether the slot is inside the client's working day. */
  slots: { start: string; end: string; inClientHours?: boolean }[];
  /** Slots held by open offers: not offered to anyone else until the offer expires or closes. */
  held: { start: string; end: string; offer: number; client: string; expires: string }[];
  warnings: ReaderWarning[];
}

/** `{"timezone", "slots": [{"start", "end"}], "warnings"}`; with a client zone, also `clientZone` and each slot's `inClientHours`. */
export function slotsJson(r: SlotsResult): SlotsJson {
  const out: SlotsJson = {
    timezone: r.timezone,
    ...(r.clientZone ? { clientZone: r.clientZone } : {}),
    slots: r.slots.map((s, i) => ({
      start: isoInZone(s.start, r.timezone),
      end: isoInZone(s.end, r.timezone),
      ...(r.inClientHours ? { inClientHours: r.inClientHours[i]! } : {}),
    })),
    held: r.held.map((h) => ({ start: isoInZone(h.start, r.timezone), end: isoInZone(h.end, r.timezone), offer: h.offerId, client: h.client, expires: isoInZone(h.expiresAt, r.timezone) })),
    warnings: r.warnings,
  };
  return out;
}

/** `15:00–15:30 Europe/London`, with the client's weekday when their date differs from yours. */
export function clientTime(s: Slot, zone: string, clientZone: string): string {
  const a = localParts(s.start, clientZone);
  const day = a.date !== localParts(s.start, zone).date ? `${dayLabel(s.start, clientZone)} ` : '';
  return `${day}${a.time}–${localParts(s.end, clientZone).time} ${clientZone}`;
}

export function renderSlotsText(r: SlotsResult, style: ChalkInstance): string {
  const zone = r.timezone;
  const minutes = Math.round(r.durationMs / 60_000);
  const head = r.offered ? `Proposed ${minutes}-minute slots` : `Free ${minutes}-minute slots`;
  const lines = [style.bold(head) + style.dim(` ${dayTime(r.from, zone)} – ${dayYearTime(r.to, zone)} (${zone})`)];
  const heldNote = r.held.length > 0 ? [style.dim(`${r.held.length} slot${r.held.length === 1 ? ' is' : 's are'} held for open offers and not listed (see \`etiq offers\`).`)] : [];
  if (r.slots.length === 0) {
    lines.push(style.yellow('  No free slot in that period.'), ...heldNote);
    return lines.join('\n');
  }
  let currentDay = '';
  for (const [i, s] of r.slots.entries()) {
    const a = localParts(s.start, zone);
    const day = dayLabel(s.start, zone);
    const showDay = a.date !== currentDay;
    currentDay = a.date;
    const times = `${a.time}–${localParts(s.end, zone).time}`;
    const outside = r.inClientHours && !r.inClientHours[i] ? style.yellow(', outside their working day') : '';
    const client = r.clientZone ? `${style.dim(` (${clientTime(s, zone, r.clientZone)}`)}${outside}${style.dim(')')}` : '';
    const label = (showDay ? day : '').padEnd(10);
    lines.push(`${showDay ? style.bold(label) : label}  ${times}${client}`);
  }
  lines.push(...heldNote);
  return lines.join('\n');
}

export interface ExplainJson {
  timezone: string;
  start: string;
  end: string;
  offered: boolean;
  reasons: {
    rule: string;
    message: string;
    event?: { uid: string; summary: string; calendar: string; start: string; end: string };
    /** rule "unknown": the span of time a calendar could not account for, busy. */
    unknown?: { uid: string; summary: string; calendar: string; line: number; start: string; end: string; reason: string };
    /** rule "held": the open offer that holds the time. */
    held?: { offer: number; client: string; start: string; end: string; expires: string };
  }[];
  warnings: ReaderWarning[];
}

export function explainJson(e: Explanation, zone: string, warnings: ReaderWarning[]): ExplainJson {
  return {
    timezone: zone,
    start: isoInZone(e.start, zone),
    end: isoInZone(e.end, zone),
    offered: e.offered,
    reasons: e.reasons.map((r) => ({
      rule: r.rule,
      message: r.message,
      ...(r.rule === 'busy'
        ? {
            event: {
              uid: r.event.uid,
              summary: r.event.summary,
              calendar: r.event.calendar,
              start: r.event.allDay && r.event.startDate ? r.event.startDate : isoInZone(r.event.start, zone),
              end: r.event.allDay && r.event.endDate ? r.event.endDate : isoInZone(r.event.end, zone),
            },
          }
        : r.rule === 'unknown'
          ? {
              unknown: {
                uid: r.span.uid,
                summary: r.span.summary,
                calendar: r.span.calendar,
                line: r.span.line,
                start: isoInZone(r.span.start, zone),
                end: isoInZone(r.span.end, zone),
                reason: r.span.reason,
              },
            }
          : r.rule === 'held'
            ? { held: { offer: r.held.offerId, client: r.held.client, start: isoInZone(r.held.start, zone), end: isoInZone(r.held.end, zone), expires: isoInZone(r.held.expiresAt, zone) } }
            : {}),
    })),
    warnings,
  };
}

export function renderExplainText(e: Explanation, zone: string, clientZone: string | null, style: ChalkInstance): string {
  const when = `${dayYearTime(e.start, zone)}–${localParts(e.end, zone).time} ${zone}${clientZone ? ` (${clientTime(e, zone, clientZone)})` : ''}`;
  if (e.offered) return `${style.green('offered:')} ${when} is free and meets every rule.`;
  const lines = [`${style.red('not offered:')} ${when}`];
  for (const r of e.reasons) lines.push(`  - ${visible(r.message)}`);
  return lines.join('\n');
}
