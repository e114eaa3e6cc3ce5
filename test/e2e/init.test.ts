/**
 * `etiq init` (issue 12), through flags (--no-input) and through its wizard. The wizard's
 * prompts are answered by replacing the prompt helpers (src/cli/prompt.ts) with a script:
 * inquirer reads process.stdin, which an in-process run cannot feed, so these tests drive
 * the wizard's questions and its handling of answers, not inquirer's key handling.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fixtures, isolatedEnv, runEtiq, tempDir } from './helpers.js';

/** Scripted answers for the prompts, in order, with the questions asked. */
const script = vi.hoisted(() => ({ answers: [] as (string | boolean)[], asked: [] as string[] }));

vi.mock('../../src/cli/prompt.js', async (importActual) => {
  const actual = await importActual<typeof import('../../src/cli/prompt.js')>();
  const next = (message: string): string | boolean => {
    script.asked.push(message);
    if (script.answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
    return script.answers.shift()!;
  };
  return {
    ...actual,
    askText: async (_io: unknown, message: string, opts: { default?: string; validate?: (v: string) => true | string }) => {
      let v = next(message) as string;
      if (v === '' && opts.default !== undefined) v = opts.default;
      const ok = opts.validate ? opts.validate(v) : true;
      if (ok !== true) throw new Error(`the wizard refused "${v}" for "${message}": ${ok}`);
      return v.trim();
    },
    confirm: async (_io: unknown, message: string) => next(message) as boolean,
    chooseSearchable: async (_io: unknown, message: string, values: readonly string[], fallback: string) => {
      const v = next(message) as string;
      const chosen = v === '' ? fallback : v;
      if (!values.includes(chosen) && chosen !== fallback) throw new Error(`"${chosen}" is not in the list`);
      return chosen;
    },
  };
});

const work = path.join(fixtures, 'sample', 'work.ics');
const personal = path.join(fixtures, 'sample', 'personal.ics');
const NOW = '2026-03-09T08:00';

function setup() {
  const home = tempDir('etiq-init-');
  const env = isolatedEnv(home);
  const config = path.join(home, 'etc', 'etiq.toml');
  return { home, env, config };
}

beforeEach(() => {
  script.answers = [];
  script.asked = [];
});

describe('etiq init --no-input', () => {
  it('writes a commented file from flags that round-trips the values; doctor passes on it', async () => {
    const { env, config } = setup();
    const name = 'Zoë "Z"\nO\'Brien\t\\jr\u007f.';
    const r = await runEtiq(
      ['init', '--no-input', '--now', NOW, '--config', config, '--name', name, '--email', 'Zoe@Example.com', '--other', 'z@home.example',
        '--tz', 'Eastern Standard Time', '--hours', 'mon-thu 09:00-12:00,13:00-17:00', '--hours', 'fri=09:00-13:00', '--calendar', work, '--calendar', personal],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Wrote ${config}`);
    expect(r.stdout).toMatch(/work\.ics: \d+ events? in the next 14 days/);
    expect(r.stdout).toContain(`etiq doctor --config ${config}`);
    const text = fs.readFileSync(config, 'utf8');
    expect(text).toMatch(/^# etiq configuration/);
    expect(text).toContain('# duration = "30m"');
    const t = parse(text) as Record<string, Record<string, unknown>>;
    expect(t['timezone']).toBe('America/New_York');
    expect(t['calendars']).toEqual([work, personal]);
    expect(t['me']).toEqual({ name, email: 'zoe@example.com', other: ['z@home.example'] });
    expect(t['hours']).toEqual({
      mon: ['09:00-12:00', '13:00-17:00'], tue: ['09:00-12:00', '13:00-17:00'], wed: ['09:00-12:00', '13:00-17:00'], thu: ['09:00-12:00', '13:00-17:00'], fri: ['09:00-13:00'],
    });
    const db = path.join(tempDir('etiq-init-'), 'etiq.db');
    const doc = await runEtiq(['doctor', '--now', NOW, '--config', config, '--db', db, '--json'], { env });
    expect(doc.code, doc.stdout).toBe(0);
    expect(JSON.parse(doc.stdout).checks[0]).toMatchObject({ check: 'config', status: 'pass' });
  });

  it('defaults: the platform path, the system zone, Monday to Friday 09:00-17:00; a relative calendar is written absolute', async () => {
    const { home, env } = setup();
    const cwd = path.join(fixtures, 'sample');
    const r = await runEtiq(['init', '--no-input', '--now', NOW, '--email', 'dana@example.com', '--calendar', 'work.ics'], { env: { ...env, TZ: 'Europe/Berlin' }, cwd });
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(home, '.config', 'etiq', 'config.toml');
    expect(r.stdout).toContain(`Wrote ${file}`);
    expect(r.stdout).toContain('Next: `etiq agenda`');
    const t = parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(t['timezone']).toBe('Europe/Berlin');
    expect(t['calendars']).toEqual([work]);
    expect(t['me']).toEqual({ email: 'dana@example.com', other: [] });
    expect(Object.keys(t['hours']!)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(t['hours']!['wed']).toEqual(['09:00-17:00']);
    // etiq finds it without --config.
    const doc = await runEtiq(['doctor', '--now', NOW, '--json'], { env: { ...env, TZ: 'Europe/Berlin' } });
    expect(doc.code, doc.stdout).toBe(0);
  });

  it('a missing --email is exit 2 naming --email; nothing is written', async () => {
    const { env, config } = setup();
    const r = await runEtiq(['init', '--no-input', '--config', config, '--calendar', work], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--email is required with --no-input');
    expect(fs.existsSync(config)).toBe(false);
  });

  it('a missing --calendar is exit 2 naming --calendar', async () => {
    const { env, config } = setup();
    const r = await runEtiq(['init', '--no-input', '--config', config, '--email', 'd@example.com'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--calendar is required');
  });

  it('bad values name their flag: --tz, --hours, --email', async () => {
    const { env, config } = setup();
    const base = ['init', '--no-input', '--config', config, '--calendar', work, '--email', 'd@example.com'];
    const tz = await runEtiq([...base, '--tz', 'Mars/Olympus'], { env });
    expect(tz.code).toBe(2);
    expect(tz.stderr).toContain('--tz "Mars/Olympus" is not a time zone');
    const hours = await runEtiq([...base, '--hours', 'mon-fri 17:00-09:00'], { env });
    expect(hours.code).toBe(2);
    expect(hours.stderr).toContain('--hours');
    const email = await runEtiq([...base, '--email', 'nope'], { env });
    expect(email.code).toBe(2);
    expect(email.stderr).toContain('--email "nope" is not an email address');
    expect(fs.existsSync(config)).toBe(false);
  });

  it('a calendar that cannot be read is exit 2 naming it; nothing is written', async () => {
    const { home, env, config } = setup();
    const gone = path.join(home, 'gone.ics');
    const r = await runEtiq(['init', '--no-input', '--config', config, '--email', 'd@example.com', '--calendar', work, '--calendar', gone], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`calendar ${gone} cannot be read`);
    expect(fs.existsSync(config)).toBe(false);
  });

  it('refuses to overwrite without --force (exit 2, file untouched); with --force keeps the old file as .bak', async () => {
    const { env, config } = setup();
    fs.mkdirSync(path.dirname(config), { recursive: true });
    fs.writeFileSync(config, 'old = true\n');
    const args = ['init', '--no-input', '--now', NOW, '--config', config, '--email', 'd@example.com', '--calendar', work];
    const r = await runEtiq(args, { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${config} already exists`);
    expect(r.stderr).toContain('--force');
    expect(fs.readFileSync(config, 'utf8')).toBe('old = true\n');
    const f = await runEtiq([...args, '--force'], { env });
    expect(f.code, f.stderr).toBe(0);
    expect(fs.readFileSync(`${config}.bak`, 'utf8')).toBe('old = true\n');
    expect(f.stdout).toContain(`Kept the old file as ${config}.bak`);
    expect((parse(fs.readFileSync(config, 'utf8')) as { me: { email: string } }).me.email).toBe('d@example.com');
    expect(fs.readdirSync(path.dirname(config)).sort()).toEqual(['etiq.toml', 'etiq.toml.bak']); // no temporary file left
  });

  it('without a terminal and without --no-input, it takes the flags and never prompts', async () => {
    const { env, config } = setup();
    const r = await runEtiq(['init', '--config', config, '--calendar', work], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--email is required without a terminal');
  });
});

describe('etiq init at a terminal (scripted prompts)', () => {
  it('asks what the flags did not give; a calendar that fails can be fixed, then another skipped', async () => {
    const { home, env, config } = setup();
    const gone = path.join(home, 'gone.ics');
    script.answers = [
      'Dana Reyes', // name
      'Dana@Example.com', // email
      'dana@home.example, d@x.example', // other
      'America/Chicago', // zone
      'mon-thu 09:00-17:00; fri 09:00-13:00', // hours
      gone, // first calendar: cannot be read
      work, // fixed
      '/also/gone.ics', // another: cannot be read
      '', // skipped
      '', // done
    ];
    const r = await runEtiq(['init', '--now', NOW, '--config', config], { env, tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(script.answers).toEqual([]);
    expect(script.asked[0]).toMatch(/name/i);
    expect(r.stderr).toContain(`cannot read ${gone}`);
    expect(r.stderr).toContain('skipped /also/gone.ics');
    expect(r.stdout).toMatch(/work\.ics: \d+ events? in the next 14 days/);
    const t = parse(fs.readFileSync(config, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(t['timezone']).toBe('America/Chicago');
    expect(t['calendars']).toEqual([work]);
    expect(t['me']).toEqual({ name: 'Dana Reyes', email: 'dana@example.com', other: ['dana@home.example', 'd@x.example'] });
    expect(t['hours']!['fri']).toEqual(['09:00-13:00']);
    expect(t['hours']!['thu']).toEqual(['09:00-17:00']);
  });

  it('flags answer their questions; the defaults are taken on Enter', async () => {
    const { env, config } = setup();
    script.answers = ['', '', '']; // other: none; zone: the system's; hours: the default
    const r = await runEtiq(['init', '--now', NOW, '--config', config, '--name', 'D', '--email', 'd@example.com', '--calendar', work], { env: { ...env, TZ: 'Asia/Tokyo' }, tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(script.asked).toHaveLength(3);
    const t = parse(fs.readFileSync(config, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(t['timezone']).toBe('Asia/Tokyo');
    expect(Object.keys(t['hours']!)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
  });
});
