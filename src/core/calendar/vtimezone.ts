/**
 * Zones defined by a VTIMEZONE block (RFC 5545 §3.6.5), for TZIDs that are neither IANA
 * nor Windows names. The observances are expanded with ical.js's recurrence iterator in
 * wall-clock time; offsets and instants are then handled by `VtimezoneZone`.
 *
 * Outlook writes observances starting in 1601; expanding a yearly rule from there to
 * today is ~430 steps per observance, done once per zone and run.
 */
import ICAL from 'ical.js';
import { componentText, type RawComponent } from './scan.js';
import { VtimezoneZone, type Observance } from './zones.js';
import { parseJcalDateTime, wallOf } from './values.js';

const MAX_STEPS = 5000;
/** Bound on ical.js's inner steps for one observance rule (an impossible rule never yields). */
const MAX_INNER_STEPS = 50_000;

export function zoneFromVtimezone(tzid: string, raw: RawComponent): VtimezoneZone | null {
  let comp: ICAL.Component;
  try {
    comp = new ICAL.Component(ICAL.parse(componentText(raw)) as unknown[]);
  } catch {
    return null;
  }
  const observances: Observance[] = [];
  let subs: ICAL.Component[];
  try {
    subs = comp.getAllSubcomponents();
  } catch {
    return null;
  }
  for (const sub of subs) {
    if (sub.name !== 'standard' && sub.name !== 'daylight') continue;
    const observance = observanceOf(sub);
    if (observance) observances.push(observance);
  }
  if (observances.length === 0) return null;
  return new VtimezoneZone(tzid, observances);
}

/** One STANDARD or DAYLIGHT block, or null when it cannot be read. */
function observanceOf(sub: ICAL.Component): Observance | null {
  try {
    return readObservance(sub);
  } catch {
    return null;
  }
}

function readObservance(sub: ICAL.Component): Observance | null {
  const from = offsetMs(sub.getFirstPropertyValue('tzoffsetfrom'));
  const to = offsetMs(sub.getFirstPropertyValue('tzoffsetto'));
  const dtstartProp = sub.getFirstProperty('dtstart');
  if (to === null || !dtstartProp) return null;
  const start = parseJcalDateTime(String(dtstartProp.toJSON()[3]));
  if (!start) return null;
  const fromMs = from ?? to;
  const rrules = sub.getAllProperties('rrule').map((p) => p.getFirstValue() as ICAL.Recur);
  const rdates: number[] = [];
  for (const p of sub.getAllProperties('rdate')) {
    for (const v of p.toJSON().slice(3)) {
      const d = parseJcalDateTime(String(Array.isArray(v) ? v[0] : v));
      if (d) rdates.push(d.utc ? d.wallMs + fromMs : d.wallMs);
    }
  }
  const startWall = start.wallMs;
  let cache: { maxYear: number; list: number[] } | null = null;
  return {
    standard: sub.name === 'standard',
    offsetFromMs: fromMs,
    offsetToMs: to,
    onsetsWall(maxYear: number): number[] {
      if (cache && cache.maxYear >= maxYear) return cache.list;
      const limit = Date.UTC(maxYear + 1, 0, 1);
      const list = new Set<number>([startWall, ...rdates]);
      for (const rule of rrules) {
        // A hostile rule can make ical.js throw ("Malformed values in BYDAY part") or spin
        // inside one `next()` (every 30 February): the onsets found so far are kept.
        try {
          const r = rule.clone();
          if (r.until && r.until.zone === ICAL.Timezone.utcTimezone) {
            // UNTIL of an observance is in UTC; onsets are wall-clock in the `from` offset.
            const u = wallOf(r.until) + fromMs;
            r.until = ICAL.Time.fromData(fieldsOf(u));
          }
          const it = r.iterator(ICAL.Time.fromData({ ...fieldsOf(startWall) })) as ICAL.RecurIterator & { check_contracting_rules: () => boolean };
          const original = it.check_contracting_rules;
          let inner = 0;
          it.check_contracting_rules = function guarded(this: unknown) {
            if (++inner > MAX_INNER_STEPS) throw new Error('too many steps');
            return original.call(this);
          };
          for (let i = 0; i < MAX_STEPS; i++) {
            const t = it.next();
            if (!t) break;
            const w = wallOf(t);
            if (w >= limit) break;
            list.add(w);
          }
        } catch {
          // keep what was found
        }
      }
      cache = { maxYear, list: [...list].sort((a, b) => a - b) };
      return cache.list;
    },
  };
}

function offsetMs(v: unknown): number | null {
  if (v && typeof (v as ICAL.UtcOffset).toSeconds === 'function') return (v as ICAL.UtcOffset).toSeconds() * 1000;
  return null;
}

export function fieldsOf(wallMs: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const d = new Date(wallMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}
