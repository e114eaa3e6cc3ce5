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

export interface RawComponent {
  /** Component name, upper-cased: VEVENT, VTIMEZONE, ... */
  name: string;
  /** Line number of its BEGIN line. */
  line: number;
  /** Line number of its END line (or of the last line read when END is missing). */
  endLine: number;
  /** Unfolded content lines between BEGIN and END, nested components included. */
  lines: ContentLine[];
  /** Whether END was found in place; false when the component was cut short. */
  complete: boolean;
}

export interface ScanResult {
  /** Properties of the VCALENDAR(s), by upper-cased name (first value wins). */
  calendarProps: Map<string, ContentLine>;
  /** Top-level components (children of VCALENDAR, or bare ones in a fragment). */
  components: RawComponent[];
  /** Structural problems, with line numbers. */
  problems: { line: number; message: string }[];
  /** True when at least one BEGIN:VCALENDAR was seen. */
  sawCalendar: boolean;
}

/** Components that only ever appear directly inside VCALENDAR. */
const TOP_LEVEL = new Set(['VEVENT', 'VTODO', 'VJOURNAL', 'VFREEBUSY', 'VTIMEZONE', 'VAVAILABILITY']);

/** Splits a content line into name, parameters and value. Returns null when there is no ':'. */
export function splitContentLine(raw: string): { name: string; params: string; value: string } | null {
  let nameEnd = -1;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 58 /* : */ || c === 59 /* ; */) {
      nameEnd = i;
      break;
    }
  }
  if (nameEnd <= 0) return null;
  const name = raw.slice(0, nameEnd).trim().toUpperCase();
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

/** Scans iCalendar text into top-level components. Never throws. */
export function scanCalendar(text: string): ScanResult {
  const calendarProps = new Map<string, ContentLine>();
  const components: RawComponent[] = [];
  const problems: { line: number; message: string }[] = [];
  let sawCalendar = false;

  // Stack of open component names; index 0 is VCALENDAR when inside one.
  const stack: string[] = [];
  let current: RawComponent | null = null; // the open top-level component
  let lastLine = 0;

  const closeCurrent = (complete: boolean, endLine: number) => {
    if (!current) return;
    current.complete = complete;
    current.endLine = endLine;
    components.push(current);
    current = null;
  };

  for (const { line, raw } of unfold(text)) {
    lastLine = line;
    const parts = splitContentLine(raw);
    if (!parts) {
      if (current) {
        // Keep it: ical.js will reject the component, and we report it with its UID.
        current.lines.push({ line, name: '', params: '', value: '', raw });
      } else {
        problems.push({ line, message: `line ${line} is not a content line ("${truncate(raw, 40)}")` });
      }
      continue;
    }
    const { name, params, value } = parts;
    const cl: ContentLine = { line, name, params, value, raw };
    if (name === 'BEGIN') {
      const comp = value.trim().toUpperCase();
      if (comp === 'VCALENDAR' && !current) {
        if (stack.length > 0) problems.push({ line, message: `line ${line}: BEGIN:VCALENDAR inside another VCALENDAR` });
        stack.length = 0;
        stack.push('VCALENDAR');
        sawCalendar = true;
        continue;
      }
      const depth = stack.length > 0 && stack[0] === 'VCALENDAR' ? 1 : 0;
      if (!current && stack.length === depth) {
        current = { name: comp, line, endLine: line, lines: [], complete: false };
        stack.push(comp);
        continue;
      }
      if (current && TOP_LEVEL.has(comp)) {
        // BEGIN:VEVENT while a VEVENT (or VTODO, ...) is still open: the previous one lost
        // its END (or misspelt it). These never nest, so close it and go on.
        problems.push({ line: current.line, message: `line ${current.line}: BEGIN:${current.name} has no END:${current.name}` });
        closeCurrent(false, line - 1);
        stack.length = depth;
        current = { name: comp, line, endLine: line, lines: [], complete: false };
        stack.push(comp);
        continue;
      }
      stack.push(comp);
      if (current) current.lines.push(cl);
      continue;
    }
    if (name === 'END') {
      const comp = value.trim().toUpperCase();
      const idx = stack.lastIndexOf(comp);
      if (idx < 0) {
        problems.push({ line, message: `line ${line}: END:${comp} without a matching BEGIN` });
        continue;
      }
      if (idx !== stack.length - 1) {
        problems.push({ line, message: `line ${line}: END:${comp} closes unfinished ${stack.slice(idx + 1).join(', ')}` });
      }
      const depth = stack.length > 0 && stack[0] === 'VCALENDAR' ? 1 : 0;
      if (current && idx <= depth) {
        // Closing the top-level component (or something above it).
        if (idx === depth) closeCurrent(idx === stack.length - 1, line);
        else closeCurrent(false, line);
      } else if (current) {
        current.lines.push(cl);
      }
      stack.length = idx;
      continue;
    }
    if (current) {
      current.lines.push(cl);
    } else if (stack.length > 0) {
      if (!calendarProps.has(name)) calendarProps.set(name, cl);
    }
  }
  if (current) {
    const c: RawComponent = current;
    problems.push({ line: c.line, message: `line ${c.line}: BEGIN:${c.name} has no END:${c.name} (the file ends first)` });
    closeCurrent(false, lastLine);
  } else if (stack.length > 0) {
    problems.push({ line: lastLine, message: `the file ends inside ${stack.join(' > ')} (missing END:${stack[stack.length - 1]})` });
  }
  return { calendarProps, components, problems, sawCalendar };
}

/** First property of a component with the given name (top level of the component only). */
export function firstProp(comp: RawComponent, name: string): ContentLine | undefined {
  let depth = 0;
  for (const l of comp.lines) {
    if (l.name === 'BEGIN') depth++;
    else if (l.name === 'END') depth--;
    else if (depth === 0 && l.name === name) return l;
  }
  return undefined;
}

/** Whether the component has a property with that name at its own level. */
export function hasProp(comp: RawComponent, name: string): boolean {
  return firstProp(comp, name) !== undefined;
}

/** The component's text, ready for ICAL.parse. */
export function componentText(comp: RawComponent): string {
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
