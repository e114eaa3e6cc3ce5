// The config file end to end: a close typo stops the command (exit 2) instead of silently
// changing what `etiq slots` offers; full day names in [hours] work.
//
// fixtures/slots/week.ics (New York), Monday 16 March 2026 (see test/e2e/slots.test.ts):
//   daily-sync 09:00-09:30 busy; declined-1 10:00-11:00 declined by dana: free;
//   free-1 11:00-12:00 transparent: free; tentative-1 13:00-14:00 tentative: busy.
// With Monday hours 09:00-12:00 + 13:00-15:00, 30m on a 30m grid, notice 1h from 07:00 and
// no buffer, Monday offers 09:30, 10:00, 10:30, 11:00, 11:30, 14:00 and 14:30.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEtiq, tempDir } from './helpers.js';

const NOW = '2026-03-16T07:00:00-04:00'; // Monday, 07:00 in New York
const CALENDAR = 'fixtures/slots/week.ics';
const MON = '2026-03-16';

interface SlotsJson {
  timezone: string;
  slots: { start: string; end: string }[];
  warnings: { calendar: string; message: string }[];
}

/** A config in a fresh temp dir: `head` lines, then [me], `hours` lines under [hours], and the slot rules. */
function writeConfig(head: string, hours: string): string {
  const file = path.join(tempDir(), 'config.toml');
  fs.writeFileSync(
    file,
    [
      head,
      '[me]',
      'email = "dana@example.com"',
      '[hours]',
      hours,
      '[slots]',
      'duration = "30m"',
      'step = "30m"',
      'notice = "1h"',
      'buffer = "0m"',
      'horizon = "7d"',
      '',
    ].join('\n'),
  );
  return file;
}

const slots = (config: string) => runEtiq(['slots', '--config', config, '--now', NOW, '--calendar', CALENDAR, '--json']);

describe('etiq slots with a config typo', () => {
  it('timzone stops the command with exit 2 and one line naming timzone and timezone', async () => {
    const config = writeConfig('timzone = "America/New_York"', 'mon = ["09:00-12:00", "13:00-15:00"]');
    const r = await slots(config);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(config);
    expect(lines[0]).toContain('"timzone"');
    expect(lines[0]).toContain('"timezone"');
  });

  it('tues in [hours] stops the command and suggests tue', async () => {
    const config = writeConfig('timezone = "America/New_York"', 'tues = ["09:00-10:00"]');
    const r = await slots(config);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('did you mean "hours.tue"');
  });
});

describe('etiq slots with full day names in [hours]', () => {
  const expected = ['09:30', '10:00', '10:30', '11:00', '11:30', '14:00', '14:30'].map((hm) => `${MON}T${hm}:00-04:00`);

  it('monday = [...] gives Monday slots, the same as mon = [...]', async () => {
    const r = await slots(writeConfig('timezone = "America/New_York"', 'monday = ["09:00-12:00", "13:00-15:00"]'));
    expect(r.stderr, r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as SlotsJson;
    expect(json.timezone).toBe('America/New_York');
    expect(json.warnings).toEqual([]);
    expect(json.slots.map((s) => s.start)).toEqual(expected);

    const short = await slots(writeConfig('timezone = "America/New_York"', 'mon = ["09:00-12:00", "13:00-15:00"]'));
    expect(JSON.parse(short.stdout)).toEqual(json);
  });

  it('Monday (capitalised) is accepted too', async () => {
    const r = await slots(writeConfig('timezone = "America/New_York"', 'Monday = ["09:00-12:00", "13:00-15:00"]'));
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as SlotsJson).slots.map((s) => s.start)).toEqual(expected);
  });
});
