// Templates: parsing (subject, body, placeholders, errors with line numbers) and filling
// (one pass, values never interpreted, empty sentences left out cleanly).
import { describe, expect, it } from 'vitest';
import { EtiqError } from '../../../src/core/errors.js';
import {
  PLACEHOLDER_NAMES,
  SITUATIONS,
  fillTemplate,
  isSituation,
  multiLine,
  parseTemplate,
  singleLine,
  usesPlaceholder,
  type Placeholder,
  type TemplateValues,
} from '../../../src/core/draft/template.js';

function values(over: Partial<Record<Placeholder, string>> = {}): TemplateValues {
  const all = Object.fromEntries(PLACEHOLDER_NAMES.map((n) => [n, ''])) as Record<Placeholder, string>;
  return { ...all, ...over };
}

function parseError(text: string, source = 'templates/noshow.txt'): EtiqError {
  try {
    parseTemplate(text, source);
  } catch (e) {
    expect(e).toBeInstanceOf(EtiqError);
    return e as EtiqError;
  }
  throw new Error('expected an error');
}

describe('situations', () => {
  it('are the ten of the issue', () => {
    expect([...SITUATIONS]).toEqual([
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
    ]);
    expect(isSituation('noshow')).toBe(true);
    expect(isSituation('no-show')).toBe(false);
  });

  it('include every placeholder the issue names', () => {
    for (const n of ['client.name', 'client.first_name', 'me.name', 'missed.when', 'slots', 'valid_until', 'reason', 'policy']) {
      expect(PLACEHOLDER_NAMES).toContain(n);
    }
  });
});

describe('parseTemplate', () => {
  it('reads the first line as the subject and skips one blank line after it', () => {
    const t = parseTemplate('Hello {{client.name}}\n\nLine three\n', 'x.txt');
    const filled = fillTemplate(t, values({ 'client.name': 'Anna' }));
    expect(filled.subject).toBe('Hello Anna');
    expect(filled.body).toBe('Line three\n');
    expect(t.body[0]!.line).toBe(3);
  });

  it('does not need the blank line, and reads CRLF and a BOM', () => {
    const t = parseTemplate('\uFEFFSubject\r\nBody {{ me.name }}\r\nmore', 'x.txt');
    expect(fillTemplate(t, values({ 'me.name': 'Sam' }))).toEqual({ subject: 'Subject', body: 'Body Sam\nmore\n' });
  });

  it('tolerates spaces inside the braces', () => {
    const t = parseTemplate('S\n\n{{client.first_name}}|{{  client.first_name  }}|{{\tclient.first_name}}', 'x.txt');
    expect(fillTemplate(t, values({ 'client.first_name': 'Anna' })).body).toBe('Anna|Anna|Anna\n');
  });

  it('names an unknown placeholder, its line, the source, and the known ones', () => {
    const e = parseError('Rescheduling {{meeting.title}}\n\nHi {{client.name}},\n\nSee you, {{client.nmae}}.\n');
    expect(e.code).toBe('input');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('{{client.nmae}}');
    expect(e.message).toContain('line 5');
    expect(e.message).toContain('templates/noshow.txt');
    expect(e.message).toContain('{{client.first_name}}');
    expect(e.message).toContain('{{slots}}');
  });

  it('counts the subject as line 1 and an unknown placeholder there is line 1', () => {
    expect(parseError('About {{ meeting }}\n\nbody').message).toMatch(/line 1: unknown placeholder \{\{meeting\}\}/);
  });

  it('refuses an unclosed placeholder, an empty subject, and a multi-line value in the subject', () => {
    expect(parseError('S\n\nHi {{client.name,\n').message).toMatch(/line 3.*not closed/);
    expect(parseError('\n\nbody').message).toMatch(/no subject/);
    expect(parseError('Times {{slots}}\n\nbody').message).toMatch(/line 1.*\{\{slots\}\}.*subject/);
  });

  it('treats extra braces around a placeholder as text', () => {
    const t = parseTemplate('S\n\n{{{me.name}}}', 'x.txt');
    expect(fillTemplate(t, values({ 'me.name': 'Sam' })).body).toBe('{Sam}\n');
  });

  it('says which placeholders a template uses', () => {
    const t = parseTemplate('S {{meeting.title}}\n\n{{slots}}', 'x.txt');
    expect(usesPlaceholder(t, 'slots')).toBe(true);
    expect(usesPlaceholder(t, 'meeting.title')).toBe(true);
    expect(usesPlaceholder(t, 'reason')).toBe(false);
  });
});

describe('fillTemplate', () => {
  it('inserts values once, as text: a value holding a placeholder stays literal', () => {
    const t = parseTemplate('Re {{client.name}}\n\nHi {{client.name}}, from {{me.name}}', 'x.txt');
    const out = fillTemplate(t, values({ 'client.name': '{{me.name}}', 'me.name': 'Sam' }));
    expect(out.subject).toBe('Re {{me.name}}');
    expect(out.body).toBe('Hi {{me.name}}, from Sam\n');
  });

  it('leaves out a line whose placeholders are all empty, with one blank line around it', () => {
    const t = parseTemplate('S\n\nFirst.\n\n{{policy}}\n\n{{day_before}}\n\nLast.\n', 'x.txt');
    expect(fillTemplate(t, values()).body).toBe('First.\n\nLast.\n');
    expect(fillTemplate(t, values({ policy: 'P.' })).body).toBe('First.\n\nP.\n\nLast.\n');
    const together = parseTemplate('S\n\nFirst.\n\n{{policy}}\n{{day_before}}\n\nLast.', 'x.txt');
    expect(fillTemplate(together, values({ day_before: 'D.' })).body).toBe('First.\n\nD.\n\nLast.\n');
  });

  it('keeps a line that has text beside an empty placeholder, without stray spaces', () => {
    const t = parseTemplate('S\n\nSorry. {{reason}}\nSorry. {{reason}} Thanks.\n{{reason}} Thanks.', 'x.txt');
    expect(fillTemplate(t, values()).body).toBe('Sorry.\nSorry. Thanks.\nThanks.\n');
    expect(fillTemplate(t, values({ reason: 'R.' })).body).toBe('Sorry. R.\nSorry. R. Thanks.\nR. Thanks.\n');
  });

  it('makes the subject one line whatever the values hold', () => {
    const t = parseTemplate('Re {{meeting.title}} {{reason}}\n\nx', 'x.txt');
    const out = fillTemplate(t, values({ 'meeting.title': 'Review\r\nBcc: x@y', reason: 'a\u0085b\u2028c\u0000d\u001b[31m' }));
    expect(out.subject).toBe('Re Review Bcc: x@y a b c d [31m');
    expect(out.subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  it('keeps line breaks of block values in the body, and drops other controls', () => {
    const t = parseTemplate('S\n\n{{slots}}', 'x.txt');
    expect(fillTemplate(t, values({ slots: 'a\r\nb\u0007c\td' })).body).toBe('a\nb c\td\n');
  });
});

describe('singleLine and multiLine', () => {
  it('collapse breaks and controls to one space, and drop bidi controls', () => {
    expect(singleLine('  Anna\r\n\r\nBcc: x@y  ')).toBe('Anna Bcc: x@y');
    expect(singleLine('Ann\u202Ea')).toBe('Anna');
    expect(singleLine('a\tb\u000bc')).toBe('a b c');
    expect(multiLine('a\rb\r\nc\u2029d\u001be')).toBe('a\nb\nc\nd e');
  });
});
