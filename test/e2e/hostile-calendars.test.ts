/**
 * One hostile event costs that event only (issue 9, items 5 and 6), end to end: `agenda`
 * and `slots` exit 0 with a bounded number of warnings, never "unexpected error". Big
 * inputs are generated here, in a temp folder, and deleted afterwards.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { calendar, runEtiq, tempDir, vevent, writeIcs } from './helpers.js';

const dir = tempDir('etiq-hostile-cal-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const NOW = '2026-03-10T08:00:00Z';
const good = vevent(['UID:good@test', 'SUMMARY:Good call', 'DTSTART:20260310T140000Z', 'DTEND:20260310T150000Z']);

function run(file: string, command: 'agenda' | 'slots', ...extra: string[]) {
  return runEtiq([command, '--calendar', file, '--tz', 'UTC', '--now', NOW, ...extra]);
}

describe('hostile events degrade to warnings', () => {
  const cases: [string, string[]][] = [
    ['an all-day DTSTART with FREQ=HOURLY;COUNT=5', ['UID:h@test', 'SUMMARY:Hourly day', 'DTSTART;VALUE=DATE:20260311', 'RRULE:FREQ=HOURLY;COUNT=5']],
    ['an all-day DTSTART with FREQ=MINUTELY', ['UID:m@test', 'SUMMARY:Minutely day', 'DTSTART;VALUE=DATE:20260311', 'RRULE:FREQ=MINUTELY']],
    ['an all-day DTSTART with FREQ=SECONDLY;COUNT=5', ['UID:s@test', 'SUMMARY:Secondly day', 'DTSTART;VALUE=DATE:20260311', 'RRULE:FREQ=SECONDLY;COUNT=5']],
    ['DURATION:P99999999W', ['UID:long@test', 'SUMMARY:Forever', 'DTSTART;TZID=Europe/Berlin:20260312T090000', 'DURATION:P99999999W']],
  ];
  for (const [name, props] of cases) {
    it(`${name}: agenda and slots still work, the good event is listed`, async () => {
      const file = writeIcs(dir, `${props[0]!.slice(4, 10)}.ics`, calendar(good, vevent(props)));
      const agenda = await run(file, 'agenda', '--days', '3', '--json');
      expect(agenda.code, agenda.stderr).toBe(0);
      expect((JSON.parse(agenda.stdout) as { events: { uid: string }[] }).events.map((e) => e.uid)).toContain('good@test');
      const slots = await run(file, 'slots');
      expect(slots.code, slots.stderr).toBe(0);
      expect(slots.stderr).not.toMatch(/unexpected error/);
    });
  }

  it('DURATION:P99999999W is busy to the end of the window: nothing is offered after it starts', async () => {
    const file = writeIcs(dir, 'forever.ics', calendar(vevent(['UID:long@test', 'SUMMARY:Forever', 'DTSTART:20260312T090000Z', 'DURATION:P99999999W'])));
    const r = await run(file, 'slots', '--json');
    const slots = (JSON.parse(r.stdout) as { slots: { start: string }[] }).slots;
    expect(slots.length).toBeGreaterThan(0);
    for (const s of slots) expect(Date.parse(s.start)).toBeLessThan(Date.parse('2026-03-12T09:00:00Z'));
  });
});

describe('damaged files print a bounded number of warnings', () => {
  it('150,000 junk lines (about 3 MB): at most 21 warning lines per kind', async () => {
    const junk = Array.from({ length: 150_000 }, (_, i) => `JUNK LINE ${i} without a colon`);
    const file = writeIcs(dir, 'junk.ics', ['BEGIN:VCALENDAR', 'VERSION:2.0', ...junk, ...good, 'END:VCALENDAR']);
    expect(fs.statSync(file).size).toBeGreaterThan(3_000_000);
    const r = await run(file, 'agenda');
    expect(r.code, r.stderr.slice(0, 500)).toBe(0);
    expect(r.stdout).toContain('Good call');
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(25);
    expect(lines.some((l) => /more warnings like these/.test(l))).toBe(true);
  });

  it('50,000 unterminated BEGIN:VEVENT lines: no stack overflow, bounded warnings', async () => {
    const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', ...good, ...Array.from({ length: 50_000 }, () => 'BEGIN:VEVENT'), 'END:VCALENDAR'];
    const file = writeIcs(dir, 'unterminated.ics', lines);
    const r = await run(file, 'agenda');
    expect(r.stderr).not.toMatch(/unexpected error|Maximum call stack/);
    expect(r.code, r.stderr.slice(0, 300)).toBe(0);
    expect(r.stdout).toContain('Good call');
    // Two kinds (an unclosed component, an event without DTSTART): 20 each and a count each.
    expect(r.stderr.trim().split('\n')).toHaveLength(42);
  });
});
