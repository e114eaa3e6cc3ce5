/**
 * The progress line: one line on stderr while slow work runs (fetching calendar URLs,
 * reading a large calendar), redrawn in place and erased when the work ends or anything
 * else is printed (cli/output.ts erases it before every other write).
 *
 * When it is shown:
 * - only when stderr is a terminal, and the output is for a person: never with --json or
 *   --csv, never with TERM=dumb (it cannot erase a line), never when CI is set (a CI log
 *   that fakes a terminal would keep every redraw);
 * - fetching: only once the work has taken `delayMs` (250 ms), so that a quick run never
 *   flashes anything; then redrawn at most every `intervalMs` (100 ms) as bytes arrive;
 * - reading a calendar of BIG_CALENDAR_BYTES or more (see adapters/calendars.ts): at once,
 *   since the parse that follows is synchronous (the line could not be drawn during it) and
 *   takes ~90 ms a MiB.
 *
 * Timers are unref'd and cleared when the work ends: the progress line never keeps the
 * process alive or delays its exit.
 */
import type { TextOut } from './fd-out.js';
import type { ReadStatus } from '../adapters/calendars.js';
import { formatSize } from '../core/duration.js';
import { visible } from '../core/visible.js';
import { maxCells as cells, maxCellsOf as cellsOf } from '../render/wrap.js';
import { clearProgress, progressShown, writeProgress } from './output.js';

export interface Progress {
  /** False when nothing is ever shown: the caller need not report anything. */
  readonly enabled: boolean;
  /** Slow work starts; begin/end pairs nest (reads that run together share the line). */
  begin(): void;
  /** The work ends: when it was the last, the line is erased and no timer is left. */
  end(): void;
  /**
   * What the line says, given the columns it may take (called when drawn, so a status that
   * changes often costs nothing between draws); null erases it. `immediate`: draw now,
   * before synchronous work.
   */
  set(render: ((columns: number) => string) | null, opts?: { immediate?: boolean }): void;
}

/** A progress that never shows anything. */
export const NO_PROGRESS: Progress = { enabled: false, begin: () => undefined, end: () => undefined, set: () => undefined };

export interface ProgressOptions {
  /** Nothing is drawn before this many ms of work (unless `immediate`). */
  delayMs?: number;
  /** At most one draw per this many ms. */
  intervalMs?: number;
  /** The terminal's width (default: the stream's `columns`, else 80); the line is kept within 80. */
  columns?: number;
  clock?: () => number;
}

export const PROGRESS_DELAY_MS = 250;
export const PROGRESS_INTERVAL_MS = 100;
const MAX_COLUMNS = 80;

/** Whether a run may show progress: stderr a terminal, output for a person, a capable terminal, not CI. */
export function progressWanted(io: { stderr: { isTTY?: boolean }; env: NodeJS.ProcessEnv }, flags: { json?: boolean; csv?: boolean }): boolean {
  if (io.stderr.isTTY !== true) return false;
  if (flags.json === true || flags.csv === true) return false;
  if (io.env['TERM'] === 'dumb') return false;
  const ci = io.env['CI'];
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return false;
  return true;
}

export function createProgress(stream: TextOut, opts: ProgressOptions = {}): Progress {
  const delayMs = opts.delayMs ?? PROGRESS_DELAY_MS;
  const intervalMs = opts.intervalMs ?? PROGRESS_INTERVAL_MS;
  const clock = opts.clock ?? Date.now;
  const width = (): number => Math.min(MAX_COLUMNS, opts.columns ?? (stream.columns || MAX_COLUMNS)) - 1; // the last column would wrap on some terminals
  let depth = 0;
  let since = 0;
  let lastDraw = -Infinity;
  let lastText = '';
  let render: ((columns: number) => string) | null = null;
  let timer: NodeJS.Timeout | null = null;

  const cancel = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const draw = (): void => {
    if (render === null || depth === 0) return;
    const columns = width();
    const text = fitLine(render(columns), columns);
    lastDraw = clock();
    if (text === lastText && progressShown()) return;
    lastText = text;
    writeProgress(stream, text);
  };
  const schedule = (): void => {
    if (timer) return; // the pending draw will show the latest status
    const wait = Math.max(since + delayMs, lastDraw + intervalMs) - clock();
    if (wait <= 0) {
      draw();
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      draw();
    }, wait);
    timer.unref?.();
  };

  return {
    enabled: true,
    begin() {
      if (depth++ > 0) return;
      since = clock();
      lastDraw = -Infinity;
      lastText = '';
    },
    end() {
      if (depth === 0) return;
      if (--depth > 0) return;
      render = null;
      cancel();
      clearProgress();
    },
    set(next, setOpts = {}) {
      if (depth === 0) return;
      render = next;
      if (next === null) {
        cancel();
        clearProgress();
      } else if (setOpts.immediate) {
        cancel();
        draw();
      } else {
        schedule();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------
// What the line says

/** A calendar as the line names it: a file's base name, a URL's host and path (no query, no credentials). */
export function calendarName(source: string): string {
  if (/^(https?|webcal):\/\//i.test(source)) {
    try {
      const url = new URL(source.replace(/^webcal:/i, 'https:'));
      return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
    } catch {
      return source.replace(/^[a-z]+:\/\//i, '').replace(/[?#].*$/, '');
    }
  }
  return source.split(/[\\/]/).filter(Boolean).pop() ?? source;
}

/** The line for a calendar read's status (see adapters/calendars.ts), within `columns` cells. */
export function readStatusText(status: ReadStatus, columns = MAX_COLUMNS - 1): string {
  if (status.kind === 'read') return withName((name) => `Reading ${name} (${formatSize(status.bytes)})…`, status.calendar, columns);
  const size = status.bytes > 0 ? ` ${formatSize(status.bytes)}` : '';
  if (status.total === 1 && status.calendar !== null) return withName((name) => `Fetching ${name}…${size}`, status.calendar, columns);
  return fitLine(`Fetching ${status.total} calendars: ${status.done} done…${size}`, columns);
}

/** The line made with the calendar's name, the name cut (with "…") so that the line fits. */
function withName(line: (name: string) => string, calendar: string, columns: number): string {
  const name = visible(calendarName(calendar));
  const rest = cells(line(''));
  return fitLine(line(fitLine(name, Math.max(8, columns - rest))), columns);
}

/**
 * Cuts a line to at most `columns` terminal cells, ending in "…" when cut. Controls are
 * made visible first. The width is counted conservatively without string-width (whose
 * load costs ~40 ms), as render/wrap.ts counts it: a character that may be wide (from
 * U+1100 on, but punctuation such as "…") counts two cells, so a line with wide characters
 * may be cut early, never too late.
 */
export function fitLine(text: string, columns = MAX_COLUMNS - 1): string {
  const shown = visible(text);
  if (cells(shown) <= columns) return shown;
  let out = '';
  let used = 0;
  for (const ch of shown) {
    const w = cellsOf(ch);
    if (used + w > columns - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}
