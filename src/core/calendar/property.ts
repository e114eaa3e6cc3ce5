/**
 * A fast path for `ICAL.parse.property` on the text property lines etiq reads from an event
 * (SUMMARY, ORGANIZER, ATTENDEE, ...): the same jCal property, made without ical.js's
 * general parser for the plain lines that are nearly all of them. Issue 13: in profiles of
 * a first read of the bench calendar, ical.js's parser was ~29 ms of ~490, this ~8; the
 * first run of agenda on it took 0.990x and 0.961x the time (21 and 31 interleaved pairs).
 *
 * `quickProperty` answers only when it is certain of ical.js's answer, and returns null
 * otherwise, for the caller to ask ical.js. Certain means (ical.js 2.x, `parse.js` and the
 * iCalendar design set, `design.js`):
 * - the line's name is exactly its content line's name (ical.js does not trim it), one of
 *   the properties below, whose value type and multiplicity are fixed;
 * - every parameter is `;NAME=VALUE` with a name of letters, digits and hyphens, and a
 *   value with no double quote, caret (RFC 6868), backslash (ical.js unescapes parameter
 *   values as TEXT) or colon; and no parameter is VALUE (it changes the value's type) or
 *   one ical.js splits into a list (MEMBER, DELEGATED-TO, DELEGATED-FROM).
 * Then ical.js's answer is `[name, params, type, value]`, with the name and the parameter
 * names lower-cased, parameter values as written (the last of a repeated name), and the
 * value as the type reads it: TEXT unescaped (`\\`, `\;`, `\,`, `\n`, `\N`), INTEGER by
 * parseInt (0 when that fails), CAL-ADDRESS and unknown types as written.
 *
 * test/unit/calendar/property.test.ts holds it to ical.js's own answer on the
 * fixtures, the corpus and 100,000 random lines.
 */
import type { ContentLine } from './scan.js';

/** A jCal property: name, parameters, value type, value(s). */
export type JcalProp = [string, Record<string, unknown>, string, ...unknown[]];

/** The value type ical.js gives each property the fast path takes (none is multi-valued or structured). */
const TYPES: ReadonlyMap<string, string> = new Map([
  ['SUMMARY', 'text'],
  ['LOCATION', 'text'],
  ['STATUS', 'text'],
  ['TRANSP', 'text'],
  ['ORGANIZER', 'cal-address'],
  ['ATTENDEE', 'cal-address'],
  ['SEQUENCE', 'integer'],
  ['X-MICROSOFT-CDO-BUSYSTATUS', 'unknown'],
]);

/** Parameters ical.js treats apart: VALUE sets the type; these three are split into lists. */
const SPECIAL_PARAMS: ReadonlySet<string> = new Set(['value', 'member', 'delegated-to', 'delegated-from']);

/** ical.js's TEXT unescaping (FROM_ICAL_NEWLINE and replaceNewlineReplace in design.js). */
const TEXT_ESCAPE = /\\\\|\\;|\\,|\\[Nn]/g;

function unescapeIcalText(value: string): string {
  if (value.indexOf('\\') === -1) return value;
  return value.replace(TEXT_ESCAPE, (s) => (s === '\\\\' ? '\\' : s === '\\;' ? ';' : s === '\\,' ? ',' : '\n'));
}

/** The parameters of `params` (`;A=x;B=y`) as ical.js reads them, or null when not certain. */
function plainParams(params: string): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  let i = 0;
  while (i < params.length) {
    // params[i] is ';'
    let eq = -1;
    let end = params.length;
    for (let k = i + 1; k < params.length; k++) {
      const c = params.charCodeAt(k);
      if (c === 59 /* ; */) {
        end = k;
        break;
      }
      if (c === 34 /* " */ || c === 94 /* ^ */ || c === 92 /* \ */ || c === 58 /* : */) return null;
      if (c === 61 /* = */) {
        if (eq === -1) eq = k;
      } else if (eq === -1 && !((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45)) {
        return null; // not a plain parameter name
      }
    }
    if (eq <= i + 1) return null; // no '=', or an empty name
    const name = params.slice(i + 1, eq).toLowerCase();
    if (SPECIAL_PARAMS.has(name)) return null;
    out[name] = params.slice(eq + 1, end);
    i = end;
  }
  return out;
}

/** `ICAL.parse.property(l.raw)` for a plain line of the properties above, or null to ask ical.js. */
export function quickProperty(l: ContentLine): JcalProp | null {
  const type = TYPES.get(l.name);
  if (type === undefined) return null;
  const { raw, name } = l;
  // ical.js takes the name as written up to the first ';' or ':' (untrimmed).
  const after = raw.charCodeAt(name.length);
  if (after !== 58 && after !== 59) return null;
  for (let k = 0; k < name.length; k++) {
    const c = raw.charCodeAt(k);
    const n = name.charCodeAt(k); // an upper-case letter or '-'
    if (c !== n && !(n >= 65 && n <= 90 && c === n + 32)) return null;
  }
  const params = l.params === '' ? {} : plainParams(l.params);
  if (params === null) return null;
  const v = l.value;
  let value: unknown;
  if (type === 'text') value = unescapeIcalText(v);
  else if (type === 'integer') {
    const n = parseInt(v);
    value = Number.isNaN(n) ? 0 : n;
  } else value = v;
  return [name.toLowerCase(), params, type, value];
}
