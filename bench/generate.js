// Deterministic synthetic calendars for `npm run bench` (seeded PRNG, CRLF, 75-octet folding).
import fs from 'node:fs';
import path from 'node:path';

export const NOW = '2026-03-02T09:00:00Z';
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;

function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n) => String(n).padStart(2, '0');
const stamp = (ms) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;
};
const date = (ms) => stamp(ms).slice(0, 8);

/** RFC 5545 folding: lines of at most 75 octets, continuation lines start with a space. */
function fold(line) {
  if (Buffer.byteLength(line) <= 75) return line;
  const out = [];
  let cur = '';
  for (const ch of line) {
    if (Buffer.byteLength(cur + ch) > (out.length === 0 ? 75 : 74)) {
      out.push(cur);
      cur = '';
    }
    cur += ch;
  }
  out.push(cur);
  return out.join('\r\n ');
}

const VTIMEZONES = [
  'BEGIN:VTIMEZONE', 'TZID:America/New_York',
  'BEGIN:DAYLIGHT', 'TZOFFSETFROM:-0500', 'TZOFFSETTO:-0400', 'DTSTART:19700308T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU', 'END:DAYLIGHT',
  'BEGIN:STANDARD', 'TZOFFSETFROM:-0400', 'TZOFFSETTO:-0500', 'DTSTART:19701101T020000', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU', 'END:STANDARD',
  'END:VTIMEZONE',
  'BEGIN:VTIMEZONE', 'TZID:W. Europe Standard Time',
  'BEGIN:STANDARD', 'DTSTART:16010101T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10', 'END:STANDARD',
  'BEGIN:DAYLIGHT', 'DTSTART:16010101T020000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3', 'END:DAYLIGHT',
  'END:VTIMEZONE',
];

const WORDS = 'quarterly review onboarding sync budget roadmap demo retro kickoff planning follow-up contract renewal workshop interview'.split(' ');

function timeProp(name, ms, kind) {
  if (kind === 'utc') return `${name}:${stamp(ms)}Z`;
  if (kind === 'ny') return `${name};TZID=America/New_York:${stamp(ms)}`;
  return `${name};TZID="W. Europe Standard Time":${stamp(ms)}`;
}

/** A calendar of `n` events over about three years around NOW; one in ten recurs, with exceptions. */
export function eventsCalendar(n, seed = 1) {
  const rnd = prng(seed);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//etiq bench//EN', 'X-WR-CALNAME:Bench', ...VTIMEZONES];
  for (let i = 0; i < n; i++) {
    const uid = `bench-${seed}-${i}@etiq.example`;
    const dayOffset = Math.floor((rnd() * 3 - 1.5) * 365);
    const start = Math.floor((NOW_MS + dayOffset * DAY) / DAY) * DAY + (13 + Math.floor(rnd() * 8)) * 3_600_000 + (rnd() < 0.5 ? 0 : 1_800_000);
    const len = [30, 45, 60, 90][Math.floor(rnd() * 4)] * 60_000;
    const kind = pick(['utc', 'ny', 'ny', 'we']);
    const summary = `${pick(WORDS)} ${pick(WORDS)} with client ${i % 997}`;
    const ev = ['BEGIN:VEVENT', `UID:${uid}`, `DTSTAMP:${stamp(NOW_MS - 30 * DAY)}Z`, `SUMMARY:${summary}`];
    const allDay = rnd() < 0.05;
    if (allDay) ev.push(`DTSTART;VALUE=DATE:${date(start)}`, `DTEND;VALUE=DATE:${date(start + DAY)}`);
    else ev.push(timeProp('DTSTART', start, kind), timeProp('DTEND', start + len, kind));
    ev.push(
      `DESCRIPTION:${'Agenda: ' + Array.from({ length: 16 }, () => pick(WORDS)).join(' ') + '\\nDial-in: https://meet.example.com/' + uid}`,
      `ORGANIZER;CN=Dana Reyes:mailto:dana@example.com`,
      `ATTENDEE;CN=Dana Reyes;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:dana@example.com`,
      `ATTENDEE;CN=Client ${i % 997};PARTSTAT=${pick(['ACCEPTED', 'TENTATIVE', 'NEEDS-ACTION'])};ROLE=REQ-PARTICIPANT:mailto:client${i % 997}@client.example`,
      `LOCATION:${pick(['Room 1', 'Zoom', 'Client office', 'Phone'])}`,
      `STATUS:${rnd() < 0.05 ? 'TENTATIVE' : 'CONFIRMED'}`,
    );
    const recurring = i % 10 === 0 && !allDay;
    const exceptions = [];
    if (recurring) {
      const freq = pick(['WEEKLY;BYDAY=MO,WE', 'WEEKLY', 'DAILY;INTERVAL=2', 'MONTHLY;BYDAY=2TU', 'WEEKLY;INTERVAL=2;BYDAY=TU,TH']);
      const end = pick(['', `;COUNT=${20 + Math.floor(rnd() * 200)}`, `;UNTIL=${stamp(start + Math.floor(rnd() * 700) * DAY)}Z`]);
      ev.push(`RRULE:FREQ=${freq}${end}`);
      const weekly = start + 7 * DAY * (1 + Math.floor(rnd() * 20));
      ev.push(timeProp('EXDATE', weekly, kind));
      const moved = start + 7 * DAY * (21 + Math.floor(rnd() * 20));
      exceptions.push([
        'BEGIN:VEVENT', `UID:${uid}`, `DTSTAMP:${stamp(NOW_MS - 10 * DAY)}Z`, timeProp('RECURRENCE-ID', moved, kind),
        timeProp('DTSTART', moved + 3_600_000, kind), timeProp('DTEND', moved + 3_600_000 + len, kind), `SUMMARY:${summary} (moved)`, 'END:VEVENT',
      ]);
    }
    ev.push('END:VEVENT');
    lines.push(...ev);
    for (const x of exceptions) lines.push(...x);
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** 200 weekday series in New York that began `yearsAgo` years (or `days` days) before NOW. */
export function seriesCalendar(beganMsBefore, seed = 7) {
  const rnd = prng(seed);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//etiq bench//EN', ...VTIMEZONES.slice(0, 15)];
  for (let i = 0; i < 200; i++) {
    const day = Math.floor((NOW_MS - beganMsBefore) / DAY) * DAY;
    const start = day + (13 + Math.floor(rnd() * 8)) * 3_600_000;
    lines.push(
      'BEGIN:VEVENT', `UID:series-${i}@etiq.example`, `DTSTAMP:${stamp(NOW_MS)}Z`, `SUMMARY:Daily stand-up ${i}`,
      `DTSTART;TZID=America/New_York:${stamp(start)}`, `DTEND;TZID=America/New_York:${stamp(start + 900_000)}`,
      'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

export function generateAll(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const files = {
    '1k': eventsCalendar(1_000, 1),
    '10k': eventsCalendar(10_000, 2),
    '50k': eventsCalendar(50_000, 3),
    history: seriesCalendar(20 * 365 * DAY),
    recent: seriesCalendar(30 * DAY),
  };
  const out = {};
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, `${name}.ics`);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
    out[name] = file;
  }
  return out;
}
