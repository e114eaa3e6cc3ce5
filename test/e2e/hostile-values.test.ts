/**
 * Hostile values (issue 9, items 6 and 8): absurd durations and dates are refused where they
 * are read, naming the key or flag (exit 2, not "unexpected error"); a config with
 * thousands of unknown keys prints a bounded list of warnings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEtiq, tempDir, type RunResult } from './helpers.js';

const dir = tempDir('etiq-values-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const CALENDAR = path.resolve('fixtures/slots/week.ics');
const NOW = '2026-03-16T07:00:00-04:00';

function config(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `timezone = "America/New_York"\ncalendars = [${JSON.stringify(CALENDAR)}]\n${text}\n`);
  return file;
}

/** Exit 2, one line on stderr that matches, nothing on stdout. */
function refused(r: RunResult, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/unexpected error/);
}

describe('durations and dates are bounded where they are read', () => {
  for (const key of ['buffer', 'duration', 'notice', 'horizon', 'step']) {
    it(`[slots] ${key} = 1e308 is an input error naming the key`, async () => {
      const file = config(`${key}.toml`, `[slots]\n${key} = 1e308`);
      refused(await runEtiq(['slots', '--config', file, '--now', NOW]), new RegExp(`slots\\.${key} = 1e\\+?308 is not valid: expected a duration of at most 366d`));
    });
  }

  it('[policy] late_cancel = "99999999w" is refused', async () => {
    const file = config('policy.toml', '[policy]\nlate_cancel = "99999999w"');
    refused(await runEtiq(['agenda', '--config', file, '--now', NOW]), /policy\.late_cancel = "99999999w" is not valid: expected a duration of at most 366d/);
  });

  it('--duration 1e308 and --buffer 999999999d are usage errors', async () => {
    refused(await runEtiq(['slots', '--calendar', CALENDAR, '--now', NOW, '--duration', '99999999999999999999']), /--duration "99999999999999999999" is longer than 366d/);
    refused(await runEtiq(['slots', '--calendar', CALENDAR, '--now', NOW, '--buffer', '999999999d']), /--buffer "999999999d" is longer than 366d/);
  });

  for (const [what, args] of [
    ['--now', ['--now', '+275760-09-13T00:00:00Z']],
    ['--now', ['--now', '-271821-04-20T00:00:00Z']],
    ['--now', ['--now', '0001-01-01T00:00:00Z']],
    ['--from', ['--now', NOW, '--from', '+275760-09-13']],
  ] as const) {
    it(`${what} ${args[args.length - 1]} is outside the years etiq handles`, async () => {
      refused(await runEtiq(['agenda', '--calendar', CALENDAR, ...args]), new RegExp(`${what} ".*" is (outside the years 1900 to 2999|not a date)`));
    });
  }

  it('ETIQ_NOW far in the future is refused the same way', async () => {
    const env = { PATH: process.env['PATH'] ?? '', HOME: dir, NO_COLOR: '1', TZ: 'UTC', ETIQ_NOW: '+275760-09-13T00:00:00Z' };
    refused(await runEtiq(['agenda', '--calendar', CALENDAR], { env }), /ETIQ_NOW "\+275760-09-13T00:00:00Z" is outside the years 1900 to 2999/);
  });

  it('calendar_max_size must be a size from 1KiB to 512MiB', async () => {
    refused(await runEtiq(['agenda', '--config', config('size1.toml', 'calendar_max_size = "lots"'), '--now', NOW]), /calendar_max_size = "lots" is not valid/);
    refused(await runEtiq(['agenda', '--config', config('size2.toml', 'calendar_max_size = "2GiB"'), '--now', NOW]), /calendar_max_size = "2GiB" is not valid: expected a size from 1KiB to 512MiB/);
    const ok = await runEtiq(['agenda', '--config', config('size3.toml', 'calendar_max_size = "1MiB"'), '--now', NOW]);
    expect(ok.code, ok.stderr).toBe(0);
  });
});

describe('warnings are bounded', () => {
  it('5,000 unknown config keys print 20 warnings and one line that counts the rest', async () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `zzkey${String(i).padStart(5, '0')} = ${i}`).join('\n');
    const file = config('many.toml', keys);
    const r = await runEtiq(['agenda', '--config', file, '--now', NOW]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/^warning: .*many\.toml: unknown key "zzkey00000" is ignored$/);
    expect(lines[20]).toMatch(/^warning: .*many\.toml: \.\.\. and 4980 more warnings like these \(config\), not shown$/);
    const json = await runEtiq(['agenda', '--config', file, '--now', NOW, '--json']);
    expect((JSON.parse(json.stdout) as { warnings: unknown[] }).warnings).toHaveLength(5000);
  });
});
