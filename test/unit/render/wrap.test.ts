/** Word-wrapping of human sentences at 80 columns (render/wrap.ts), and its width count. */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { maxCells, wrapWords } from '../../../src/render/wrap.js';

describe('maxCells', () => {
  it('never counts fewer cells than string-width, and counts Latin text and punctuation exactly', () => {
    for (const s of ['Acme Corp — weekly check-in', '11:00–11:30 “quoted” … ‘x’', 'Café Zürich', 'Ōsaka', 'abc']) expect(maxCells(s)).toBe(stringWidth(s));
    for (const s of ['山田 太郎', '会議 ☕', 'Ōsaka 🚀 Works', '👩‍💻 dev', 'e\u0301', '한국어', '#\ufe0f\u20e3']) expect(maxCells(s)).toBeGreaterThanOrEqual(stringWidth(s));
  });

  it('counts no cells for colour codes', () => {
    expect(maxCells('\u001b[32mRecorded:\u001b[39m x')).toBe(11);
  });
});

describe('wrapWords', () => {
  const sentence = 'Recorded: Priya Nair <priya@acme.example> did not show (you waited 10 min): "Acme Corp — weekly check-in", Tue 10 Mar 2026 10:00';

  it('leaves a line that fits as it is, spaces and all', () => {
    expect(wrapWords('pass  config     fine')).toBe('pass  config     fine');
    expect(wrapWords('x'.repeat(80))).toBe('x'.repeat(80));
  });

  it('breaks at spaces within 80 columns, continuation lines indented', () => {
    expect(wrapWords(sentence)).toBe('Recorded: Priya Nair <priya@acme.example> did not show (you waited 10 min):\n  "Acme Corp — weekly check-in", Tue 10 Mar 2026 10:00');
    const lines = wrapWords(`${sentence} ${sentence} ${sentence}`, { indent: 6 }).split('\n');
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {6}\S/);
    expect(lines.map((l) => l.trim()).join(' ')).toBe(`${sentence} ${sentence} ${sentence}`);
  });

  it('keeps a short count with what it counts', () => {
    expect(wrapWords(`${'a'.repeat(70)} waited 10 min`)).toBe(`${'a'.repeat(70)} waited\n  10 min`);
    expect(wrapWords(`${'a'.repeat(70)} late (2h notice)`)).toBe(`${'a'.repeat(70)} late\n  (2h notice)`);
  });

  it('never breaks a kept text (a path with spaces), nor a word longer than a line', () => {
    const file = '/Users/Dana Reyes/My Calendars/work.ics';
    const text = `pass  calendar   ${file}: 15 events in the next 14 days and a little more text`;
    expect(wrapWords(text, { indent: 17, keep: [file] })).toBe(`pass  calendar   ${file}: 15 events in the next\n                 14 days and a little more text`);
    const long = `/${'deep/'.repeat(20)}etiq.db`;
    expect(wrapWords(`pass  database   ${long}: schema 5`, { indent: 17 })).toBe(`pass  database\n                 ${long}:\n                 schema 5`);
  });

  it('wraps each line of the text by itself', () => {
    expect(wrapWords(`short\n${sentence}`)).toBe(`short\n${wrapWords(sentence)}`);
  });

  it('shows controls as the sanitiser does before counting, and keeps colour per line', () => {
    expect(wrapWords('a\u0007b')).toBe('a\\x07b');
    const coloured = `\u001b[2m${'word '.repeat(20)}end\u001b[22m`;
    const lines = wrapWords(coloured).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\u001b\[2mword .*word\u001b\[0m$/);
    expect(lines[1]).toMatch(/^ {2}\u001b\[2mword .*end\u001b\[22m$/);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  });
});
