// The report's renderers (issue 11): JSON keys in the contract's order, RFC 4180 CSV read
// back with csv-parse, and a table that keeps to 80 columns, coloured by flag.
import { Chalk } from 'chalk';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport, type ReportInput } from '../../../src/core/report/report.js';
import type { OutcomeRow, ReportClient } from '../../../src/core/report/types.js';
import { PLAIN } from '../../../src/cli/style.js';
import { ONE_CELL_EACH, cellWidth, loadCellWidths } from '../../../src/render/text.js';
import { csvField, renderReportCsv } from '../../../src/render/report/csv.js';
import { REPORT_COLUMNS, renderReportJson } from '../../../src/render/report/json.js';
import { STRIP_BLOCKS, clientTableLines, lostText, renderReportTable, shortDate, shortDates, strip, windowText } from '../../../src/render/report/table.js';
import { TONES, nextStep } from '../../../src/core/etiquette/tone.js';
import { localDayNumber } from '../../../src/core/time.js';
import { DateTime } from 'luxon';

beforeAll(loadCellWidths);

const H = 3_600_000;
const DAY = 24 * H;
const at = (iso: string) => Date.parse(`${iso}Z`);
const UNTIL = at('2026-03-01T00:00');

const HOSTILE = 'Müller, "Max"\nand 王小明 \u001b[2J';
const clients: ReportClient[] = [
  { id: 1, email: 'max@mueller.example', name: HOSTILE, organisation: 'Müller & Söhne, GmbH' },
  { id: 2, email: 'a-very-long-address-for-a-client@some-long-domain.example', name: null, organisation: null },
];

let n = 0;
function row(clientId: number, start: string, kind: OutcomeRow['kind'], minutes: number | null = null): OutcomeRow {
  const s = at(start);
  return { clientId, meetingId: ++n, start: s, end: s + H, kind, minutes, rescheduledTo: null, recordedAt: s };
}

const rows = [
  row(1, '2026-01-05T10:00', 'no-show', 10),
  row(1, '2026-02-02T10:00', 'no-show', 10),
  row(1, '2026-02-09T10:00', 'late', 15),
  row(1, '2026-02-16T10:00', 'attended'),
  row(2, '2026-02-10T10:00', 'attended'),
];

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    since: UNTIL - 90 * DAY,
    until: UNTIL,
    now: UNTIL,
    zone: 'UTC',
    policy: { lateCancelMs: 24 * H, windowMs: 90 * DAY, repeatOffender: 2 },
    by: 'client',
    view: 'clients',
    minIncidents: 0,
    clients,
    rows,
    offers: [],
    me: { email: 'dana@example.com', name: 'Dana' },
    anythingRecorded: true,
    ...over,
  };
}

const opts = { zone: 'UTC', style: PLAIN };

describe('JSON', () => {
  it('exactly the keys of the contract, in order; text exact', () => {
    const doc = JSON.parse(renderReportJson(buildReport(input()), opts)) as { since: string; until: string; clients: Record<string, unknown>[] };
    expect(Object.keys(doc)).toEqual(['since', 'until', 'clients']);
    expect(doc.since).toBe('2025-12-01T00:00:00Z');
    expect(doc.until).toBe('2026-03-01T00:00:00Z');
    expect(Object.keys(doc.clients[0]!)).toEqual([...REPORT_COLUMNS]);
    expect(REPORT_COLUMNS).toEqual(['email', 'name', 'org', 'meetings', 'attended', 'late', 'noShows', 'lateCancels', 'cancels', 'reschedules', 'showRate', 'minutesLost', 'score', 'flag', 'next', 'lastIncident']);
    expect(doc.clients[0]).toMatchObject({ name: HOSTILE, org: 'Müller & Söhne, GmbH', flag: 'repeat-offender', lastIncident: '2026-02-09T10:00:00Z' });
    expect(doc.clients[1]).toMatchObject({ flag: 'new', score: null });
  });

  it('--self: the same keys under "self"', () => {
    const doc = JSON.parse(renderReportJson(buildReport(input({ view: 'self' })), opts)) as { self: Record<string, unknown> };
    expect(Object.keys(doc)).toEqual(['since', 'until', 'self']);
    expect(Object.keys(doc.self)).toEqual([...REPORT_COLUMNS]);
    expect(doc.self).toMatchObject({ email: 'dana@example.com', name: 'Dana', org: null, reschedules: null, next: null });
  });
});

describe('CSV (RFC 4180)', () => {
  it('quotes a field with a comma, a quote, CR or LF, doubling the quotes; null is empty', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.5)).toBe('0.5');
  });

  it('round trip through csv-parse: header, one record per row, CRLF, names intact', () => {
    const text = renderReportCsv(buildReport(input()), opts);
    expect(text.endsWith('\r\n')).toBe(true);
    const records = parse(text, { relax_column_count: false }) as string[][];
    expect(records[0]).toEqual([...REPORT_COLUMNS]);
    expect(records).toHaveLength(3);
    const [email, name, org, meetings, , , noShows, , , , showRate, , , flag, next] = records[1]!;
    expect({ email, name, org, meetings, noShows, showRate, flag, next }).toEqual({
      email: 'max@mueller.example',
      name: HOSTILE,
      org: 'Müller & Söhne, GmbH',
      meetings: '4',
      noShows: '2',
      showRate: '0.5',
      flag: 'repeat-offender',
      next: 'confirm day before',
    });
    // null fields are empty: no name, no organisation, no score for a new client.
    expect(records[2]![1]).toBe('');
    expect(records[2]![12]).toBe('');
  });

  it('an empty report is the header alone', () => {
    expect(renderReportCsv(buildReport(input({ rows: [], anythingRecorded: false })), opts)).toBe(`${REPORT_COLUMNS.join(',')}\r\n`);
  });
});

describe('the table', () => {
  it('fits 80 columns: long and wide names cut with an ellipsis, controls shown, nothing wraps', () => {
    const text = renderReportTable(buildReport(input()), opts);
    for (const line of text.split('\n')) expect(cellWidth(line), line).toBeLessThanOrEqual(80);
    for (const line of text.split('\n')) expect(line, 'no line ends in a space').toBe(line.trimEnd());
    expect(text).toContain('…');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\x0A');
    expect(text).toMatch(/^Report Mon 1 Dec 2025 – Sat 28 Feb 2026 \(UTC\)\n2 clients · 1 repeat offender \(2\+ no-shows and late cancels\) · worst first$/m);
  });

  it('worst first, each row with its strip, flag and next step; closes with your own record', () => {
    const lines = renderReportTable(buildReport(input()), opts).split('\n');
    const header = lines.findIndex((l) => l.trimStart().startsWith('Client'));
    expect(lines[header]).toMatch(/^ {2}Client +Mtgs {2}Show {2}No-sh {2}L-cxl {2}Cxl {2}Resch {2}Late {3}Lost {2}Score$/);
    // Max: 4 meetings, 2 of 4 came (50%), 2 no-shows, 1 late, lost 15 + 60 + 60 = 135 min.
    // The name column takes what the figures leave: 80 - 2 - (4+4+5+5+3+5+4+5+5 + 9 * 2) = 20 cells.
    expect(lines[header + 1]).toMatch(/^ {2}Müller, "Max"\\x0Aan… +4 +50% +2 +0 +0 +0 +1 +2h15m +\d+$/);
    // Dec none, Jan one, Feb two.
    expect(lines[header + 2]).toBe('    ·▂▄  repeat-offender · next: confirm day before · last 9 Feb · late avg 15m');
    expect(lines[header + 3]).toMatch(/^ {2}a-very-long-address… +1 +100% +0 +0 +0 +0 +0 +0m +—$/);
    expect(lines[header + 4]).toBe('    ···  new · next: warm');
    expect(lines.at(-2)).toBe('Incidents per month, Dec 2025 – Feb 2026: · 0 ▂ 1 ▄ 2 ▆ 3 █ 4+');
    // You were at all five: 5 / 5.
    expect(lines.at(-1)).toMatch(/^Your record: score \d+ · 5 meetings · 100% shown · no incidents$/);
  });

  it('a row whose figures leave the name less than 80 columns is still cut to 80', () => {
    // A late start of 10^19 minutes: the Lost cell alone takes 19 columns, the name column
    // its least (8 cells), and each row is 82 columns before it is cut.
    const wide = [...rows, row(1, '2026-02-23T10:00', 'late', 1e19)];
    const lines = renderReportTable(buildReport(input({ rows: wide })), opts).split('\n');
    for (const line of lines) expect(cellWidth(line), line).toBeLessThanOrEqual(80);
    const header = lines.findIndex((l) => l.trimStart().startsWith('Client'));
    // The name column at its least, 8 cells; the Score column cut off.
    expect(lines[header]).toMatch(/^ {2}Client {4}Mtgs .* Lost {2}Sc…$/);
    expect(lines[header + 1]).toMatch(/^ {2}Müller,… {5}5 {3}60% .* 166666666666666660h {4}…$/);
  });

  it('lays out 200,000 rows: no spread of one value a row (past ~125,000 arguments V8 runs out of stack)', () => {
    const r = buildReport(input());
    const one = { ...r.entries[0]!, name: 'Ann Example', email: 'ann@example.com' };
    const lines = clientTableLines(Array<typeof one>(200_000).fill(one), r.by);
    expect(lines).toHaveLength(200_001);
    expect(new Set(lines.slice(1)).size).toBe(1);
    expect(lines.slice(0, 2)).toEqual(clientTableLines([one], r.by));
  });

  it('coloured by flag: repeat offenders red, new clients dim', () => {
    const style = new Chalk({ level: 1 });
    const text = renderReportTable(buildReport(input()), { zone: 'UTC', style });
    const lines = text.split('\n');
    const max = lines.find((l) => l.includes('Müller'))!;
    expect(max.startsWith('\u001b[31m')).toBe(true);
    const other = lines.find((l) => l.includes('a-very-long'))!;
    expect(other.startsWith('\u001b[2m')).toBe(true);
  });

  it('empty: one sentence each, never an empty table', () => {
    expect(renderReportTable(buildReport(input({ rows: [], anythingRecorded: false })), opts)).toBe(
      'Nothing recorded yet: the report reads the outcomes that `etiq noshow` and `etiq log` record.',
    );
    expect(renderReportTable(buildReport(input({ since: at('2024-01-01T00:00'), until: at('2024-02-01T00:00') })), opts)).toBe(
      'No meetings are recorded between Mon 1 Jan 2024 – Wed 31 Jan 2024 (UTC).',
    );
    expect(renderReportTable(buildReport(input({ minIncidents: 9 })), opts)).toBe('No client has 9 incidents or more between Mon 1 Dec 2025 – Sat 28 Feb 2026 (UTC).');
  });

  it("a detail line's words and its head, the strip's blocks, are one cell a character (layoutParts does not measure them per row)", () => {
    for (const words of ['ok', 'repeat-offender', 'new', ...TONES.map((t) => `next: ${nextStep(t)}`)]) expect(ONE_CELL_EACH.test(words), words).toBe(true);
    for (const block of STRIP_BLOCKS) expect(ONE_CELL_EACH.test(block), block).toBe(true);
  });

  it('pieces: the strip scale, minutes lost, the window', () => {
    const months = buildReport(input()).months;
    expect(strip([0, 1, 7], months)).toBe('·▂█');
    expect([lostText(45), lostText(60), lostText(250), lostText(600), lostText(6000)]).toEqual(['45m', '1h', '4h10m', '10h', '100h']);
    expect(windowText(at('2026-01-01T00:00'), at('2026-02-01T00:00'), 'UTC')).toBe('Thu 1 Jan 2026 – Sat 31 Jan 2026');
    expect(windowText(at('2026-01-01T09:30'), at('2026-02-01T12:00'), 'UTC')).toBe('Thu 1 Jan 2026 09:30 – Sun 1 Feb 2026 12:00');
  });
});

describe('writing CSV (cli/output.ts writeData)', () => {
  const sink = (isTTY: boolean) => {
    const s = { isTTY, text: '', write: (chunk: string) => ((s.text += chunk), true) };
    return s;
  };

  it('exact when piped; at a terminal controls are shown, the records and their line breaks kept', async () => {
    const { writeData } = await import('../../../src/cli/output.js');
    const text = renderReportCsv(buildReport(input()), opts);
    const piped = sink(false);
    writeData(piped as unknown as NodeJS.WritableStream, text);
    expect(piped.text).toBe(text);
    expect(piped.text).toContain('\u001b[2J');
    const tty = sink(true);
    writeData(tty as unknown as NodeJS.WritableStream, text);
    expect(tty.text).not.toContain('\u001b');
    expect(tty.text).toContain('\\x1B[2J');
    expect((parse(tty.text) as string[][])[1]![1]).toBe('Müller, "Max"\nand 王小明 \\x1B[2J');
  });
});

describe('shortDate', () => {
  it("is luxon's d LLL (or d LLL yyyy outside the window's last year) in every zone, across DST changes and New Year", () => {
    const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Kiritimati', 'Etc/GMT+12', 'Africa/Casablanca'];
    const until = Date.parse('2026-03-02T09:00:00Z');
    for (const zone of zones) {
      const year = DateTime.fromMillis(until - 1, { zone }).year;
      for (let t = Date.parse('2024-12-25T00:00:00Z'); t < Date.parse('2026-12-31T00:00:00Z'); t += 7 * 3_600_000 + 13 * 60_000) {
        const d = DateTime.fromMillis(t, { zone });
        expect(shortDate(t, { until }, zone), `${zone} ${new Date(t).toISOString()}`).toBe(d.toFormat(d.year === year ? 'd LLL' : 'd LLL yyyy'));
      }
    }
  });

  it("is the same when one window's dates are made once a day (shortDates), and a day is the zone's own", () => {
    const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe', 'Africa/Casablanca', 'EST5EDT'];
    const until = Date.parse('2026-03-02T09:00:00Z');
    for (const zone of zones) {
      const year = DateTime.fromMillis(until - 1, { zone }).year;
      const date = shortDates({ until }, zone);
      // Every 3 h 13 min over a year and a half, DST changes included: seven or eight a day.
      for (let t = Date.parse('2025-01-01T00:00:00Z'); t < Date.parse('2026-07-01T00:00:00Z'); t += 193 * 60_000) {
        const d = DateTime.fromMillis(t, { zone });
        expect(date(t), `${zone} ${new Date(t).toISOString()}`).toBe(d.toFormat(d.year === year ? 'd LLL' : 'd LLL yyyy'));
        const day = localDayNumber(t, zone);
        if (day !== null) expect(day).toBe(Math.round(Date.UTC(d.year, d.month - 1, d.day) / DAY));
      }
    }
    // A zone without etiq's tables: no day number, the text as luxon's.
    expect(localDayNumber(until, 'UTC+3')).toBeNull();
    expect(shortDates({ until }, 'UTC+3')(until)).toBe('2 Mar');
  });
});

