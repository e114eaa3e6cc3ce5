import { Buffer } from 'node:buffer';
import { dayKeyAt } from './values.js';

/**
 * A fast structural scanner for iCalendar text (RFC 5545 §3.1).
 *
 * It does not interpret values: it unfolds lines, splits the text into components with
 * their original line numbers, and pulls out the handful of properties needed to decide
 * cheaply whether an event can matter for a window. Full parsing of a VEVENT is left to
 * ical.js, and only for the events that survive that decision: parsing a whole 6 MB file
 * with ical.js costs ~300 ms, most of it for events far outside the window.
 *
 * Scanning component by component is also what lets one broken VEVENT be reported
 * (with its line and UID) while the rest of the file is still read: `ICAL.parse` on a
 * whole file throws on the first bad line.
 */

export interface ContentLine {
  /** 1-based line number of the first physical line of this (unfolded) content line. */
  line: number;
  /** Property or BEGIN/END name, upper-cased. */
  name: string;
  /** Raw parameter text after the name, starting with ';' (or ''). */
  params: string;
  /** Raw value text after the first unquoted ':'. */
  value: string;
  /** The unfolded content line as it appeared. */
  raw: string;
}

/**
 * How deep components may nest (VCALENDAR > VEVENT > VALARM is 3): deeper BEGINs, their
 * lines and their ENDs are skipped, with one warning. Real files nest 3 or 4 deep; a
 * hostile one can open 50,000 components and never close them.
 */
export const MAX_NESTING = 32;

/** Properties the reader looks at before deciding to parse a component (kept while scanning). */
const KEY_NAMES = ['UID', 'DTSTART', 'DTEND', 'DURATION', 'RRULE', 'RDATE', 'EXDATE', 'RECURRENCE-ID', 'TZID'] as const;
const KEY_PROPS: ReadonlySet<string> = new Set(KEY_NAMES);
const KEY_INDEX = new Map<string, number>(KEY_NAMES.map((n, i) => [n, i]));
/** Lengths of BEGIN, END and the key property names. */
const KEY_NAME_LENGTHS = new Set(['BEGIN', 'END', ...KEY_PROPS].map((n) => n.length));
/** First letters (lower-cased) of BEGIN, END and the key properties: other lines are skipped unread. */
const KEY_INITIALS = new Set([...'bedurt'].map((c) => c.charCodeAt(0)));

/**
 * A run of plain lines (LineCursor.plainRun): each one a name of upper-case letters, digits
 * and dashes right before its ':' or ';' (not BEGIN or END), or a continuation line, every
 * one ending in a line feed. On such a line the scan's loop decides by the name alone, as
 * written, so a key line is known by RUN_KEY, and any other line changes nothing: no
 * blank, lower case, padding, non-ASCII or folded name gets in. At most MAX_RUN_LINES lines
 * a run, so that the expression's backtracking stack stays small on a hostile file.
 */
const MAX_RUN_LINES = 4096;
const PLAIN_RUN = new RegExp(`(?:(?!(?:BEGIN|END)[;:])[A-Z][A-Z0-9-]*[;:][^\\n]*\\n|[ \\t][^\\n]*\\n){0,${MAX_RUN_LINES}}`, 'y');
/** A key property's name, as written in a plain line, up to the ':' or ';' after it. */
const RUN_KEY = new RegExp(`(?:${KEY_NAMES.join('|')})(?=[;:])`, 'y');
/** First letters of the key names, as written in a plain line (upper case). */
const KEY_UPPER_INITIALS = new Set(KEY_NAMES.map((n) => n.charCodeAt(0)));
/** KEY_INDEX of the key name of `length` characters written at `at`, which RUN_KEY found there. */
function keyIndexAt(text: string, at: number, length: number): number {
  for (let i = 0; i < KEY_NAMES.length; i++) {
    const n = KEY_NAMES[i]!;
    if (n.length === length && text.startsWith(n, at)) return i;
  }
  return -1;
}

/** Fields of one key line in `KeyLines.data`: name index, line number, start, end, folded. */
const KEY_FIELDS = 5;

/** The key property lines of a scan, as numbers (offsets into the text), all components together. */
export class KeyLines {
  data = new Int32Array(KEY_FIELDS * 1024);
  count = 0;

  add(name: number, line: number, start: number, end: number, folded: boolean): void {
    if ((this.count + 1) * KEY_FIELDS > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const at = this.count * KEY_FIELDS;
    this.data[at] = name;
    this.data[at + 1] = line;
    this.data[at + 2] = start;
    this.data[at + 3] = end;
    this.data[at + 4] = folded ? 1 : 0;
    this.count++;
  }
}

export class RawComponent {
  /** Line number of its END line (or of the last line read when END is missing). */
  endLine: number;
  /** Whether END was found in place; false when the component was cut short. */
  complete = false;
  /** Its own key property lines (KEY_PROPS) are entries [keyFrom, keyTo) of `keys`. */
  keyFrom = 0;
  keyTo = 0;
  private cached: ContentLine[] | null = null;

  constructor(
    /** Component name, upper-cased: VEVENT, VTIMEZONE, ... */
    readonly name: string,
    /** Line number of its BEGIN line. */
    readonly line: number,
    private readonly text: string,
    /** Offset in `text` just after the BEGIN line, and of the END line (exclusive). */
    private readonly bodyStart: number,
    private bodyEnd: number,
    /** Whether `text` holds UTF-8 bytes one per character (see `scanCalendar`). */
    private readonly bytes = false,
    /** Where the scan kept the key property lines of every component of the file. */
    private readonly keys: KeyLines,
  ) {
    this.endLine = line;
    this.keyFrom = this.keyTo = keys.count;
  }

  /**
   * The component's own lines of one key property (KEY_PROPS), in file order. Made from
   * the offsets the scan kept, each time they are asked for: kept as strings and objects,
   * the key lines of a 10,000-event file held 8 MB for the whole read.
   */
  keyLines(name: string): ContentLine[] {
    const out: ContentLine[] = [];
    for (let k = this.nextKey(name, this.keyFrom); k >= 0; k = this.nextKey(name, k + 1)) out.push(this.keyLine(k));
    return out;
  }

  /** The first of `keyLines(name)`, made alone. */
  firstKeyLine(name: string): ContentLine | undefined {
    const k = this.nextKey(name, this.keyFrom);
    return k < 0 ? undefined : this.keyLine(k);
  }

  /**
   * dayKeyAt of the first line of that key property's value (which the caller knows is
   * there), read in the file's text where the line is not folded: most events of a large
   * file are decided on this alone (read.ts, certainlyOutside).
   */
  firstKeyDayKey(name: string): string | null {
    const k = this.nextKey(name, this.keyFrom);
    if (k < 0) return null;
    const from = this.valueStart(k);
    // Past the value's end come CR or LF (or the end of the text): never a digit.
    return from < 0 ? dayKeyAt(this.keyLine(k).value, 0) : dayKeyAt(this.text, from);
  }

  /**
   * `firstKeyLine(name)?.value`, copied alone from the file where the line is not folded:
   * every component's UID is read to group them.
   */
  firstKeyValue(name: string): string | undefined {
    const k = this.nextKey(name, this.keyFrom);
    if (k < 0) return undefined;
    const from = this.valueStart(k);
    if (from < 0) return this.keyLine(k).value;
    const value = this.text.slice(from, this.keys.data[k * KEY_FIELDS + 3]);
    return this.bytes ? fromUtf8Bytes(value) : value;
  }

  /** Offset of key line k's value in the text (after the first ':' outside quotes; the name holds neither), or -1 when the line is folded. */
  private valueStart(k: number): number {
    const d = this.keys.data;
    const at = k * KEY_FIELDS;
    if (d[at + 4] === 1) return -1;
    const colon = valueColon(this.text, d[at + 2]!, d[at + 3]!);
    return colon < 0 ? -1 : colon + 1; // -1 is not reached: the scan kept only lines with a value
  }

  /** Whether the component has a line of that key property, made into nothing. */
  hasKey(name: string): boolean {
    return this.nextKey(name, this.keyFrom) >= 0;
  }

  /** Index in `keys` of the next line of that key property from `from` on, or -1. */
  private nextKey(name: string, from: number): number {
    const want = KEY_INDEX.get(name);
    if (want === undefined) return -1;
    const d = this.keys.data;
    for (let k = from; k < this.keyTo; k++) if (d[k * KEY_FIELDS] === want) return k;
    return -1;
  }

  private keyLine(k: number): ContentLine {
    const d = this.keys.data;
    const at = k * KEY_FIELDS;
    const slice = this.text.slice(d[at + 2], d[at + 3]);
    const unfolded = d[at + 4] === 1 ? unfoldSlice(slice) : slice;
    const raw = this.bytes ? fromUtf8Bytes(unfolded) : unfolded;
    // The scan kept only content lines (`hasValue`): the split cannot fail.
    const parts = splitContentLine(raw)!;
    return { line: d[at + 1]!, name: KEY_NAMES[d[at]!]!, params: parts.params, value: parts.value, raw };
  }

  close(bodyEnd: number, endLine: number, complete: boolean): void {
    this.bodyEnd = bodyEnd;
    this.endLine = endLine;
    this.complete = complete;
  }

  /**
   * The text between BEGIN and END, decoded. Read as bytes, it is decoded whole, once: the
   * file is valid UTF-8, so no fold splits a character (such a file is decoded whole by
   * the caller, see read-bytes.ts), and one call costs less than one per line.
   */
  private body(): string {
    const body = this.text.slice(this.bodyStart, this.bodyEnd);
    return this.bytes ? fromUtf8Bytes(body) : body;
  }

  /**
   * Unfolded content lines between BEGIN and END, nested components included. Built on
   * first use: most events of a large file are never parsed, and materialising every line
   * of a 6 MB file costs more than reading the events that matter.
   */
  get lines(): ContentLine[] {
    if (this.cached) return this.cached;
    const out: ContentLine[] = [];
    // Nesting past MAX_NESTING (this component is level 1 at best) is left out, as the scan did.
    let depth = 0;
    let skipped = 0;
    for (const { line, raw } of unfold(this.body())) {
      const parts = splitContentLine(raw);
      if (parts?.name === 'BEGIN' && (skipped > 0 || depth >= MAX_NESTING - 2)) {
        skipped++;
        continue;
      }
      if (parts?.name === 'END' && skipped > 0) {
        skipped--;
        continue;
      }
      if (skipped > 0) continue;
      if (parts?.name === 'BEGIN') depth++;
      else if (parts?.name === 'END') depth = Math.max(0, depth - 1);
      const n = line + this.line;
      out.push(parts ? { line: n, name: parts.name, params: parts.params, value: parts.value, raw } : { line: n, name: '', params: '', value: '', raw });
    }
    this.cached = out;
    return out;
  }

  /**
   * The component's own lines (not those of nested components) with one of `names`, plus
   * the lines that are not content lines at all. Reads the body by offsets in the file's
   * text and copies only those lines; read as bytes, only those lines are decoded, as the
   * scan decodes its key lines (decoding each parsed event's whole body, DESCRIPTION and
   * all, was ~10 ms of a first read of the bench calendar; issue 13).
   */
  ownLines(names: ReadonlySet<string>): { props: Map<string, ContentLine[]>; broken: ContentLine[] } {
    const props = new Map<string, ContentLine[]>();
    const broken: ContentLine[] = [];
    const cur = new LineCursor(this.text, this.bodyStart, this.bodyEnd, this.line + 1, this.bytes);
    let depth = 0;
    while (cur.next()) {
      if (cur.blank) continue;
      const peek = cur.peekName();
      if (peek === null && cur.broken) {
        broken.push({ line: cur.line, name: '', params: '', value: '', raw: cur.raw() });
        continue;
      }
      if (peek !== null && peek !== 'BEGIN' && peek !== 'END' && (depth > 0 || !names.has(peek))) continue;
      const raw = cur.raw();
      const parts = splitContentLine(raw);
      if (!parts) continue;
      if (parts.name === 'BEGIN') depth++;
      else if (parts.name === 'END') depth = Math.max(0, depth - 1);
      else if (depth === 0 && names.has(parts.name)) {
        const cl: ContentLine = { line: cur.line, name: parts.name, params: parts.params, value: parts.value, raw };
        const list = props.get(parts.name);
        if (list) list.push(cl);
        else props.set(parts.name, [cl]);
      }
    }
    return { props, broken };
  }
}

/** A structural problem of the text: `kind` is `bad-line` (not a content line) or `nesting`. */
export interface ScanProblem {
  line: number;
  message: string;
  kind: 'bad-line' | 'nesting';
}

export interface ScanResult {
  /** Properties of the VCALENDAR(s), by upper-cased name (first value wins). */
  calendarProps: Map<string, ContentLine>;
  /** Top-level components (children of VCALENDAR, or bare ones in a fragment). */
  components: RawComponent[];
  /** Structural problems, with line numbers (empty when a `report` function took them). */
  problems: ScanProblem[];
  /** True when at least one BEGIN:VCALENDAR was seen. */
  sawCalendar: boolean;
  /** How many physical lines were taken in plain runs (LineCursor.plainRun), for the tests. */
  runLines: number;
}

/** Components that only ever appear directly inside VCALENDAR. */
const TOP_LEVEL = new Set(['VEVENT', 'VTODO', 'VJOURNAL', 'VFREEBUSY', 'VTIMEZONE', 'VAVAILABILITY']);

/** Splits a content line into name, parameters and value. Returns null when there is no ':'. */
export function splitContentLine(raw: string): { name: string; params: string; value: string } | null {
  let nameEnd = -1;
  // Whether the name needs trimming or upper-casing (a blank, a lower-case or non-ASCII
  // letter in it): nearly never, and String#toUpperCase is a call into the runtime.
  let plain = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 58 /* : */ || c === 59 /* ; */) {
      nameEnd = i;
      break;
    }
    if (c <= 32 || (c >= 97 && c <= 122) || c >= 127) plain = false;
  }
  if (nameEnd <= 0) return null;
  const name = plain ? raw.slice(0, nameEnd) : raw.slice(0, nameEnd).trim().toUpperCase();
  if (raw.charCodeAt(nameEnd) === 58) {
    return { name, params: '', value: raw.slice(nameEnd + 1) };
  }
  // Parameters: find the first ':' outside double quotes.
  let inQuote = false;
  for (let i = nameEnd; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 34 /* " */) inQuote = !inQuote;
    else if (c === 58 && !inQuote) {
      return { name, params: raw.slice(nameEnd, i), value: raw.slice(i + 1) };
    }
  }
  return null;
}

/** Reads one parameter's value out of a raw parameter string (`;TZID="X";VALUE=DATE`). */
export function paramValue(params: string, key: string): string | undefined {
  if (params === '') return undefined;
  const upperKey = key.toUpperCase();
  let i = 0;
  while (i < params.length) {
    if (params.charCodeAt(i) !== 59) {
      i++;
      continue;
    }
    const eq = params.indexOf('=', i);
    if (eq < 0) return undefined;
    const k = params.slice(i + 1, eq).trim().toUpperCase();
    let j = eq + 1;
    let v: string;
    if (params.charCodeAt(j) === 34) {
      const close = params.indexOf('"', j + 1);
      v = close < 0 ? params.slice(j + 1) : params.slice(j + 1, close);
      j = close < 0 ? params.length : close + 1;
      // Skip any further values of a multi-valued parameter.
      while (j < params.length && params.charCodeAt(j) !== 59) j++;
    } else {
      let end = j;
      while (end < params.length && params.charCodeAt(end) !== 59) end++;
      v = params.slice(j, end);
      j = end;
    }
    if (k === upperKey) return v;
    i = j;
  }
  return undefined;
}

/**
 * Strips a UTF-8 byte-order mark, splits CRLF, LF or lone CR lines, unfolds continuation
 * lines (a leading space or tab) and records the first physical line number of each.
 */
export function unfold(text: string): { line: number; raw: string }[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const out: { line: number; raw: string }[] = [];
  const physical = text.split(/\r\n|\n|\r/);
  let current: { line: number; parts: string[] } | null = null;
  for (let i = 0; i < physical.length; i++) {
    const l = physical[i]!;
    const first = l.charCodeAt(0);
    if ((first === 32 || first === 9) && current) {
      current.parts.push(l.slice(1));
      continue;
    }
    // Blank lines are skipped without ending the current line: some exporters put one
    // between a property name and its folded value (ics-py's multiple.ics).
    if (l.trim() === '') continue;
    if (current) out.push({ line: current.line, raw: current.parts.length === 1 ? current.parts[0]! : current.parts.join('') });
    current = { line: i + 1, parts: [l] };
  }
  if (current) out.push({ line: current.line, raw: current.parts.join('') });
  return out;
}

/**
 * Walks the logical lines of text[from, to) by offsets, copying nothing: a logical line is
 * a physical line plus the continuation lines (leading space or tab) after it. A blank
 * line followed by a continuation is tolerated (ics-py's multiple.ics puts one between a
 * property name and its folded value).
 */
class LineCursor {
  start = 0;
  /** End of the first physical line's content (without CR). */
  firstEnd = 0;
  /** End of the last physical line's content. */
  contentEnd = 0;
  folded = false;
  /** 1-based number of the first physical line. */
  line = 0;
  /** Physical lines taken by plainRun() so far. */
  runLines = 0;

  constructor(
    private readonly text: string,
    private pos: number,
    private readonly end: number,
    private lineNo: number,
    /** Whether `text` holds UTF-8 bytes one per character: lines are decoded as they are copied out. */
    private readonly bytes = false,
  ) {}

  /** The offset just after the current logical line. */
  get after(): number {
    return this.pos;
  }

  private lineEnd(from: number): number {
    const nl = this.text.indexOf('\n', from);
    return nl < 0 || nl > this.end ? this.end : nl;
  }

  next(): boolean {
    const { text, end } = this;
    if (this.pos >= end) return false;
    this.start = this.pos;
    this.line = this.lineNo;
    this.nameEndAt = -2;
    let nl = this.lineEnd(this.pos);
    this.contentEnd = nl > this.pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    this.firstEnd = this.contentEnd;
    this.folded = false;
    this.pos = nl + 1;
    this.lineNo++;
    while (this.pos < end) {
      const c = text.charCodeAt(this.pos);
      if (c === 10 || c === 13) {
        const afterBlank = this.lineEnd(this.pos) + 1;
        const d = afterBlank < end ? text.charCodeAt(afterBlank) : 0;
        if (d !== 32 && d !== 9) break;
      } else if (c !== 32 && c !== 9) break;
      this.folded = true;
      nl = this.lineEnd(this.pos);
      this.contentEnd = nl > this.pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.pos = nl + 1;
      this.lineNo++;
    }
    return true;
  }

  /**
   * Skips the run of plain lines that follows the current line (PLAIN_RUN), keeping their
   * key lines (KEY_PROPS) in `keys` as the scan's own loop would, and returns true (the
   * cursor then at the line after the run, its current line the run's last key line); or
   * returns false, the cursor unchanged, where the run cannot be taken whole.
   *
   * Issue 13: a plain line is all a first run's scan meets in most events. The run is
   * found by one regular expression, and its lines are then only counted, but for the
   * lines whose name is a key's. See scanCalendar for where it is used.
   */
  plainRun(keys: KeyLines): boolean {
    const { text, pos: from } = this;
    PLAIN_RUN.lastIndex = from;
    if (!PLAIN_RUN.test(text)) return false;
    const stop = PLAIN_RUN.lastIndex;
    // The run must end before another line, and one that starts neither a fold of its last
    // line (a continuation, or a blank line before one) nor in the middle of one (a run of
    // MAX_RUN_LINES lines). A file that ends in the run is left to the loop.
    if (stop >= this.end) return false;
    const after = text.charCodeAt(stop);
    if (after === 10 || after === 13 || after === 32 || after === 9) return false;
    const fromLine = this.lineNo;
    let p = from;
    let line = fromLine;
    while (p < stop) {
      const c = text.charCodeAt(p);
      if (KEY_UPPER_INITIALS.has(c)) {
        RUN_KEY.lastIndex = p;
        if (RUN_KEY.test(text)) {
          const nameEnd = RUN_KEY.lastIndex;
          // The logical line, read as next() reads any: its continuation lines are in the
          // run too, and no blank line is.
          this.pos = p;
          this.lineNo = line;
          this.next();
          // hasValue(): the name ends at nameEnd (a ':' or ';' follows it).
          if (valueColon(text, nameEnd, this.contentEnd) >= 0) keys.add(keyIndexAt(text, p, nameEnd - p), this.line, p, this.contentEnd, this.folded);
          p = this.pos;
          line = this.lineNo;
          continue;
        }
      }
      p = text.indexOf('\n', p) + 1;
      line++;
    }
    this.runLines += line - fromLine;
    this.pos = stop;
    this.lineNo = line;
    return true;
  }

  /**
   * At the start of a line: when it is `END:VEVENT` and the next one `BEGIN:VEVENT`, both
   * written exactly, and neither is folded (the line after them starts with a capital
   * letter: not a continuation, nor a blank line before one), steps past both and returns
   * true, with `start` and `line` the END line's. Otherwise returns false, the cursor
   * unchanged. (A file's last line is never taken: another follows these two.)
   */
  endThenBegin(): boolean {
    const { text, pos } = this;
    if (!text.startsWith('END:VEVENT', pos)) return false;
    let p = pos + 10;
    if (text.charCodeAt(p) === 13) p++;
    if (text.charCodeAt(p) !== 10 || !text.startsWith('BEGIN:VEVENT', ++p)) return false;
    let q = p + 12;
    if (text.charCodeAt(q) === 13) q++;
    if (text.charCodeAt(q) !== 10) return false;
    q++;
    const next = text.charCodeAt(q); // NaN past the end of the text
    if (!(next >= 65 && next <= 90)) return false;
    this.start = pos;
    this.line = this.lineNo;
    this.pos = q;
    this.lineNo += 2;
    return true;
  }

  /** True for an empty line or a stray continuation line. */
  get blank(): boolean {
    const first = this.text.charCodeAt(this.start);
    return this.contentEnd <= this.start || first === 32 || first === 9;
  }

  /** The upper-cased name when the first 32 characters hold one (up to ':' or ';'), else null. */
  peekName(): string | null {
    const end = this.nameEnd();
    if (end < 0) return null;
    const name = this.text.slice(this.start, end);
    // A name of capitals, digits and dashes (nearly all) is its own trimmed upper case.
    if (this.namePlain) return name;
    return (this.nameNonAscii ? fromUtf8Bytes(name) : name).trim().toUpperCase();
  }

  /**
   * True when the name cannot be BEGIN, END or a KEY_PROPS name because of its length:
   * DTSTAMP passes, DESCRIPTION and LAST-MODIFIED do not. Decided without copying the name
   * out (the scan looks at every line of a large file).
   */
  surelyNotKey(): boolean {
    const end = this.nameEnd();
    if (end < 0 || KEY_NAME_LENGTHS.has(end - this.start)) return false;
    // A name may begin or end in blanks that trimming removes: ASCII whitespace (a stray
    // carriage return too), or a no-break space and its kind (read as bytes: a byte of
    // such a character).
    return !trimmable(this.text.charCodeAt(this.start)) && !trimmable(this.text.charCodeAt(end - 1));
  }

  /** Read as bytes, whether the name nameEnd() found has a byte of 0x80 or more: UTF-8 to decode. */
  private nameNonAscii = false;
  /** Whether the name nameEnd() found has no blank, lower-case or non-ASCII character (see splitContentLine). */
  private namePlain = false;
  /** nameEnd() of the current line, once found (-2: not looked for yet). */
  private nameEndAt = -2;

  /** Offset of the ':' or ';' ending the name when it is within the first 32 characters, else -1. */
  private nameEnd(): number {
    if (this.nameEndAt !== -2) return this.nameEndAt;
    const { text, start, firstEnd } = this;
    const limit = Math.min(firstEnd, start + 32);
    let high = false;
    let plain = true;
    for (let k = start; k < limit; k++) {
      const c = text.charCodeAt(k);
      if (c === 58 || c === 59) {
        this.nameNonAscii = this.bytes && high;
        this.namePlain = plain;
        return (this.nameEndAt = k);
      }
      if (c >= 0x80) high = true;
      if (c <= 32 || (c >= 97 && c <= 122) || c >= 127) plain = false;
    }
    return (this.nameEndAt = -1);
  }

  /**
   * Whether the line is a content line: a ':' ends its name, or one outside double quotes
   * follows its parameters (what splitContentLine needs), read on the raw offsets.
   */
  hasValue(): boolean {
    const k = this.nameEnd();
    if (k < 0) return splitContentLine(this.raw()) !== null;
    return valueColon(this.text, k, this.contentEnd) >= 0;
  }

  /** Whether the line has no ':' at all: not a content line. */
  get broken(): boolean {
    const colon = this.text.indexOf(':', this.start);
    return colon < 0 || colon >= this.contentEnd;
  }

  raw(): string {
    const s = this.text.slice(this.start, this.contentEnd);
    const line = this.folded ? unfoldSlice(s) : s;
    // Unfolded before decoding: a fold may split a multi-octet character (RFC 5545 §3.1).
    return this.bytes ? fromUtf8Bytes(line) : line;
  }
}

const NON_ASCII = /[\x80-\xff]/;

/** Whether String#trim could remove the character (or, read as bytes, the character this byte is part of). */
function trimmable(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c >= 0x80;
}

/**
 * Text of a string that holds UTF-8 bytes one per character (a Latin-1 reading of the
 * bytes), checked valid by the caller: ASCII comes back as it is.
 */
export function fromUtf8Bytes(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

/**
 * Scans iCalendar text into top-level components. Never throws.
 *
 * One pass over the text by offsets: a line is materialised only when it is BEGIN/END, a
 * key property of a component (KEY_PROPS, at the component's own level), or a calendar
 * property; the rest is skipped by position and read later, per component, if needed.
 */
export function scanCalendar(input: string, report?: (p: ScanProblem) => void, bytes = false, plainRuns = true): ScanResult {
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (bytes && text.startsWith('\xef\xbb\xbf')) text = text.slice(3); // the UTF-8 byte-order mark
  // Old Mac files end lines with a lone CR.
  if (text.indexOf('\n') < 0 && text.indexOf('\r') >= 0) text = text.replace(/\r/g, '\n');
  const calendarProps = new Map<string, ContentLine>();
  const components: RawComponent[] = [];
  const problems: ScanProblem[] = [];
  // A damaged file can hold a problem on every line: the caller's `report` bounds them.
  const problem = (line: number, kind: ScanProblem['kind'], message: string): void => {
    const p = { line, kind, message };
    if (report) report(p);
    else problems.push(p);
  };
  let sawCalendar = false;

  // Stack of open component names; index 0 is VCALENDAR when inside one. At most
  // MAX_NESTING deep: `skipped` counts the BEGINs past that whose END has not come yet.
  const stack: string[] = [];
  let skipped = 0;
  let warnedDepth = false;
  let current: RawComponent | null = null; // the open top-level component
  let lastLine = 0;
  const names = (list: string[]): string => truncate(list.map((n) => truncate(n, 20)).join(', '), 200);

  const closeCurrent = (complete: boolean, bodyEnd: number, endLine: number) => {
    if (!current) return;
    current.close(bodyEnd, endLine, complete);
    current.keyTo = keys.count;
    components.push(current);
    current = null;
  };

  const keys = new KeyLines();
  const cur = new LineCursor(text, 0, text.length, 1, bytes);
  while (cur.next()) {
    const startLine = cur.line;
    const start = cur.start;
    const pos = cur.after;
    lastLine = startLine;
    if (cur.blank) {
      const strayText = text.slice(start, cur.contentEnd);
      const stray = (bytes ? fromUtf8Bytes(strayText) : strayText).trim();
      if (stray !== '' && !current) problem(startLine, 'bad-line', `line ${startLine} is not a content line ("${truncate(stray, 40)}")`);
      continue;
    }
    // BEGIN:VEVENT and END:VEVENT, two lines of every event, exactly as nearly every file
    // writes them (a folded line is longer): what splitContentLine would make of them,
    // without copying them out. Issue 13: a first run of agenda on the bench calendar (22,662
    // such lines) took 0.945x, 0.987x and 0.960x the time (31, 31 and 41 pairs).
    let name: string;
    let params = '';
    let value: string;
    let raw = '';
    const plain = cur.contentEnd - start;
    if (plain === 12 && text.startsWith('BEGIN:VEVENT', start)) {
      name = 'BEGIN';
      value = 'VEVENT';
    } else if (plain === 10 && text.startsWith('END:VEVENT', start)) {
      name = 'END';
      value = 'VEVENT';
    } else {
      if (current) {
        // Inside a component only BEGIN, END and key properties matter now: look at the name
        // alone (a long folded DESCRIPTION is never copied out here).
        // (A line that starts with anything trimming could remove goes on: its name may still be a key's.)
        const initial = text.charCodeAt(start);
        if (!KEY_INITIALS.has(initial | 32) && !trimmable(initial)) continue;
        if (cur.surelyNotKey()) continue;
        const peek = cur.peekName();
        if (peek !== null && peek !== 'BEGIN' && peek !== 'END') {
          // A key line of the component's own level (not of a nested VALARM) is kept as
          // offsets, and read only when asked for (RawComponent.keyLines).
          if (KEY_PROPS.has(peek) && skipped === 0 && stack.length === ownLevel(stack) + 1 && cur.hasValue()) {
            keys.add(KEY_INDEX.get(peek)!, startLine, start, cur.contentEnd, cur.folded);
          }
          continue;
        }
      }
      raw = cur.raw();
      if (raw.trim() === '') continue;
      const parts = splitContentLine(raw);
      if (!parts) {
        if (!current) problem(startLine, 'bad-line', `line ${startLine} is not a content line ("${truncate(raw, 40)}")`);
        continue; // inside a component: reported with its UID when the component is parsed
      }
      ({ name, params, value } = parts);
    }
    if (name === 'BEGIN') {
      const comp = value.trim().toUpperCase();
      if (comp === 'VCALENDAR' && !current) {
        if (stack.length > 0) problem(startLine, 'nesting', `line ${startLine}: BEGIN:VCALENDAR inside another VCALENDAR`);
        stack.length = 0;
        skipped = 0;
        stack.push('VCALENDAR');
        sawCalendar = true;
        continue;
      }
      const depth = ownLevel(stack);
      if (!current && stack.length === depth) {
        current = new RawComponent(comp, startLine, text, pos, pos, bytes, keys);
        stack.push(comp);
        // The lines after a component's BEGIN are nearly always plain, up to its END or a
        // nested BEGIN (LineCursor.plainRun): what the loop would keep of them, in one step.
        // Issue 13: the scan of the bench calendar alone took 0.75x the time, and a first
        // run of agenda on it 0.967x (25 pairs). `plainRuns` false is the plain path the
        // tests compare with.
        if (plainRuns && cur.plainRun(keys)) {
          // And events written back to back, each END:VEVENT and BEGIN:VEVENT exactly and
          // each body a plain run, one after another without the loop (LineCursor.
          // endThenBegin): an END that closes the event it ends and a BEGIN that opens the
          // next at the same level, the stack as it was. Issue 13: the scan of the bench
          // calendar alone took 0.853x the time, a first run of agenda on it 1.006x and
          // 0.966x (31 and 41 pairs), its CPU 0.974x and 0.970x.
          let open: RawComponent = current;
          while (open.name === 'VEVENT' && cur.endThenBegin()) {
            closeCurrent(true, cur.start, cur.line);
            current = open = new RawComponent('VEVENT', cur.line + 1, text, cur.after, cur.after, bytes, keys);
            if (!cur.plainRun(keys)) break;
          }
        }
        continue;
      }
      if (current && TOP_LEVEL.has(comp)) {
        // BEGIN:VEVENT while a VEVENT (or VTODO, ...) is still open: the previous one lost
        // its END (or misspelt it). These never nest, so close it and go on.
        const c: RawComponent = current;
        problem(c.line, 'nesting', `line ${c.line}: BEGIN:${truncate(c.name, 40)} has no END:${truncate(c.name, 40)}`);
        closeCurrent(false, start, startLine - 1);
        stack.length = depth;
        skipped = 0;
        current = new RawComponent(comp, startLine, text, pos, pos, bytes, keys);
        stack.push(comp);
        continue;
      }
      if (skipped > 0 || stack.length >= MAX_NESTING) {
        if (!warnedDepth) {
          warnedDepth = true;
          problem(startLine, 'nesting', `line ${startLine}: components nest more than ${MAX_NESTING} deep (BEGIN:${truncate(comp, 40)}); the deeper ones are skipped`);
        }
        skipped++;
        continue;
      }
      stack.push(comp);
      continue;
    }
    if (name === 'END') {
      const comp = value.trim().toUpperCase();
      if (skipped > 0) {
        // Inside skipped levels an END closes the deepest of them, unless it names a
        // component that never nests (VEVENT, VCALENDAR, ...) and is open: that one closes.
        if (!((TOP_LEVEL.has(comp) || comp === 'VCALENDAR') && stack.includes(comp))) {
          skipped--;
          continue;
        }
        skipped = 0;
      }
      const idx = stack.lastIndexOf(comp);
      if (idx < 0) {
        problem(startLine, 'nesting', `line ${startLine}: END:${truncate(comp, 40)} without a matching BEGIN`);
        continue;
      }
      if (idx !== stack.length - 1) {
        problem(startLine, 'nesting', `line ${startLine}: END:${truncate(comp, 40)} closes unfinished ${names(stack.slice(idx + 1))}`);
      }
      const depth = ownLevel(stack);
      if (current && idx <= depth) closeCurrent(idx === depth && idx === stack.length - 1, start, startLine);
      stack.length = idx;
      continue;
    }
    if (skipped > 0) continue;
    if (current) {
      // A key line whose name the peek could not see (folded, or past 32 characters).
      if (stack.length === ownLevel(stack) + 1 && KEY_PROPS.has(name)) keys.add(KEY_INDEX.get(name)!, startLine, start, cur.contentEnd, cur.folded);
    } else if (stack.length > 0) {
      if (!calendarProps.has(name)) calendarProps.set(name, { line: startLine, name, params, value, raw });
    }
  }
  if (current) {
    const c: RawComponent = current;
    problem(c.line, 'nesting', `line ${c.line}: BEGIN:${truncate(c.name, 40)} has no END:${truncate(c.name, 40)} (the file ends first)`);
    closeCurrent(false, text.length, lastLine);
  } else if (stack.length > 0) {
    const path = truncate(stack.map((n) => truncate(n, 20)).join(' > '), 200);
    problem(lastLine, 'nesting', `the file ends inside ${path} (missing END:${truncate(stack[stack.length - 1]!, 40)})`);
  }
  return { calendarProps, components, problems, sawCalendar, runLines: cur.runLines };
}

/**
 * Offset of the first ':' outside double quotes in text[from, to), or -1: where a content
 * line's value starts (splitContentLine). Folds only add line breaks and blanks, so raw
 * offsets of a folded line answer as its unfolded text would.
 */
function valueColon(text: string, from: number, to: number): number {
  let inQuote = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuote = !inQuote;
    else if (c === 58 && !inQuote) return i;
  }
  return -1;
}

/** The stack depth of a top-level component: 1 inside a VCALENDAR, 0 in a bare fragment. */
function ownLevel(stack: string[]): number {
  return stack.length > 0 && stack[0] === 'VCALENDAR' ? 1 : 0;
}

/** Joins folded physical lines: each line break followed by one space or tab goes. */
function unfoldSlice(s: string): string {
  return s.replace(/\r?\n(?:\r?\n)*[ \t]/g, '');
}

/** First property of a component with the given name (top level of the component only). */
export function firstProp(comp: RawComponent, name: string): ContentLine | undefined {
  if (KEY_PROPS.has(name)) return comp.firstKeyLine(name);
  return comp.ownLines(new Set([name])).props.get(name)?.[0];
}

/** Whether the component has a property with that name at its own level. */
export function hasProp(comp: RawComponent, name: string): boolean {
  return KEY_PROPS.has(name) ? comp.hasKey(name) : firstProp(comp, name) !== undefined;
}

/** The component's text, ready for ICAL.parse. */
export function componentText(comp: { name: string; lines: ContentLine[] }): string {
  const parts = [`BEGIN:${comp.name}`];
  for (const l of comp.lines) parts.push(l.raw);
  parts.push(`END:${comp.name}`);
  return parts.join('\r\n');
}

export function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** The component's own properties (not those of nested VALARMs etc.), by name. */
export function ownProps(comp: RawComponent): Map<string, ContentLine[]> {
  const m = new Map<string, ContentLine[]>();
  let depth = 0;
  for (const l of comp.lines) {
    if (l.name === 'BEGIN') depth++;
    else if (l.name === 'END') depth--;
    else if (depth === 0 && l.name !== '') {
      const arr = m.get(l.name);
      if (arr) arr.push(l);
      else m.set(l.name, [l]);
    }
  }
  return m;
}

/** Unescapes TEXT values (RFC 5545 §3.3.11): backslash before `,` `;` `n` or a backslash. */
export function unescapeText(v: string): string {
  return v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
