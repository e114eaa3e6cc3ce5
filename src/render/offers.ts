/** `etiq offers`: the open offers as JSON and as text. Pure. */
import type { ChalkInstance } from 'chalk';
import type { OfferRecord } from '../core/records/types.js';
import { dayLabel, dayTime, isoInZone, localParts } from '../core/time.js';
import { visible } from '../core/visible.js';
import { wrapWords } from './wrap.js';

export interface OfferJson {
  id: number;
  client: { email: string; name: string | null };
  meeting: { uid: string; start: string; summary: string } | null;
  situation: string;
  slots: { start: string; end: string }[];
  createdAt: string;
  expiresAt: string;
  /** Minutes left before the offer expires (0 once expired or closed). */
  minutesLeft: number;
  status: 'open' | 'expired' | 'replaced' | 'cancelled' | 'accepted';
}

export function offerJson(o: OfferRecord, zone: string, now: number): OfferJson {
  const status = o.closedReason ?? (o.expiresAt <= now ? 'expired' : 'open');
  return {
    id: o.id,
    client: { email: o.client.email, name: o.client.name },
    meeting: o.meeting ? { uid: o.meeting.uid, start: isoInZone(o.meeting.start, zone), summary: o.meeting.summary } : null,
    situation: o.situation,
    slots: o.slots.map((s) => ({ start: isoInZone(s.start, zone), end: isoInZone(s.end, zone) })),
    createdAt: isoInZone(o.createdAt, zone),
    expiresAt: isoInZone(o.expiresAt, zone),
    minutesLeft: status === 'open' ? Math.max(0, Math.floor((o.expiresAt - now) / 60_000)) : 0,
    status,
  };
}

/** `47 h 12 min`, `25 min`. */
function timeLeft(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(minutes / 60);
  return h > 0 ? `${h} h ${minutes % 60} min` : `${minutes} min`;
}

export function renderOffers(offers: OfferRecord[], zone: string, now: number, style: ChalkInstance): string {
  if (offers.length === 0) return style.dim('No open offers: no slot is held.');
  const lines = [style.bold(`Open offers (${zone})`)];
  for (const o of offers) {
    const who = o.client.name ? `${visible(o.client.name)} <${visible(o.client.email)}>` : visible(o.client.email);
    const until = dayTime(o.expiresAt, zone);
    const day = o.meeting ? dayLabel(o.meeting.start, zone) : '';
    const about = o.meeting ? `after "${visible(o.meeting.summary)}" ${day}, ${o.situation}` : o.situation;
    // Within 80 columns (word-wrapped): who and the time left, then what the offer follows, then the slots.
    lines.push(wrapWords(`${style.bold(`#${o.id}`)} ${who}: ${timeLeft(o.expiresAt - now)} left (until ${until})`, { indent: 4, keep: [until] }));
    lines.push(wrapWords(`    ${about}`, { indent: 4, keep: [day] }));
    for (const s of o.slots) lines.push(`    ${dayTime(s.start, zone)}–${localParts(s.end, zone).time}`);
  }
  return lines.join('\n');
}
