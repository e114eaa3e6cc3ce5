// Deterministic synthetic calendars for `npm run bench`.
//
// Everything comes from a seeded PRNG and the fixed NOW below, so the same
// files come out byte for byte on every machine. Files are written like real
// exporters write them: CRLF line endings, lines folded at 75 octets (never
// inside a UTF-8 sequence), VTIMEZONE blocks for every TZID used.
//
//   node bench/generate.js [DIR]     writes the calendars (default bench/.data/)
//
// Calendars:
//   1k, 10k, 50k  N VEVENT masters spread over ~3 years around NOW: New York,
//                 Berlin, UTC and all-day events with organizer, attendees
//                 (PARTSTAT), a description of a few hundred bytes; one in ten
//                 recurs (WEEKLY / DAILY / MONTHLY, ending by COUNT, UNTIL or
//                 never) with 1-3 EXDATEs and 1-2 RECURRENCE-ID overrides, all
//                 on real occurrences of the rule.
//   history       200 weekday series (FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,
//                 America/New_York, various times) begun 20 years before NOW.
//   recent        the same 200 series (same UIDs, times, content) begun last month.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const NOW = '2026-03-02T09:00:00Z';
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;
const TODAY = Math.floor(NOW_MS / DAY); // day number (days since 1970-01-01) of NOW

// ---------------------------------------------------------------- helpers

/** mulberry32: small, fast, good enough, and the same on every platform. */
export function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Calendar date of a day number, as YYYYMMDD. */
function ymd(dayNo) {
  const d = new Date(dayNo * DAY);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}
/** 0 = Monday ... 6 = Sunday. */
const weekday = (dayNo) => (((dayNo + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
const dayOfMonth = (dayNo) => new Date(dayNo * DAY).getUTCDate();
const monthIndex = (dayNo) => {
  const d = new Date(dayNo * DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
/** YYYYMMDDTHHMMSS of a day number plus minutes after midnight (minutes may exceed a day). */
function stamp(dayNo, minutes) {
  const extra = Math.floor(minutes / 1440);
  const m = minutes - extra * 1440;
  return `${ymd(dayNo + extra)}T${pad(Math.floor(m / 60))}${pad(m % 60)}00`;
}
const utcStamp = (ms) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** RFC 5545 3.1 folding: at most 75 octets a line, continuation lines begin with a space. */
export function fold(line) {
  if (line.length <= 75 && !/[^\x00-\x7f]/.test(line)) return line;
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts = [];
  let pos = 0;
  let limit = 75;
  while (pos < bytes.length) {
    let end = Math.min(pos + limit, bytes.length);
    // never cut a multi-byte character: back up over continuation bytes (10xxxxxx)
    while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(pos, end).toString('utf8'));
    pos = end;
    limit = 74; // the leading space counts
  }
  return parts.join('\r\n ');
}

/** TEXT value escaping (RFC 5545 3.3.11). */
const text = (s) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');

// ---------------------------------------------------------------- zones

const VTIMEZONE = {
  'America/New_York': [
    'BEGIN:VTIMEZONE',
    'TZID:America/New_York',
    'X-LIC-LOCATION:America/New_York',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:-0500',
    'TZOFFSETTO:-0400',
    'TZNAME:EDT',
    'DTSTART:19700308T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:-0400',
    'TZOFFSETTO:-0500',
    'TZNAME:EST',
    'DTSTART:19701101T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ],
  'Europe/Berlin': [
    'BEGIN:VTIMEZONE',
    'TZID:Europe/Berlin',
    'X-LIC-LOCATION:Europe/Berlin',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'TZNAME:CEST',
    'DTSTART:19700329T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'TZNAME:CET',
    'DTSTART:19701025T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ],
};

function header(name, zones) {
  return [
    'BEGIN:VCALENDAR',
    'PRODID:-//etiq//bench generator//EN',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${name}`,
    ...zones.flatMap((z) => VTIMEZONE[z]),
  ];
}

/** A DATE-TIME property: in a zone (TZID=...), or UTC (zone === 'UTC', trailing Z). */
function dtProp(name, zone, dayNo, minutes) {
  if (zone === 'UTC') return `${name}:${stamp(dayNo, minutes)}Z`;
  return `${name};TZID=${zone}:${stamp(dayNo, minutes)}`;
}

// ---------------------------------------------------------------- content

const FIRST = ['Dana', 'Lukas', 'Priya', 'Jürgen', 'Zoë', 'Marcus', 'Aiko', 'Sofía', 'Olu', 'Chen', 'Małgorzata', 'Tom', 'Inès', 'Ravi', 'Greta', 'Sam'];
const LAST = ['Reyes', 'Müller', 'Okafor', 'Nakamura', 'Schmidt', 'Dubois', 'Kowalski', 'Patel', 'García', 'Hansen', 'Brown', 'Øster'];
const COMPANIES = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'tyrell', 'soylent', 'wonka'];
const TOPICS = ['Quarterly review', 'Onboarding', 'Weekly sync', 'Budget check-in', 'Roadmap walkthrough', 'Product demo', 'Retrospective', 'Kick-off', 'Contract renewal', 'Workshop', 'Interview', 'Coaching session', 'Tax consultation', 'Design review', 'Intro call'];
const WORDS = 'please bring the latest figures we will go through open questions and agree on next steps notes from last time are attached see the shared folder for the deck dial in details below if you cannot attend let me know'.split(' ');
const LOCATIONS = ['Room 1.12', 'Zoom', 'Client office, 4th floor', 'Phone', 'Café Central', 'Google Meet', 'Boardroom; bring a laptop'];
const PARTSTAT = ['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'TENTATIVE', 'NEEDS-ACTION', 'DECLINED'];

function person(rnd) {
  const f = FIRST[Math.floor(rnd() * FIRST.length)];
  const l = LAST[Math.floor(rnd() * LAST.length)];
  const c = COMPANIES[Math.floor(rnd() * COMPANIES.length)];
  const mail = `${f}.${l}`.replace(/Ø/g, 'O').replace(/ł/g, 'l').normalize('NFD').replace(/[^\x00-\x7f]/g, '').toLowerCase();
  return { cn: `${f} ${l}`, mail: `${mail}@${c}.example` };
}

function description(rnd, uid) {
  const words = [];
  const n = 10 + Math.floor(rnd() * 17);
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rnd() * WORDS.length)]);
  const body = words.join(' ');
  const room = uid.split('@')[0].replace(/-/g, '');
  return `${body[0].toUpperCase()}${body.slice(1)}.\nAgenda: 1) status, 2) open points, 3) next steps.\nJoin: https://meet.example.com/j/${room}`;
}

const ORGANIZER = { cn: 'Dana Reyes', mail: 'dana@etiq.example' };

function peopleLines(rnd) {
  const lines = [`ORGANIZER;CN=${ORGANIZER.cn}:mailto:${ORGANIZER.mail}`];
  const n = 1 + Math.floor(rnd() * 1.8);
  for (let k = 0; k < n; k++) {
    const p = person(rnd);
    const ps = PARTSTAT[Math.floor(rnd() * PARTSTAT.length)];
    lines.push(`ATTENDEE;CN=${p.cn};PARTSTAT=${ps}:mailto:${p.mail}`);
  }
  return lines;
}

// ---------------------------------------------------------------- recurrence

/**
 * The first `max` occurrence days of a rule we generate ourselves (so EXDATEs and
 * RECURRENCE-IDs fall on real occurrences). rule: {freq, interval, byday (0=MO..),
 * bymonthday, bysetpos-like nth}, start day, and count / untilDay limits.
 */
function occurrenceDays(rule, startDay, max) {
  const out = [];
  const startWeek = Math.floor((startDay - weekday(startDay)) / 7); // weeks start on Monday (WKST=MO)
  const startMonth = monthIndex(startDay);
  const limit = rule.count ?? Infinity;
  for (let d = startDay; out.length < Math.min(max, limit) && d <= (rule.untilDay ?? Infinity) && d < startDay + 4000; d++) {
    let ok;
    if (rule.freq === 'DAILY') {
      ok = (d - startDay) % rule.interval === 0 && (!rule.byday || rule.byday.includes(weekday(d)));
    } else if (rule.freq === 'WEEKLY') {
      const week = Math.floor((d - weekday(d)) / 7);
      ok = (week - startWeek) % rule.interval === 0 && rule.byday.includes(weekday(d));
    } else {
      const months = monthIndex(d) - startMonth;
      ok = months % rule.interval === 0 && (rule.bymonthday
        ? dayOfMonth(d) === rule.bymonthday
        : weekday(d) === rule.byday[0] && Math.ceil(dayOfMonth(d) / 7) === rule.nth);
    }
    if (ok) out.push(d);
  }
  return out;
}

const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

function makeRule(rnd, startDay) {
  const wd = weekday(startDay);
  const r = rnd();
  let rule;
  if (r < 0.5) {
    const days = [wd];
    if (rnd() < 0.4) days.push((wd + 2) % 5); // a second weekday
    days.sort((a, b) => a - b);
    rule = { freq: 'WEEKLY', interval: rnd() < 0.75 ? 1 : 2, byday: [...new Set(days)] };
  } else if (r < 0.75) {
    rule = rnd() < 0.6 && wd < 5
      ? { freq: 'DAILY', interval: 1, byday: [0, 1, 2, 3, 4] }
      : { freq: 'DAILY', interval: 1 + Math.floor(rnd() * 3) };
  } else {
    rule = rnd() < 0.5
      ? { freq: 'MONTHLY', interval: 1, bymonthday: dayOfMonth(startDay) }
      : { freq: 'MONTHLY', interval: 1, byday: [wd], nth: Math.ceil(dayOfMonth(startDay) / 7) };
  }
  const end = rnd();
  if (end < 0.4) rule.count = 5 + Math.floor(rnd() * 150);
  else if (end < 0.7) rule.untilDay = startDay + 120 + Math.floor(rnd() * 600);
  return rule;
}

function rruleText(rule) {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval > 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.freq === 'MONTHLY') {
    parts.push(rule.bymonthday ? `BYMONTHDAY=${rule.bymonthday}` : `BYDAY=${rule.nth}${BYDAY[rule.byday[0]]}`);
  } else if (rule.byday) {
    parts.push(`BYDAY=${rule.byday.map((d) => BYDAY[d]).join(',')}`);
  }
  if (rule.count) parts.push(`COUNT=${rule.count}`);
  // UNTIL is UTC for zoned starts (RFC 5545); the end of that day UTC keeps the last local occurrence.
  if (rule.untilDay !== undefined) parts.push(`UNTIL=${ymd(rule.untilDay)}T235959Z`);
  return `RRULE:${parts.join(';')}`;
}

/** Picks k distinct elements of arr (deterministically), keeping arr order. */
function pickDistinct(rnd, arr, k) {
  const idx = new Set();
  while (idx.size < Math.min(k, arr.length)) idx.add(Math.floor(rnd() * arr.length));
  return [...idx].sort((a, b) => a - b).map((i) => arr[i]);
}

// ---------------------------------------------------------------- calendars

/**
 * A calendar of `n` VEVENT masters over ~3 years around NOW (plus the overrides of the
 * recurring ones). Returns { text, vevents, masters, recurring, overrides }.
 */
export function eventsCalendar(n, seed = 1) {
  const rnd = prng(seed);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const lines = header(`Bench ${n}`, ['America/New_York', 'Europe/Berlin']);
  const dtstamp = `DTSTAMP:${utcStamp(NOW_MS - 3 * DAY)}`;
  let overrides = 0;
  let recurring = 0;
  for (let i = 0; i < n; i++) {
    const uid = `${(seed * 1_000_003 + i * 7919).toString(36)}-${i}@etiq.example`;
    const isRecurring = i % 10 === 0;
    let day = TODAY + Math.floor((rnd() - 0.5) * 3 * 365);
    if (weekday(day) >= 5 && rnd() < 0.85) day -= weekday(day) - 4; // mostly weekdays
    const r = rnd();
    const zone = r < 0.4 ? 'America/New_York' : r < 0.65 ? 'Europe/Berlin' : 'UTC';
    const allDay = !isRecurring && rnd() < 0.06;
    const minutes = 8 * 60 + 15 * Math.floor(rnd() * 38); // 08:00 .. 17:15 local
    const length = pick([15, 30, 30, 45, 60, 60, 90, 120]);
    const topic = pick(TOPICS);
    const client = person(rnd);
    const summary = `${topic} – ${client.cn.split(' ')[1]}`;

    const ev = ['BEGIN:VEVENT'];
    if (allDay) {
      const span = rnd() < 0.8 ? 1 : 2 + Math.floor(rnd() * 3);
      ev.push(`DTSTART;VALUE=DATE:${ymd(day)}`, `DTEND;VALUE=DATE:${ymd(day + span)}`);
    } else {
      ev.push(dtProp('DTSTART', zone, day, minutes), dtProp('DTEND', zone, day, minutes + length));
    }
    let rule = null;
    let occ = [];
    if (isRecurring) {
      recurring++;
      if (weekday(day) >= 5) day -= weekday(day) - 4;
      if (dayOfMonth(day) > 28) day -= 7; // keeps MONTHLY rules simple and real
      ev[1] = dtProp('DTSTART', zone, day, minutes);
      ev[2] = dtProp('DTEND', zone, day, minutes + length);
      rule = makeRule(rnd, day);
      occ = occurrenceDays(rule, day, 60); // exceptions fall among the first 60
      ev.push(rruleText(rule));
    }
    ev.push(dtstamp, `UID:${uid}`, ...peopleLines(rnd), `DESCRIPTION:${text(description(rnd, uid))}`);
    if (rnd() < 0.6) ev.push(`LOCATION:${text(pick(LOCATIONS))}`);
    const st = rnd();
    ev.push(`STATUS:${st < 0.02 ? 'CANCELLED' : st < 0.07 ? 'TENTATIVE' : 'CONFIRMED'}`);
    ev.push(`SUMMARY:${text(summary)}`);
    if (allDay || rnd() < 0.04) ev.push('TRANSP:TRANSPARENT'); // OPAQUE is the default
    ev.push('END:VEVENT');

    const extra = [];
    if (isRecurring && occ.length > 3) {
      // 1-3 EXDATEs and 1-2 overrides, on distinct real occurrences (not the first)
      const chosen = pickDistinct(rnd, occ.slice(1), 2 + Math.floor(rnd() * 3));
      const nOverrides = Math.min(chosen.length - 1, 1 + Math.floor(rnd() * 2));
      const moved = chosen.slice(0, nOverrides);
      const exdates = chosen.slice(nOverrides);
      const exLines = rnd() < 0.5
        ? [exdates.map((d) => stamp(d, minutes) + (zone === 'UTC' ? 'Z' : '')).join(',')].map((v) => (zone === 'UTC' ? `EXDATE:${v}` : `EXDATE;TZID=${zone}:${v}`))
        : exdates.map((d) => dtProp('EXDATE', zone, d, minutes));
      ev.splice(ev.indexOf(rruleText(rule)) + 1, 0, ...exLines);
      for (const d of moved) {
        overrides++;
        const shift = pick([60, 120, -60, 1440, 1440 + 120]);
        extra.push(
          'BEGIN:VEVENT',
          dtProp('DTSTART', zone, d, minutes + shift),
          dtProp('DTEND', zone, d, minutes + shift + length),
          `DTSTAMP:${utcStamp(NOW_MS - DAY)}`,
          `UID:${uid}`,
          dtProp('RECURRENCE-ID', zone, d, minutes),
          `ORGANIZER;CN=${ORGANIZER.cn}:mailto:${ORGANIZER.mail}`,
          `DESCRIPTION:${text(`Moved at ${client.cn}'s request.\nSame dial-in as usual.`)}`,
          'SEQUENCE:1',
          'STATUS:CONFIRMED',
          `SUMMARY:${text(`${summary} (moved)`)}`,
          'END:VEVENT',
        );
      }
    }
    lines.push(...ev, ...extra);
  }
  lines.push('END:VCALENDAR');
  return { text: `${lines.map(fold).join('\r\n')}\r\n`, vevents: n + overrides, masters: n, recurring, overrides };
}

/**
 * 200 weekday series in New York that began on or after `firstDay` (a day number).
 * history and recent use the same seed, so only the DTSTART dates differ.
 */
export function seriesCalendar(name, firstDay, seed = 7) {
  const rnd = prng(seed);
  const lines = header(name, ['America/New_York']);
  for (let i = 0; i < 200; i++) {
    let day = firstDay + (i % 20);
    if (weekday(day) >= 5) day += 7 - weekday(day); // start on a weekday (next Monday)
    const minutes = 7 * 60 + 15 * Math.floor(rnd() * 44); // 07:00 .. 17:45
    const length = [15, 15, 30, 30, 45, 60][Math.floor(rnd() * 6)];
    const client = person(rnd);
    lines.push(
      'BEGIN:VEVENT',
      dtProp('DTSTART', 'America/New_York', day, minutes),
      dtProp('DTEND', 'America/New_York', day, minutes + length),
      'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
      `DTSTAMP:${utcStamp(NOW_MS - 3 * DAY)}`,
      `UID:series-${seed}-${i}@bench.etiq.example`,
      ...peopleLines(rnd),
      `DESCRIPTION:${text(`Daily check-in with ${client.cn}.\nJoin: https://meet.example.com/standup-${i}`)}`,
      'SEQUENCE:0',
      'STATUS:CONFIRMED',
      `SUMMARY:${text(`Stand-up ${i} – ${client.cn}`)}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return { text: `${lines.map(fold).join('\r\n')}\r\n`, vevents: 200, masters: 200, recurring: 200, overrides: 0 };
}

/** Day number of the same calendar date `years` years before `dayNo`. */
function yearsBefore(dayNo, years) {
  const d = new Date(dayNo * DAY);
  return Math.floor(Date.UTC(d.getUTCFullYear() - years, d.getUTCMonth(), d.getUTCDate()) / DAY);
}

export const CALENDARS = {
  '1k': () => eventsCalendar(1_000, 1),
  '10k': () => eventsCalendar(10_000, 2),
  '50k': () => eventsCalendar(50_000, 3),
  history: () => seriesCalendar('History', yearsBefore(TODAY, 20)), // from 2006-03-02
  recent: () => seriesCalendar('Recent', Math.floor(Date.UTC(2026, 1, 2) / DAY)), // from 2026-02-02 (last month)
};

/**
 * Writes the calendars named in `names` into `dir` (only files whose content changed)
 * and returns { name: { file, bytes, vevents, masters, recurring, overrides } }.
 */
export function generateAll(dir, names = Object.keys(CALENDARS)) {
  fs.mkdirSync(dir, { recursive: true });
  const out = {};
  for (const name of names) {
    if (!CALENDARS[name]) throw new Error(`unknown calendar ${name} (have: ${Object.keys(CALENDARS).join(', ')})`);
    const { text: body, ...stats } = CALENDARS[name]();
    const file = path.join(dir, `${name}.ics`);
    const buf = Buffer.from(body, 'utf8');
    let same = false;
    try {
      same = fs.statSync(file).size === buf.length && fs.readFileSync(file).equals(buf);
    } catch {
      same = false;
    }
    if (!same) fs.writeFileSync(file, buf);
    out[name] = { file, bytes: buf.length, ...stats };
  }
  return out;
}

export const DEFAULT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.data');

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dir = path.resolve(process.argv[2] ?? DEFAULT_DIR);
  const files = generateAll(dir);
  for (const [name, f] of Object.entries(files)) {
    console.log(`${name.padEnd(8)} ${(f.bytes / 1e6).toFixed(2).padStart(6)} MB  ${String(f.vevents).padStart(6)} VEVENTs (${f.recurring} recurring, ${f.overrides} overrides)  ${f.file}`);
  }
}
