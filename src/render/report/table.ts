/**
 * `etiq report` for a person. Pure: (result, { zone, style }) -> text.
 *
 * - The clients' table, worst first, each row coloured by its flag (repeat offenders red,
 *   new clients dim), with a line under it: the month-by-month strip of incidents, the
 *   flag, the next step, the last incident, follow-ups. A closing line sums up the user's
 *   own record.
 * - `--client`: the figures, then the evidence: each meeting and its outcome, corrections
 *   and undos included. `--self`: the user's own figures. `--upcoming`: the flagged
 *   clients' meetings to come, with the day to ask for a confirmation.
 * - Every line fits 80 columns (string-width cells): long names are cut with "…", nothing
 *   wraps. Text from the store is quoted through visible().
 */
import type { ChalkInstance } from 'chalk';
import { formatDuration } from '../../core/duration.js';
import { noticeWords } from '../../core/etiquette/tone.js';
import type { EvidenceRow, ReportEntry, ReportMonth, ReportResult, UpcomingMeeting } from '../../core/report/types.js';
import { selfOf } from '../../core/report/report.js';
import { SHORT_MONTHS, civilDate, dateTimeIn, dayLabel, dayYearTime, localDayNumber, localDayStart, localParts, monthLabel } from '../../core/time.js';
import { visible } from '../../core/visible.js';
import { ONE_CELL_EACH, cellWidth, fit, padEndCells, type Column } from '../text.js';
import type { RenderOptions } from './options.js';

/** The terminal width every line keeps to. */
export const REPORT_WIDTH = 80;
/** The strip shows at most this many months, the latest. */
export const STRIP_MONTHS = 12;
/** Incidents in a month: none, 1, 2, 3, 4 or more. */
export const STRIP_BLOCKS = ['·', '▂', '▄', '▆', '█'] as const;

const DATE = 'ccc d LLL yyyy';

export function renderReportTable(r: ReportResult, opts: RenderOptions): string {
  switch (r.view) {
    case 'self':
      return renderSelf(r, opts);
    case 'client':
      return renderClient(r, opts);
    case 'upcoming':
      return renderUpcoming(r, opts);
    default:
      return renderClients(r, opts);
  }
}

// --- pieces ------------------------------------------------------------------------

/** `Tue 9 Dec 2025 – Mon 9 Mar 2026`: a window whose end is a local midnight ends on the day before. */
export function windowText(since: number, until: number, zone: string): string {
  // Without luxon's toFormat: a report's only other one is gone too (issue 13).
  const atMidnight = (ms: number) => localParts(ms, zone).time === '00:00';
  const at = (ms: number) => (atMidnight(ms) ? dayLabel(ms, zone, true) : dayYearTime(ms, zone));
  const untilText = atMidnight(until) ? dayLabel(localDayStart(until, zone, -1), zone, true) : at(until);
  return `${at(since)} – ${untilText}`;
}

/** `45m`, `4h10m`, `12h`: minutes in at most five cells up to 9999 hours. */
export function lostText(minutes: number): string {
  if (minutes < 60) return `${minutes}m`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h < 10) return m === 0 ? `${h}h` : `${h}h${m}m`;
  return `${Math.round(minutes / 60)}h`;
}

function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The index of the first month the strip shows: the latest STRIP_MONTHS of the window are shown. */
function stripFirst(months: readonly ReportMonth[]): number {
  return Math.max(0, months.length - STRIP_MONTHS);
}

/** The months the strip shows. */
function stripMonths(months: readonly ReportMonth[]): readonly ReportMonth[] {
  return months.slice(stripFirst(months));
}

/** One block per month: `·▂▄█`. */
export function strip(counts: readonly number[], months: readonly ReportMonth[]): string {
  const first = stripFirst(months);
  let out = '';
  const most = STRIP_BLOCKS.length - 1;
  for (let i = first; i < counts.length; i++) {
    const n = counts[i]!;
    out += STRIP_BLOCKS[n < most ? n : most];
  }
  return out;
}

function monthsText(months: readonly ReportMonth[], zone: string): string {
  const shown = stripMonths(months);
  if (shown.length === 0) return '';
  const name = (m: ReportMonth) => monthLabel(m.start, zone);
  return shown.length === 1 ? name(shown[0]!) : `${name(shown[0]!)} – ${name(shown[shown.length - 1]!)}`;
}

function legend(months: readonly ReportMonth[], zone: string): string {
  const scale = STRIP_BLOCKS.map((b, i) => `${b} ${i === STRIP_BLOCKS.length - 1 ? `${i}+` : i}`).join(' ');
  return `Incidents per month, ${monthsText(months, zone)}: ${scale}`;
}

function paint(style: ChalkInstance, flag: ReportEntry['flag'], text: string): string {
  // Without colour (scripts, NO_COLOR) the text as it is, without a call through PLAIN's proxy per line.
  if (style.level === 0) return text;
  return flag === 'repeat-offender' ? style.red(text) : flag === 'new' ? style.dim(text) : text;
}

function label(e: ReportEntry): string {
  return visible(e.email === null ? (e.org ?? '') : (e.name ?? e.email));
}

function who(e: { email: string | null; name: string | null; org?: string | null }): string {
  const base = e.email === null ? visible(e.org ?? '') : e.name ? `${visible(e.name)} <${visible(e.email)}>` : visible(e.email);
  return e.email !== null && e.org ? `${base}, ${visible(e.org)}` : base;
}

/** A sentence for a report with nothing to show. */
function emptySentence(r: ReportResult, zone: string, subject = ''): string {
  const window = `${windowText(r.since, r.until, zone)} (${zone})`;
  switch (r.empty) {
    case 'nothing-recorded':
      return 'Nothing recorded yet: the report reads the outcomes that `etiq noshow` and `etiq log` record.';
    case 'filtered':
      return `No ${r.by === 'org' ? 'client or organisation' : 'client'} has ${plural(r.minIncidents, 'incident')} or more between ${window}.`;
    default:
      return `No meetings${subject} are recorded between ${window}.`;
  }
}

// --- the clients' table ------------------------------------------------------------

const FIGURE_COLUMNS: Column[] = [
  { header: 'Mtgs', align: 'right' },
  { header: 'Show', align: 'right' },
  { header: 'No-sh', align: 'right' },
  { header: 'L-cxl', align: 'right' },
  { header: 'Cxl', align: 'right' },
  { header: 'Resch', align: 'right' },
  { header: 'Late', align: 'right' },
  { header: 'Lost', align: 'right' },
  { header: 'Score', align: 'right' },
];

function figureCells(e: ReportEntry): string[] {
  return [
    String(e.meetings),
    percent(e.showRate),
    String(e.noShows),
    String(e.lateCancels),
    String(e.cancels),
    String(e.reschedules ?? '—'),
    String(e.late),
    lostText(e.minutesLost),
    e.score === null ? '—' : String(e.score),
  ];
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `23 Feb`, or `23 Feb 2025` outside the year the window ends in: luxon's `d LLL` and
 * `d LLL yyyy` (en-US), from the zone's wall clock (localParts) without a DateTime per
 * line: two DateTimes and a toFormat for each of the report's 441 rows took ~14 ms.
 */
export function shortDate(ms: number, r: Pick<ReportResult, 'until'>, zone: string): string {
  return shortDates(r, zone)(ms);
}

/**
 * shortDate for one window and zone: the year the window ends in is read once, not per
 * row, and each day's text is made once (by its localDayNumber).
 */
export function shortDates(r: Pick<ReportResult, 'until'>, zone: string): (ms: number) => string {
  const made = new Map<number, string>();
  const text = shortDateText(r, zone);
  // The day numbers' dates by arithmetic (civilDate), as localParts reads them.
  const endDay = localDayNumber(r.until - 1, zone);
  const endYear = endDay === null ? null : Math.floor(civilDate(endDay) / 10_000);
  return (ms) => {
    const day = localDayNumber(ms, zone);
    if (day === null || endYear === null) return text(ms);
    let known = made.get(day);
    if (known === undefined) {
      const ymd = civilDate(day);
      const year = Math.floor(ymd / 10_000);
      known = `${ymd % 100} ${SHORT_MONTHS[(Math.floor(ymd / 100) % 100) - 1]}${year === endYear ? '' : ` ${year}`}`;
      made.set(day, known);
    }
    return known;
  };
}

function shortDateText(r: Pick<ReportResult, 'until'>, zone: string): (ms: number) => string {
  const end = YMD.exec(localParts(r.until - 1, zone).date);
  return (ms) => {
    const day = YMD.exec(localParts(ms, zone).date);
    if (!day || !end) {
      const d = dateTimeIn(ms, zone);
      return d.toFormat(d.year === dateTimeIn(r.until - 1, zone).year ? 'd LLL' : 'd LLL yyyy');
    }
    const text = `${Number(day[3])} ${SHORT_MONTHS[Number(day[2]) - 1]}`;
    return day[1] === end[1] ? text : `${text} ${Number(day[1])}`;
  };
}

/** Parts joined by " · " as long as they fit `width` cells: a part is shown whole or not at all. */
function joinFitting(head: string, parts: readonly string[], width: number): string {
  return layoutParts(head, parts, width, 1)[0]!;
}

/**
 * Parts joined by " · " over at most `maxLines` lines of `width` cells: the first after
 * `head`, the others indented as deep; a part is shown whole (cut only when it alone is
 * too long) or, when the lines are full, not at all. `oneCell`: the caller made the head
 * and every part of one-cell characters (its own words, figures and the strip's blocks),
 * so they are not tested again.
 */
function layoutParts(head: string, parts: readonly string[], width: number, maxLines: number, oneCell = false): string[] {
  const headOneCell = oneCell || ONE_CELL_EACH.test(head);
  const headWidth = headOneCell ? head.length : cellWidth(head);
  const lines: string[] = [];
  let line = head;
  // The line's width, counted part by part while every part is one cell a character (the
  // separator " · " is): the same as measuring the joined text, without measuring it again.
  let used: number | null = headOneCell ? headWidth : null;
  let empty = true;
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    const next = empty ? `${line}${p}` : `${line} · ${p}`;
    const nextUsed = used !== null && (oneCell || ONE_CELL_EACH.test(p)) ? used + (empty ? 0 : 3) + p.length : null;
    if ((nextUsed ?? cellWidth(next)) <= width || empty) {
      line = next;
      used = nextUsed;
      empty = false;
      continue;
    }
    lines.push(fit(line, width));
    if (lines.length === maxLines) return lines;
    line = `${' '.repeat(headWidth)}${p}`;
    used = oneCell || ONE_CELL_EACH.test(p) ? headWidth + p.length : null;
  }
  lines.push(used !== null && used <= width ? line : fit(line, width));
  return lines;
}

/**
 * The lines under a row: strip, flag, next step, last incident, lateness, chain, follow-ups.
 * Every part is etiq's own words (a flag, a next step: ASCII, as a test checks), a date of
 * shortDate and figures, and the head is the strip's blocks: one cell a character, which
 * layoutParts need not test per row.
 */
function detailLines(e: ReportEntry, r: ReportResult, date: (ms: number) => string): string[] {
  const parts = [e.flag ?? 'ok'];
  if (e.next) parts.push(`next: ${e.next}`);
  if (e.lastIncident !== null) parts.push(`last ${date(e.lastIncident)}`);
  if (e.lateAverage !== null) parts.push(`late avg ${e.lateAverage}m`);
  if (e.longestChain > 1) parts.push(`chain of ${e.longestChain}`);
  if (e.followUps.sent > 0) parts.push(`follow-ups ${e.followUps.sent}, ${e.followUps.accepted} accepted`);
  return layoutParts(`    ${strip(e.months, r.months)}  `, parts, REPORT_WIDTH, 2, true);
}

/** The user's own record in one line (it closes the clients' table and the --client view): the score, then the incidents there are. */
export function selfSummary(self: ReportEntry, withClient: boolean): string {
  const parts: string[] = [];
  if (self.score !== null) parts.push(`score ${self.score}`);
  parts.push(plural(self.meetings, 'meeting'), `${percent(self.showRate)} shown`);
  const incidents: [number, string][] = [
    [self.noShows, 'no-show'],
    [self.lateCancels, 'late cancel'],
    [self.late, 'late start'],
    [self.cancels, 'cancel'],
  ];
  const some = incidents.filter(([n]) => n > 0).map(([n, what]) => plural(n, what));
  parts.push(...(some.length > 0 ? some : ['no incidents']));
  return joinFitting(`Your record${withClient ? ' with them' : ''}: `, parts, REPORT_WIDTH);
}

/**
 * The clients' table, header first: what text.ts `table()` makes of a name column and the
 * figure columns (names left-aligned, figures right-aligned, two spaces apart), each line
 * within 80 columns. Built here without table()'s generic measuring: the figures are digits,
 * `%`, `—`, `h` and `m`, one cell a character, so their widths are their lengths, and only
 * the ~440 names are measured (issue 13: ~4 ms of the human report, cold). Not table() with
 * a one-cell column option: that was tried, and its generic rows (an array per row, a cell
 * at a time through the column's rules) rendered the report in 13.2 ms against 8.6 here
 * (medians of 30 cold runs).
 */
export function clientTableLines(entries: readonly ReportEntry[], by: ReportResult['by']): string[] {
  const cells = entries.map(figureCells);
  const figureWidths = FIGURE_COLUMNS.map((c) => c.header.length);
  for (const row of cells) {
    for (let i = 0; i < row.length; i++) if (row[i]!.length > figureWidths[i]!) figureWidths[i] = row[i]!.length;
  }
  // The figure columns, each with the two spaces before it; the name column takes what they
  // leave of 80 columns (indent 2).
  const figuresWidth = figureWidths.reduce((a, w) => a + w + 2, 0);
  const nameWidth = Math.max(8, REPORT_WIDTH - 2 - figuresWidth);
  const header = by === 'org' ? 'Org / client' : 'Client';
  const names = entries.map((e) => fit(label(e), nameWidth));
  const nameCells = names.map(cellWidth);
  // Not Math.max(...nameCells): a spread of ~125,000 clients or more overflows the stack.
  const nameColumn = nameCells.reduce((w, c) => Math.max(w, c), cellWidth(header));
  // Every line is this wide before trimEnd: when that fits, fit() would measure each line
  // again only to return it (~3 ms for the bench's ~440 rows, cold; issue 13).
  const widest = 2 + nameColumn + figuresWidth;
  // Figures are one cell a character: padStart pads them to their column and its two
  // spaces, once for each text a column holds (most repeat: 0, 1, 100%, —).
  const padded = figureWidths.map(() => new Map<string, string>());
  const line = (name: string, nameCell: number, row: readonly string[]): string => {
    let text = `  ${name}${' '.repeat(nameColumn - nameCell)}`;
    for (let i = 0; i < row.length; i++) {
      const cell = row[i]!;
      let p = padded[i]!.get(cell);
      if (p === undefined) {
        p = cell.padStart(figureWidths[i]! + 2);
        padded[i]!.set(cell, p);
      }
      text += p;
    }
    return widest <= REPORT_WIDTH ? text.trimEnd() : fit(text.trimEnd(), REPORT_WIDTH);
  };
  const lines = [line(header, cellWidth(header), FIGURE_COLUMNS.map((c) => c.header))];
  for (let k = 0; k < names.length; k++) lines.push(line(names[k]!, nameCells[k]!, cells[k]!));
  return lines;
}

function renderClients(r: ReportResult, opts: RenderOptions): string {
  const { zone, style } = opts;
  if (r.empty !== null) return emptySentence(r, zone);
  const lines = clientTableLines(r.entries, r.by);
  const flagged = r.entries.filter((e) => e.flag === 'repeat-offender').length;
  const out = [
    style.bold(fit(`Report ${windowText(r.since, r.until, zone)} (${zone})`, REPORT_WIDTH)),
    joinFitting(
      '',
      [
        r.by === 'org' ? `${plural(r.entries.length, 'row')} by organisation` : plural(r.entries.length, 'client'),
        `${plural(flagged, 'repeat offender')} (${r.repeatOffender}+ no-shows and late cancels)`,
        'worst first',
      ],
      REPORT_WIDTH,
    ),
    style.dim(lines[0]!),
  ];
  const date = shortDates(r, zone);
  for (let i = 0; i < r.entries.length; i++) {
    const e = r.entries[i]!;
    out.push(paint(style, e.flag, lines[i + 1]!));
    const details = detailLines(e, r, date);
    for (let k = 0; k < details.length; k++) out.push(paint(style, e.flag === 'repeat-offender' ? 'repeat-offender' : 'new', details[k]!));
  }
  out.push('', style.dim(fit(legend(r.months, zone), REPORT_WIDTH)), selfSummary(selfOf(r), false));
  return out.join('\n');
}

// --- one row's figures (--client, --self) -------------------------------------------

function figureBlock(e: ReportEntry, r: ReportResult, zone: string, side: 'client' | 'self'): string[] {
  const rows: [string, string, string][] = [
    ['Meetings', String(e.meetings), 'with a recorded outcome'],
    ['Attended', String(e.attended), e.late > 0 ? `${plural(e.late, 'late')}, ${e.lateAverage ?? '?'} min on average` : ''],
    ['No-shows', String(e.noShows), ''],
    ['Late cancels', String(e.lateCancels), noticeWords(r.lateCancelMs) === null ? '' : `less than ${noticeWords(r.lateCancelMs)} notice${side === 'self' ? ', as recorded' : ''}`],
    ['Cancels', String(e.cancels), ''],
    side === 'self'
      ? ['Reschedules', '—', 'etiq does not record who asked to move a meeting']
      : ['Reschedules', String(e.reschedules ?? 0), e.longestChain > 0 ? `longest chain ${plural(e.longestChain, 'move')}` : ''],
    ['Show rate', percent(e.showRate), 'of the meetings attended or missed'],
    ['Minutes lost', String(e.minutesLost), side === 'self' ? "your clients' time" : 'late minutes, plus each miss whole'],
    ['Score', e.score === null ? '—' : String(e.score), e.score === null ? 'fewer than 3 meetings: not judged' : 'of 100'],
    ['Flag', e.flag ?? '—', e.flag === 'repeat-offender' ? `${r.repeatOffender} or more no-shows and late cancels` : ''],
  ];
  if (side === 'client') rows.push(['Next step', e.next ?? '—', 'the tone of the next follow-up']);
  rows.push([
    'Follow-ups',
    `${e.followUps.sent} ${side === 'self' ? 'drafted' : 'sent'}`,
    `${e.followUps.accepted} accepted${side === 'self' ? ' (apologies that offered times)' : ''}`,
  ]);
  rows.push(['Last incident', e.lastIncident === null ? '—' : dateTimeIn(e.lastIncident, zone).toFormat(DATE), '']);
  rows.push(['Months', strip(e.months, r.months), monthsText(r.months, zone)]);
  const valueWidth = Math.max(...rows.filter(([, , note]) => note !== '').map(([, v]) => cellWidth(v)));
  return rows.map(([k, v, note]) => fit(`  ${k.padEnd(15)}${note ? `${v}${' '.repeat(valueWidth - cellWidth(v))}  ${note}` : v}`, REPORT_WIDTH));
}

function renderSelf(r: ReportResult, opts: RenderOptions): string {
  const { zone, style } = opts;
  const title = style.bold(fit(`Your own record ${windowText(r.since, r.until, zone)} (${zone})`, REPORT_WIDTH));
  if (r.empty === 'nothing-recorded') return emptySentence(r, zone);
  const self = selfOf(r);
  if (self.meetings === 0) return emptySentence({ ...r, empty: 'window' }, zone);
  return [title, ...figureBlock(self, r, zone, 'self').map((l, i) => (i === 9 ? paint(style, self.flag, l) : l))].join('\n');
}

// --- --client: figures and evidence ------------------------------------------------

function outcomeText(e: EvidenceRow, zone: string): string {
  const notice = e.noticeMs !== null ? ` (${formatDuration(Math.max(0, e.noticeMs))} notice)` : '';
  switch (e.kind) {
    case null:
      return 'no outcome recorded';
    case 'attended':
      return 'attended';
    case 'late':
      return `late (${e.minutes ?? '?'} min)`;
    case 'no-show':
      return `no-show${e.minutes !== null ? ` (waited ${e.minutes} min)` : ''}`;
    case 'cancelled':
      return `cancelled${notice}`;
    case 'late-cancel':
      return `late cancel${notice}`;
    case 'rescheduled':
      return e.rescheduledToStart !== null ? `rescheduled to ${dateTimeIn(e.rescheduledToStart, zone).toFormat('yyyy-LL-dd HH:mm')}` : 'rescheduled';
    case 'host-cancelled':
      return 'you cancelled';
    case 'host-late':
      return `you were ${e.minutes ?? '?'} min late`;
    case 'host-no-show':
      return 'you missed it';
  }
}

function evidenceLines(rows: readonly EvidenceRow[], zone: string, style: ChalkInstance): string[] {
  const lines: string[] = [];
  let meeting: number | null = null;
  for (const e of rows) {
    const when = dateTimeIn(e.start, zone).toFormat('ccc yyyy-LL-dd HH:mm');
    if (e.meetingId !== meeting) {
      meeting = e.meetingId;
      const title = padEndCells(fit(visible(e.summary.trim()) || '(no title)', 22), 22);
      const booked = e.rescheduledFromStart !== null ? `, booked for ${dateTimeIn(e.rescheduledFromStart, zone).toFormat('d LLL')}` : '';
      const current = e.supersededAt === null ? `${outcomeText(e, zone)}${booked}` : `nothing current${booked}`;
      lines.push(fit(`  ${when}  ${title}  ${current}`, REPORT_WIDTH));
      if (e.supersededAt === null) continue;
    }
    if (e.supersededAt !== null) {
      const how = e.supersededReason === 'undone' ? 'undone' : 'corrected';
      lines.push(style.dim(fit(`      ↳ ${how} ${dateTimeIn(e.supersededAt, zone).toFormat('yyyy-LL-dd HH:mm')}: ${outcomeText(e, zone)}`, REPORT_WIDTH)));
    }
  }
  return lines;
}

function renderClient(r: ReportResult, opts: RenderOptions): string {
  const { zone, style } = opts;
  const e = r.entries[0];
  const c = r.client;
  const identity = e ?? (c ? { email: c.email, name: c.name, org: c.organisation } : { email: null, name: null, org: null });
  if (!e && r.evidence.length === 0) {
    return r.empty === 'filtered' ? emptySentence(r, zone) : emptySentence({ ...r, empty: 'window' }, zone, ` with ${who(identity)}`);
  }
  const out = [style.bold(fit(who(identity), REPORT_WIDTH)), fit(`${windowText(r.since, r.until, zone)} (${zone})`, REPORT_WIDTH)];
  if (e) out.push(...figureBlock(e, r, zone, 'client').map((l, i) => (i === 9 ? paint(style, e.flag, l) : l)));
  else out.push(r.empty === 'filtered' ? emptySentence(r, zone) : emptySentence({ ...r, empty: 'window' }, zone, ' with a current outcome'));
  if (r.evidence.length > 0) out.push('', style.bold('Evidence'), ...evidenceLines(r.evidence, zone, style));
  if (e) out.push('', selfSummary(selfOf(r), true));
  return out.join('\n');
}

// --- --upcoming ----------------------------------------------------------------------

function upcomingLines(m: UpcomingMeeting, now: { today: number }, zone: string): string[] {
  const s = dateTimeIn(m.start, zone);
  const when = `  ${s.toFormat('ccc d LLL HH:mm')}–${dateTimeIn(m.end, zone).toFormat('HH:mm')}  `;
  const booked = m.calendar === null ? ' (booked by etiq, in no calendar yet)' : '';
  const title = fit(visible(m.summary.trim()) || '(no title)', Math.max(10, REPORT_WIDTH - cellWidth(when) - cellWidth(booked)));
  const name = m.client.name ? `${visible(m.client.name)} <${visible(m.client.email)}>` : visible(m.client.email);
  const confirm = m.confirmOn <= now.today ? 'confirm today' : `confirm on ${dateTimeIn(m.confirmOn, zone).toFormat('ccc d LLL')}`;
  return [fit(`${when}${title}${booked}`, REPORT_WIDTH), fit(`      ${confirm}: ${name}, ${plural(m.misses, 'miss', 'misses')}`, REPORT_WIDTH)];
}

function renderUpcoming(r: ReportResult, opts: RenderOptions): string {
  const { zone, style } = opts;
  const u = r.upcoming;
  if (!u) return '';
  const next = windowText(u.from, u.to, zone);
  if (r.empty === 'nothing-recorded') return emptySentence(r, zone);
  if (!r.entries.some((e) => e.flag === 'repeat-offender')) {
    return fit(`No client is a repeat offender between ${windowText(r.since, r.until, zone)}: nothing to confirm.`, REPORT_WIDTH);
  }
  if (u.meetings.length === 0) return fit(`No meeting with a repeat offender is planned ${next} (${zone}).`, REPORT_WIDTH);
  const today = localDayStart(u.from, zone);
  return [
    style.bold(fit(`Meetings with repeat offenders: confirm each the day before (${zone})`, REPORT_WIDTH)),
    fit(next, REPORT_WIDTH),
    ...u.meetings.flatMap((m) => upcomingLines(m, { today }, zone).map((l, i) => (i === 1 ? style.red(l) : l))),
  ].join('\n');
}
