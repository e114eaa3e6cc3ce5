// The fast path for ical.js's property parser (src/core/calendar/property.ts): where it
// answers, its answer is ical.js's own, on hand-picked lines, on every text property line
// of the fixtures and of the corpus, and on 100,000 random lines; where it is not certain
// it answers null and ical.js is asked.
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { quickProperty } from '../../../src/core/calendar/property.js';
import { splitContentLine, unfold, type ContentLine } from '../../../src/core/calendar/scan.js';

const TEXT_PROPS = ['SUMMARY', 'LOCATION', 'STATUS', 'TRANSP', 'X-MICROSOFT-CDO-BUSYSTATUS', 'ORGANIZER', 'ATTENDEE', 'SEQUENCE'];

/** The content line read.ts hands the parser (via ownLines: splitContentLine of the unfolded line). */
function contentLine(raw: string): ContentLine | null {
  const parts = splitContentLine(raw);
  return parts ? { line: 1, name: parts.name, params: parts.params, value: parts.value, raw } : null;
}

function icalAnswer(raw: string): unknown {
  try {
    return ICAL.parse.property(raw);
  } catch {
    return 'throws';
  }
}

/** Compares the fast path with ical.js on one line; returns whether the fast path answered. */
function check(raw: string): boolean {
  const l = contentLine(raw);
  if (!l || !TEXT_PROPS.includes(l.name)) return false;
  const quick = quickProperty(l);
  if (quick === null) return false;
  const expected = icalAnswer(raw);
  if (JSON.stringify(quick) !== JSON.stringify(expected)) {
    // toEqual shows the difference (and ignores nothing that JSON.stringify would not).
    expect({ raw, quick }).toEqual({ raw, quick: expected });
  }
  return true;
}

describe('quickProperty', () => {
  it('answers plain lines as ical.js does', () => {
    const plain = [
      'SUMMARY:Design review – Dubois',
      'summary:lower-case name',
      'Summary:Mixed case name',
      'SUMMARY:',
      'SUMMARY:colons: in: the value',
      'SUMMARY:escapes \\, \\; \\\\ \\n \\N and a lone \\ and \\t',
      'SUMMARY;LANGUAGE=en-GB:Tea',
      'SUMMARY;LANGUAGE=en;X-FOO=a=b:repeated = signs',
      'SUMMARY;X-A=1;X-A=2:repeated parameter, last wins',
      'SUMMARY;X-EMPTY=:empty parameter value',
      'LOCATION:Boardroom\\; bring a laptop',
      'STATUS:CONFIRMED',
      'TRANSP:TRANSPARENT',
      'X-MICROSOFT-CDO-BUSYSTATUS:OOF',
      'x-microsoft-cdo-busystatus:free',
      'ORGANIZER;CN=Dana Reyes:mailto:dana@etiq.example',
      'ATTENDEE;CN=Aiko Brown;PARTSTAT=ACCEPTED:mailto:aiko.brown@stark.example',
      'ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE;CN=a,b:MAILTO:x@y',
      'ATTENDEE;SENT-BY=mailto:x@y:mailto:z@y'.replace('mailto:x@y', 'x@y'),
      'ATTENDEE:mailto:bare@example.com',
      'SEQUENCE:0',
      'SEQUENCE:12',
      'SEQUENCE: 7',
      'SEQUENCE:-3',
      'SEQUENCE:4x',
      'SEQUENCE:x4',
      'SEQUENCE:',
      'SEQUENCE:1e3',
      'SUMMARY:Ünïcödé ✓ \u202e bidi',
    ];
    for (const raw of plain) expect(check(raw), raw).toBe(true);
  });

  it('leaves to ical.js what it is not certain of', () => {
    const others = [
      'SUMMARY ;LANGUAGE=en:blank after the name',
      ' SUMMARY:blank before the name',
      'SUMMARY;CN="quoted: value":x',
      'SUMMARY;X-A=caret^n:x',
      'SUMMARY;X-A=back\\,slash:x',
      'SUMMARY;VALUE=TEXT:typed',
      'SEQUENCE;VALUE=TEXT:typed',
      'ATTENDEE;MEMBER=mailto:a@b:mailto:c@d',
      'ATTENDEE;DELEGATED-TO=x:mailto:c@d',
      'ATTENDEE;delegated-from=x:mailto:c@d',
      'SUMMARY;:no parameter',
      'SUMMARY;=x:empty name',
      'SUMMARY;X-A:no equals sign',
      'SUMMARY;X_A=1:underscore',
      'SUMMARY;X A=1:blank in the name',
      'SUMMARY;__proto__=1:x',
      'DESCRIPTION:not a property the fast path takes',
      'SUMMARYX:longer name',
      // Upper-cased to a property's name, but not one to ical.js (which only lower-cases).
      '\u017fUMMARY:a long s',
      'X-M\u0131CROSOFT-CDO-BUSYSTATUS:a dotless i',
    ];
    for (const raw of others) {
      const l = contentLine(raw);
      expect(l && quickProperty(l), raw).toBeNull();
    }
  });

  it("answers every text property line of the fixtures as ical.js does", () => {
    const root = path.resolve(__dirname, '..', '..', '..', 'fixtures');
    let answered = 0;
    for (const file of icsFiles(root)) {
      for (const { raw } of unfold(fs.readFileSync(file, 'utf8'))) if (check(raw)) answered++;
    }
    expect(answered).toBeGreaterThan(150);
  });

  const corpus = process.env['ETIQ_CORPUS'] ?? path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
  const hasCorpus = fs.existsSync(path.join(corpus, 'files'));
  if (!hasCorpus) console.warn(`property fast-path corpus test skipped: no corpus at ${corpus}`);
  it.skipIf(!hasCorpus)('answers every text property line of the corpus as ical.js does', () => {
    let answered = 0;
    let asked = 0;
    for (const file of icsFiles(path.join(corpus, 'files'))) {
      const text = fs.readFileSync(file, 'latin1');
      const decoded = Buffer.from(text, 'latin1').toString('utf8');
      for (const { raw } of unfold(decoded)) {
        const l = contentLine(raw);
        if (!l || !TEXT_PROPS.includes(l.name)) continue;
        asked++;
        if (check(raw)) answered++;
      }
    }
    // Most real lines take the fast path (quoted CNs are the usual exception).
    expect(answered).toBeGreaterThan(asked / 2);
  });

  it('answers 100,000 random lines as ical.js does', () => {
    let seed = 13;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >>> 12) % n; // the high bits: the low bits of this generator cycle
    };
    const names = [...TEXT_PROPS, 'summary', 'Attendee', 'sequence', 'SUMMARY ', ' LOCATION', 'ATTENDEE\t', 'SUMMARy', '\u017fummary'];
    const params = ['CN', 'cn', 'PARTSTAT', 'ROLE', 'VALUE', 'MEMBER', 'X-A', 'x-a', 'SENT-BY', 'LANGUAGE', '', 'X_B', 'Ü'];
    const bits = ['a', 'B', '1', '-', ' ', '\t', '=', ';', ':', ',', '"', '^', "^'", '^n', '\\', '\\n', '\\,', '\\;', '\\\\', 'é', '\u202e', 'mailto:x@y', '0', '12', '+'];
    // Half the chunks plain (the first five bits), so that many lines take the fast path.
    const chunk = (max: number) => {
      let s = '';
      const from = rand(2) === 0 ? 5 : bits.length;
      for (let n = rand(max); n > 0; n--) s += bits[rand(from)];
      return s;
    };
    let answered = 0;
    for (let i = 0; i < 100_000; i++) {
      let raw = names[rand(names.length)]!;
      for (let p = rand(4); p > 0; p--) raw += `;${params[rand(params.length)]}${rand(6) === 0 ? '' : '='}${chunk(4)}`;
      raw += `${rand(8) === 0 ? '' : ':'}${chunk(6)}`;
      if (check(raw)) answered++;
    }
    expect(answered).toBeGreaterThan(20_000);
  });
});

function icsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...icsFiles(p));
    else if (e.name.endsWith('.ics')) out.push(p);
  }
  return out;
}
