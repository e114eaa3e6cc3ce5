/**
 * `etiq report --csv`: the columns of --json, in that order, with a header row. RFC 4180:
 * CRLF between records, a field holding a comma, a double quote, a CR or a LF is quoted,
 * and a double quote inside it is doubled; an empty field is null. Pure.
 */
import type { ReportResult } from '../../core/report/types.js';
import { selfOf } from '../../core/report/report.js';
import { REPORT_COLUMNS, reportRowJson, type ReportRowJson } from './json.js';
import type { RenderOptions } from './options.js';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRecord(row: ReportRowJson): string {
  return REPORT_COLUMNS.map((c) => csvField(row[c])).join(',');
}

/** The header and one record per row (the user's own with --self), each ending in CRLF. */
export function renderReportCsv(r: ReportResult, opts: RenderOptions): string {
  const entries = r.view === 'self' ? [selfOf(r)] : r.entries;
  return [REPORT_COLUMNS.join(','), ...entries.map((e) => csvRecord(reportRowJson(e, opts.zone)))].map((line) => `${line}\r\n`).join('');
}
