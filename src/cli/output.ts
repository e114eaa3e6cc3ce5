/**
 * Where etiq's output meets the terminal. Human text goes through `writeHuman`, and so
 * through the one sanitiser (`core/visible.ts`): whatever a renderer missed, a control
 * character from a calendar, a server, the database or an argument is shown, never
 * obeyed. Only etiq's own colour codes pass, and only when colour is on. JSON is written
 * by `writeJson`: JSON.stringify escapes every control character, and the text stays exact.
 *
 * The one exception is the progress line (`writeProgress`, see cli/progress.ts): etiq's own
 * carriage return and erase-line sequence, then one sanitised line. While it is on screen,
 * anything else written here erases it first, so it never mixes with output or warnings.
 *
 * Nothing else in src/ writes to stdout or stderr (test/unit/render/sanitiser.test.ts checks).
 */
import { visible } from '../core/visible.js';
import type { TextOut } from './fd-out.js';

type Stream = TextOut;

/** Back to the start of the line, and erase the whole line (CR, then CSI 2 K). */
export const ERASE_LINE = '\r\u001b[2K';

/** The stream the progress line is drawn on, while one is on screen. */
let progressOn: Stream | null = null;

/** Erases the progress line, if one is on screen. */
export function clearProgress(): void {
  const stream = progressOn;
  if (!stream) return;
  progressOn = null;
  stream.write(ERASE_LINE);
}

/** Whether a progress line is on screen. */
export function progressShown(): boolean {
  return progressOn !== null;
}

/**
 * Draws (or redraws in place) the progress line: one line, no newline, controls in it
 * shown as text (a calendar name is the user's). The caller fits it to the terminal.
 */
export function writeProgress(stream: Stream, text: string): void {
  if (progressOn && progressOn !== stream) clearProgress();
  progressOn = stream;
  stream.write(ERASE_LINE + visible(text));
}

export function writeHuman(stream: Stream, text: string, colour: boolean): void {
  clearProgress();
  stream.write(visible(text, { output: true, keepColour: colour }));
}

/**
 * Data in a machine format (CSV, JSON) to stdout, exactly as made when it goes to a pipe or
 * a file: a CSV field may hold any text. At a terminal, where the text is read by a person,
 * controls are shown as in human text, except CRLF and LF, the records' ends.
 */
export function writeData(stream: Stream, text: string): void {
  clearProgress();
  stream.write(stream.isTTY ? text.split('\r\n').map((part) => visible(part, { output: true })).join('\r\n') : text);
}

export function writeJson(stream: Stream, value: unknown): void {
  clearProgress();
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}
