/**
 * Where etiq's output meets the terminal. Human text goes through `writeHuman`, and so
 * through the one sanitiser (`core/visible.ts`): whatever a renderer missed, a control
 * character from a calendar, a server, the database or an argument is shown, never
 * obeyed. Only etiq's own colour codes pass, and only when colour is on. JSON is written
 * by `writeJson`: JSON.stringify escapes every control character, and the text stays exact.
 *
 * Nothing else in src/ writes to stdout or stderr (test/unit/render/sanitiser.test.ts checks).
 */
import { visible } from '../core/visible.js';

type Stream = NodeJS.WritableStream;

export function writeHuman(stream: Stream, text: string, colour: boolean): void {
  stream.write(visible(text, { output: true, keepColour: colour }));
}

/**
 * Data in a machine format (CSV, JSON) to stdout, exactly as made when it goes to a pipe or
 * a file: a CSV field may hold any text. At a terminal, where the text is read by a person,
 * controls are shown as in human text, except CRLF and LF, the records' ends.
 */
export function writeData(stream: Stream & { isTTY?: boolean }, text: string): void {
  stream.write(stream.isTTY ? text.split('\r\n').map((part) => visible(part, { output: true })).join('\r\n') : text);
}

export function writeJson(stream: Stream, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}
