/**
 * Human sentences word-wrapped to 80 columns, with a hanging indent (issue 12: human
 * output fits 80 columns). Pure.
 *
 * Light on purpose: most commands print a sentence (recorded outcomes, offers, replies,
 * doctor, init), so this module is loaded at start-up, and it does not load string-width
 * (with the ICU segmenter, ~40 ms; see text.ts, which the tables load when they print). It
 * counts cells conservatively instead (the progress line counts them so too): a character
 * that may be wide counts two cells (see maxCellsOf), so a line holding wide characters may
 * wrap early, never late. Colour codes count none.
 */
import { visible } from '../core/visible.js';

/** The widest a line of human output may be. */
export const COLUMNS = 80;

const SGR = /\u001b\[[0-9;]*m/g;
const RESET = '\u001b[0m';

/**
 * The cells one character takes at most: one before U+1100, where the wide (East Asian)
 * characters start, and in General Punctuation (U+2000-U+206F: dashes, quotes, "…", as
 * string-width counts them); else two. A combining mark counts one, an emoji's joiner or
 * variation selector two: more than they take, never less.
 */
export function maxCellsOf(ch: string): number {
  const code = ch.codePointAt(0)!;
  return code < 0x1100 || (code >= 0x2000 && code <= 0x206f) ? 1 : 2;
}

/** The cells a text takes at most (see maxCellsOf); colour codes take none. */
export function maxCells(text: string): number {
  let n = 0;
  for (const ch of text.includes('\u001b') ? text.replace(SGR, '') : text) n += maxCellsOf(ch);
  return n;
}

export interface WrapOptions {
  /** The widest a line may be (default 80). */
  width?: number;
  /** Continuation lines start with this many spaces (default 2). */
  indent?: number;
  /**
   * Texts never broken across lines, such as a path or a command to copy (they may hold
   * spaces): the word that holds one stays whole. A word longer than a line (a long path,
   * a URL) is never cut either: it takes a line of its own, which may then be wider.
   */
  keep?: readonly string[];
}

/**
 * The text word-wrapped to `width` columns: broken at spaces, each continuation line
 * indented by `indent` spaces. A line that fits is left as it is, and so are the spaces
 * within a line (aligned columns stay aligned); a break replaces one run of spaces. A
 * short phrase in parentheses is not broken (`(2h notice)`, `(nothing changed)`), and a
 * short number is not left at the end of a line: it goes to the next with the word it
 * counts (`10 min`, `14 days`). Lines of the text (`\n`) are wrapped each by itself.
 *
 * Controls are shown first, as the output's sanitiser shows them (`\x1B`), so the width
 * counted is the width printed; colour stays on, and a colour open at a break is closed at
 * the end of the line and opened again on the next.
 */
export function wrapWords(text: string, opts: WrapOptions = {}): string {
  const width = opts.width ?? COLUMNS;
  const indent = ' '.repeat(opts.indent ?? 2);
  const keep = (opts.keep ?? []).map(shown).filter((k) => k.length > 0);
  return shown(text)
    .split('\n')
    .map((line) => (maxCells(line) <= width ? line : wrapLine(line, width, indent, keep)))
    .join('\n');
}

function shown(text: string): string {
  return visible(text, { output: true, keepColour: true });
}

interface Token {
  /** The spaces before the word. */
  space: string;
  word: string;
}

/** A short count that belongs with the word after it: `10`, `45m`. */
const SHORT_COUNT = /^\d{1,3}[a-z]{0,2}$/;

function wrapLine(line: string, width: number, indent: string, keep: readonly string[]): string {
  const lines: string[] = [];
  let words: Token[] = [];
  let used = 0; // the cells of the line being filled
  for (const token of tokens(line, keep)) {
    if (token.word === '') continue; // spaces at the end of the line
    const more = maxCells(token.space + token.word);
    if (words.length > 0 && used + more > width) {
      // A short count at the end of the line goes to the next one, with what it counts.
      const carried = words.length > 1 && SHORT_COUNT.test(words[words.length - 1]!.word.replace(SGR, '')) ? [words.pop()!] : [];
      lines.push(join(words, lines.length === 0, indent));
      words = [...carried, token];
      used = maxCells(join(words, false, indent));
    } else {
      words.push(token);
      used = words.length === 1 ? maxCells(join(words, lines.length === 0, indent)) : used + more;
    }
  }
  if (words.length > 0) lines.push(join(words, lines.length === 0, indent));
  return carryColour(lines, indent);
}

function join(words: Token[], first: boolean, indent: string): string {
  return (first ? words[0]!.space : indent) + words.map((t, i) => (i === 0 ? t.word : t.space + t.word)).join('');
}

/** The widest parenthesised phrase kept on one line: `(2h notice)`, `(nothing changed)`. */
const SHORT_PHRASE = 24;

/**
 * The line's words, each with the spaces before it. A kept text is part of one word, and
 * so is a short phrase in parentheses.
 */
function tokens(line: string, keep: readonly string[]): Token[] {
  const words = splitWords(line, keep);
  const out: Token[] = [];
  for (let i = 0; i < words.length; i++) {
    const start = words[i]!;
    if (start.word.startsWith('(') && !start.word.includes(')')) {
      let j = i;
      let phrase = start.word;
      while (j + 1 < words.length && !words[j]!.word.includes(')') && maxCells(phrase) <= SHORT_PHRASE) {
        j++;
        phrase += words[j]!.space + words[j]!.word;
      }
      if (words[j]!.word.includes(')') && maxCells(phrase) <= SHORT_PHRASE) {
        out.push({ space: start.space, word: phrase });
        i = j;
        continue;
      }
    }
    out.push(start);
  }
  return out;
}

function splitWords(line: string, keep: readonly string[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    let space = '';
    while (line[i] === ' ') space += line[i++];
    let word = '';
    while (i < line.length && line[i] !== ' ') {
      const kept = keep.find((k) => line.startsWith(k, i));
      const part = kept ?? line[i]!;
      word += part;
      i += part.length;
    }
    out.push({ space, word });
  }
  return out;
}

/**
 * Each line on its own: a colour still open at the end of a line is closed there and opened
 * again after the next line's indent (chalk closes each style with its own code).
 */
function carryColour(lines: string[], indent: string): string {
  if (!lines.some((l) => l.includes('\u001b'))) return lines.join('\n');
  let open: string[] = [];
  return lines
    .map((line, n) => {
      const reopened = n > 0 && open.length > 0 ? indent + open.join('') + line.slice(indent.length) : line;
      open = stillOpen(open, line);
      return open.length > 0 ? reopened + RESET : reopened;
    })
    .join('\n');
}

/** Which codes a close code ends: 22 bold and dim, 39 the colour, 49 the background... */
function closes(close: number, open: number): boolean {
  if (close === 22) return open === 1 || open === 2;
  if (close === 39) return (open >= 30 && open <= 38) || (open >= 90 && open <= 97);
  if (close === 49) return (open >= 40 && open <= 48) || (open >= 100 && open <= 107);
  return open === close - 20; // 23 italic, 24 underline, 27 inverse, 28 hidden, 29 strikethrough
}

function stillOpen(open: string[], line: string): string[] {
  let now = open;
  for (const seq of line.match(SGR) ?? []) {
    const code = Number(seq.slice(2, -1).split(';')[0] || '0');
    if (code === 0) now = [];
    else if ((code >= 22 && code <= 29) || code === 39 || code === 49) now = now.filter((o) => !closes(code, Number(o.slice(2, -1).split(';')[0])));
    else now = [...now, seq];
  }
  return now;
}
