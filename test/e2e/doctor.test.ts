/**
 * `etiq doctor` (issue 12) on good and broken setups: a missing calendar, a damaged
 * database, a config typo. One line per check; exit 1 when one fails; --json the same list.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, isolatedEnv, runEtiq, tempDir } from './helpers.js';

interface DoctorJson {
  ok: boolean;
  checks: { check: string; status: 'pass' | 'warn' | 'fail'; message: string; fix: string | null }[];
}

const sample = path.join(fixtures, 'sample', 'config.toml');

function doctor(...args: string[]) {
  return runEtiq(['doctor', '--now', '2026-03-09T08:00', ...args]);
}

describe('etiq doctor', () => {
  it('passes on the sample setup: every check one line, exit 0', async () => {
    const db = path.join(tempDir('etiq-doctor-'), 'etiq.db');
    const r = await doctor('--config', sample, '--db', db, '--json');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as DoctorJson;
    expect(j.ok).toBe(true);
    expect(j.checks.map((c) => c.check)).toEqual(['config', 'calendar', 'calendar', 'calendar', 'database', 'templates', 'clock', 'node']); // work, personal, holidays
    expect(j.checks.find((c) => c.check === 'config')).toMatchObject({ status: 'pass', message: `${sample}: every key is valid` });
    expect(j.checks.filter((c) => c.check === 'calendar').every((c) => /events? in the next 14 days/.test(c.message))).toBe(true);
    expect(j.checks.find((c) => c.check === 'database')!.message).toContain('not created yet');
    const human = await doctor('--config', sample, '--db', db);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^pass {2}config {5}/m);
    expect(human.stdout).toMatch(/All checks pass\.\n$/);
  });

  it('a missing calendar fails with the fix; exit 1', async () => {
    const missing = path.join(tempDir('etiq-doctor-'), 'gone.ics');
    const r = await doctor('--config', sample, '--calendar', missing, '--json');
    expect(r.code).toBe(1);
    const cal = (JSON.parse(r.stdout) as DoctorJson).checks.find((c) => c.check === 'calendar')!;
    expect(cal).toMatchObject({ status: 'fail' });
    expect(cal.message).toContain(missing);
    expect(cal.fix).toMatch(/check the path or URL/);
  });

  it('a damaged database fails; the other checks still run', async () => {
    const db = path.join(tempDir('etiq-doctor-'), 'etiq.db');
    fs.writeFileSync(db, 'not a database at all\n');
    const r = await doctor('--config', sample, '--db', db, '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as DoctorJson;
    expect(j.checks.find((c) => c.check === 'database')).toMatchObject({ status: 'fail' });
    expect(j.checks.find((c) => c.check === 'node')).toMatchObject({ status: 'pass' });
  });

  it('a config typo fails naming the key; calendars given by flag are still checked', async () => {
    const dir = tempDir('etiq-doctor-');
    const config = path.join(dir, 'config.toml');
    fs.writeFileSync(config, 'timzone = "Europe/Berlin"\n');
    const r = await doctor('--config', config, '--calendar', path.join(fixtures, 'records', 'berlin.ics'), '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as DoctorJson;
    expect(j.checks[0]).toMatchObject({ check: 'config', status: 'fail' });
    expect(j.checks[0]!.message).toContain('did you mean "timezone"');
    expect(j.checks.find((c) => c.check === 'calendar')).toMatchObject({ status: 'pass' });
  });

  it('no config file: a warning that says where etiq looked and what to do', async () => {
    const env = isolatedEnv();
    const r = await runEtiq(['doctor', '--now', '2026-03-09T08:00', '--json'], { env });
    const j = JSON.parse(r.stdout) as DoctorJson;
    expect(j.checks[0]).toMatchObject({ check: 'config', status: 'warn', fix: 'create it (see "Configuration" in the README), or pass --config FILE' });
    expect(j.checks[0]!.message).toContain(path.join(env['XDG_CONFIG_HOME']!, 'etiq', 'config.toml'));
    expect(j.checks.find((c) => c.check === 'calendars')).toMatchObject({ status: 'fail', message: 'no calendars configured' });
    expect(r.code).toBe(1);
  });
});
