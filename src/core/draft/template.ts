/**
 * Draft templates: parsing and filling. Pure.
 *
 * A template is plain text. Its first line is the subject; one blank line after it is
 * skipped; the rest is the body. Placeholders are named, `{{client.name}}`, with spaces
 * allowed inside the braces (`{{ client.name }}`). A placeholder stays on one line.
 * An unknown name is an error that names it, its line and the template's source.
 *
 * Filling is one pass over the parsed parts: a value is inserted as text and never read
 * again, so a value holding `{{me.name}}` stays exactly that.
 *
 * Placeholders that render a whole sentence or block (reason, policy, day_before, expiry,
 * slots, signature, greeting) may render empty. A line that holds placeholders and
 * nothing else, all of which render empty, is left out together with one of the blank
 * lines around it, so an absent reason or policy leaves no gap. Trailing spaces are
 * trimmed from every line, so `Sorry. {{reason}}` ends cleanly after "Sorry.", and an
 * empty placeholder between two spaces leaves one: `Sorry. {{reason}} Thanks.`
 */
import { inputError } from '../errors.js';

/** The situations a draft is written for, each with a built-in template. */
export const SITUATIONS = [
  'noshow',
  'noshow-repeat',
  'noshow-firm',
  'late-cancel',
  'decline-now',
  'not-offered',
  'confirm',
  'host-cancelled',
  'host-late',
  'host-no-show',
] as const;
export type Situation = (typeof SITUATIONS)[number];

export function isSituation(s: string): s is Situation {
  return (SITUATIONS as readonly string[]).includes(s);
}

/**
 * Every placeholder, with what it renders. The descriptions are for `etiq templates` and
 * the README; the names are a contract (users' template files rely on them).
 */
export const PLACEHOLDERS = {
  greeting: '"Hi Anna," by first name, "Hello Anna Schmidt," by full name, "Hello," when no name is known (never the address)',
  'client.name': "the client's full name; empty when unknown",
  'client.first_name': "the client's first name, else the full name; empty when unknown",
  'me.name': 'your name from [me]; empty when unset',
  'meeting.title': 'the title of the meeting this draft is about ("our meeting" when it has none)',
  'missed.when': 'when that meeting was to start, in the client\'s zone: "Tuesday 10 March at 14:00 (London)"',
  'proposed.when': 'the time the client proposed, in their zone (not-offered, decline-now): "Thursday 12 March at 16:00 (London)"',
  'confirmed.when': 'the confirmed slot in both zones (confirm)',
  slots: 'the offered times, one per line, then a note for each clock change before them',
  valid_until: 'when the offer expires, in the client\'s zone: "Friday 13 March, 18:00 (London)"; empty without an expiry',
  expiry: 'the sentence "I will keep these times free until …"; empty without an expiry',
  reason: 'the recorded reason as one sentence; empty when none was recorded',
  policy: 'your notice policy as one sentence; empty in the warm tone',
  day_before: 'the request to confirm each booking the day before; only in the firm tone',
  signature: 'your name and your [me] signature, one per line',
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
export const PLACEHOLDER_NAMES = Object.keys(PLACEHOLDERS) as Placeholder[];

/** Placeholders whose value spans lines: not allowed in the subject. */
const BLOCK_PLACEHOLDERS: readonly Placeholder[] = ['slots', 'signature'];

export function isPlaceholder(name: string): name is Placeholder {
  return Object.hasOwn(PLACEHOLDERS, name);
}

export type TemplatePart = { text: string } | { placeholder: Placeholder };

export interface TemplateLine {
  /** 1-based line number in the source text. */
  line: number;
  parts: TemplatePart[];
}

export interface Template {
  /** Where the text came from, for messages: a file path, or `built-in noshow`. */
  source: string;
  /** The text as given (for `etiq templates show`). */
  text: string;
  subject: TemplateLine;
  body: TemplateLine[];
}

export type TemplateValues = Readonly<Record<Placeholder, string>>;

const OPEN = '{{';
const CLOSE = '}}';

/** Parses a template; throws an input error naming the source and line of any problem. */
export function parseTemplate(text: string, source: string): Template {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const subjectText = lines[0] ?? '';
  if (subjectText.trim() === '') {
    throw inputError(`template ${source} has no subject: its first line is the subject, and it is empty`);
  }
  const subject = parseLine(subjectText, 1, source);
  for (const part of subject.parts) {
    if ('placeholder' in part && BLOCK_PLACEHOLDERS.includes(part.placeholder)) {
      throw inputError(`template ${source}, line 1: {{${part.placeholder}}} spans several lines and cannot be used in the subject`);
    }
  }
  let first = 1;
  if (lines.length > 1 && lines[1]!.trim() === '') first = 2;
  const body: TemplateLine[] = [];
  for (let i = first; i < lines.length; i++) body.push(parseLine(lines[i]!, i + 1, source));
  return { source, text, subject, body };
}

function parseLine(text: string, line: number, source: string): TemplateLine {
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf(OPEN, at);
    if (open < 0) break;
    const close = text.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) {
      throw inputError(`template ${source}, line ${line}: "{{" is not closed by "}}" on the same line`, knownList());
    }
    // `{{{name}}}`: the innermost pair is the placeholder, the outer braces are text.
    let start = open;
    while (text.startsWith(OPEN, start + 1) && start + 1 + OPEN.length <= close) start++;
    const name = text.slice(start + OPEN.length, close).trim();
    if (!isPlaceholder(name)) {
      throw inputError(`template ${source}, line ${line}: unknown placeholder {{${name}}}; ${knownList()}`);
    }
    if (start > at) parts.push({ text: text.slice(at, start) });
    parts.push({ placeholder: name });
    at = close + CLOSE.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return { line, parts };
}

function knownList(): string {
  return `known placeholders: ${PLACEHOLDER_NAMES.map((n) => `{{${n}}}`).join(', ')}`;
}

/** Whether the template uses a placeholder (in the subject or the body). */
export function usesPlaceholder(t: Template, name: Placeholder): boolean {
  return [t.subject, ...t.body].some((l) => l.parts.some((p) => 'placeholder' in p && p.placeholder === name));
}

/**
 * Fills a template in one pass. Values are made safe on the way in: in the subject every
 * value is one line; in the body a value keeps its line breaks and loses other controls.
 * The subject comes out as a single line with no control character at all.
 */
export function fillTemplate(t: Template, values: TemplateValues): { subject: string; body: string } {
  const subject = singleLine(t.subject.parts.map((p) => ('text' in p ? p.text : singleLine(values[p.placeholder]))).join(''));
  const out: string[] = [];
  let dropped = false;
  for (const line of t.body) {
    let empty = true; // only placeholders, all empty, and blank text
    let hasPlaceholder = false;
    let text = '';
    // `Sorry. {{reason}} Thanks.` with no reason: one space between the sentences, not two.
    let gap = false;
    for (const p of line.parts) {
      if ('text' in p) {
        text += gap && p.text.startsWith(' ') ? p.text.slice(1) : p.text;
        if (p.text.trim() !== '') empty = false;
        gap = false;
      } else {
        hasPlaceholder = true;
        const v = multiLine(values[p.placeholder]);
        if (v !== '') empty = false;
        text += v;
        gap = v === '' && (text === '' || text.endsWith(' '));
      }
    }
    if (hasPlaceholder && empty) {
      dropped = true;
      continue;
    }
    const trimmed = multiLine(text).replace(/[ \t]+$/gm, '');
    // After a dropped line, a blank line that would double the one before it goes too.
    if (dropped && trimmed === '' && (out.length === 0 || out[out.length - 1] === '')) {
      dropped = false;
      continue;
    }
    dropped = false;
    out.push(trimmed);
  }
  while (out.length > 0 && out[0] === '') out.shift();
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return { subject, body: out.length > 0 ? `${out.join('\n')}\n` : '' };
}

// Text made safe for a message -------------------------------------------------------

// C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators.
const BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
// Bidi controls: they reorder what the reader sees (a right-to-left override).
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line of text for a message: every run of line breaks and control characters
 * becomes one space, bidi controls go, spaces collapse, the ends are trimmed. This is
 * what names, titles, addresses and reasons go through, and what makes a subject a
 * single line.
 */
export function singleLine(text: string): string {
  return text.replace(BIDI, '').replace(BREAKING, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Several lines for a message body: every line break (CR LF, CR, NEL, U+2028/9) becomes
 * `\n`; other control characters become a space and bidi controls go. Tabs stay.
 */
export function multiLine(text: string): string {
  return text
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .split('\n')
    .map((l) => l.replace(BIDI, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]+/g, ' '))
    .join('\n');
}
