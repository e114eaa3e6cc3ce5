/**
 * The one sanitiser for text meant for a person: every piece of human output, and every
 * message that quotes a calendar, a server, the database or an argument, passes through
 * `visible`. Control characters that a terminal would obey are shown as text instead:
 *
 * - C0 controls (U+0000-U+001F) and DEL as `\xNN`: ESC starts every terminal escape
 *   sequence (`ESC ] 0 ; title BEL`, `ESC [ 2 J`), CR and BS overwrite what was printed;
 * - C1 controls (U+0080-U+009F) as `\xNN`: U+009B is the 8-bit CSI;
 * - bidi controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) as `\uNNNN`: a
 *   right-to-left override makes `gpj.exe` read as `exe.jpg`.
 *
 * JSON output keeps the exact text (JSON.stringify escapes controls itself); only human
 * output is sanitised. Pure, no I/O.
 */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
// Output mode: newlines and tabs are layout, and chalk's own colour codes (SGR: ESC [ ... m)
// are kept when colour is on; any other control is shown.
const UNSAFE_IN_OUTPUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const SGR_OR_UNSAFE = new RegExp(`\\u001b\\[[0-9;]*m|${UNSAFE_IN_OUTPUT.source}`, 'g');
const UNSAFE_IN_OUTPUT_ALL = new RegExp(UNSAFE_IN_OUTPUT.source, 'g');

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

export interface VisibleOptions {
  /**
   * Text that is already laid out for output (several lines, etiq's own colours): keep
   * newlines and tabs, and with `keepColour` keep SGR colour sequences. Without it (the
   * default, for a value quoted in a line), newlines and tabs are shown too.
   */
  output?: boolean;
  keepColour?: boolean;
}

/** The text with every control and bidi character shown visibly; unchanged when there is none. */
export function visible(text: string, opts: VisibleOptions = {}): string {
  if (!opts.output) return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
  if (!UNSAFE_IN_OUTPUT.test(text)) return text;
  if (!opts.keepColour) return text.replace(UNSAFE_IN_OUTPUT_ALL, escapeChar);
  return text.replace(SGR_OR_UNSAFE, (m) => (m.length > 1 ? m : escapeChar(m)));
}

/** Whether the text holds anything `visible` would change (for input checks: addresses, names). */
export function hasControls(text: string): boolean {
  return UNSAFE.test(text);
}
