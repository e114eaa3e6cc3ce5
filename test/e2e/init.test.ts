/**
 * `etiq init` (issue 12), through flags (--no-input) and through its wizard. The wizard's
 * prompts are answered by replacing the prompt helpers (src/cli/prompt.ts) with a script:
 * inquirer reads process.stdin, which an in-process run cannot feed, so these tests drive
 * the wizard's questions and its handling of answers, not inquirer's key handling.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSettings } from '../../src/adapters/config-file.js';
import { SLOT_SETTINGS, checkSlotSetting } from '../../src/cli/init-slots.js';
import { DEFAULT_FOLLOWUP, DEFAULT_SLOTS } from '../../src/core/settings.js';
import { fixtures, isolatedEnv, runEtiq, tempDir } from './helpers.js';

/**
 * Scripted answers for the prompts, in order, with the questions asked and the defaults
 * they offered. An answer the question's `validate` refuses is kept in `refused` and the
 * question is asked again with the next answer, as inquirer does at a terminal.
 */
const script = vi.hoisted(() => ({
  answers: [] as (string | boolean)[],
  asked: [] as string[],
  defaults: [] as (string | boolean | undefined)[],
  refused: [] as { question: string; answer: string; reason: string }[],
}));

vi.mock('../../src/cli/prompt.js', async (importActual) => {
  const actual = await importActual<typeof import('../../src/cli/prompt.js')>();
  const next = (message: string, fallback: string | boolean | undefined): string | boolean => {
    script.asked.push(message);
    script.defaults.push(fallback);
    if (script.answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
    return script.answers.shift()!;
  };
  return {
    ...actual,
    askText: async (_io: unknown, message: string, opts: { default?: string; validate?: (v: string) => true | string }) => {
      for (;;) {
        let v = next(message, opts.default) as string;
        if (v === '' && opts.default !== undefined) v = opts.default;
        const ok = opts.validate ? opts.validate(v) : true;
        if (ok === true) return v.trim();
        script.refused.push({ question: message, answer: v, reason: ok });
      }
    },
    // Enter ('') takes the default, as (Y/n) does.
    confirm: async (_io: unknown, message: string, fallback: boolean) => {
      const v = next(message, fallback);
      return v === '' ? fallback : (v as boolean);
    },
    chooseSearchable: async (_io: unknown, message: string, values: readonly string[], fallback: string) => {
      const v = next(message, fallback) as string;
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
  script.defaults = [];
  script.refused = [];
});

afterEach(() => {
  // Every scripted answer was used.
  expect(script.answers).toEqual([]);
});

type Toml = Record<string, Record<string, unknown>>;

/** The settings etiq reads from the file, through the loader every command uses. */
function settingsOf(config: string, env: NodeJS.ProcessEnv) {
  return loadSettings({ config }, env);
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

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
    // The next commands, one a line, without --config: etiq finds the file there.
    expect(r.stdout).toContain('\n  etiq agenda\n  etiq doctor\n');
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
      false, // not Monday to Friday 09:00-17:00: day by day
      '09:00-17:00', // Monday
      '', // Tuesday: as Monday
      '', // Wednesday
      '', // Thursday
      '09:00-13:00', // Friday
      'off', // Saturday
      '', // Sunday: off, as Saturday
      gone, // first calendar: cannot be read
      work, // fixed
      '/also/gone.ics', // another: cannot be read
      '', // skipped
      '', // done
      '', // the usual slot and follow-up settings
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
    expect(t['hours']).toEqual({ mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-13:00'] });
    expect(script.refused).toEqual([]);
  });

  it('flags answer their questions; the defaults are taken on Enter', async () => {
    const { env, config } = setup();
    script.answers = ['', '', '', '']; // other: none; zone: the system's; hours: Monday to Friday 09:00-17:00; the usual slot settings
    const r = await runEtiq(['init', '--now', NOW, '--config', config, '--name', 'D', '--email', 'd@example.com', '--calendar', work], { env: { ...env, TZ: 'Asia/Tokyo' }, tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(script.asked).toHaveLength(4);
    expect(script.asked[2]).toBe('Working hours Monday to Friday 09:00-17:00?');
    expect(script.asked[3]).toBe('Use the usual slot and follow-up settings (30m meetings, 10m buffer, 18h notice; a follow-up offers 3 slots, held for 48h)?');
    expect(script.defaults.slice(2)).toEqual([true, true]);
    const text = fs.readFileSync(config, 'utf8');
    const t = parse(text) as Toml;
    expect(t['timezone']).toBe('Asia/Tokyo');
    expect(t['hours']).toEqual({ mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'] });
    // The usual settings stay commented out, with their values shown.
    expect(t['slots']).toEqual({});
    expect(t['followup']).toEqual({});
    for (const line of ['# duration = "30m"      # meeting length', '# buffer = "10m"        #', '# notice = "18h"        #', '# offer = 3             #', '# valid_for = "48h"     #']) {
      expect(text).toContain(`\n${line}`);
    }
    const settings = await settingsOf(config, env);
    expect(settings.slots).toMatchObject({ durationMs: DEFAULT_SLOTS.durationMs, bufferMs: DEFAULT_SLOTS.bufferMs, noticeMs: DEFAULT_SLOTS.noticeMs });
    expect(settings.followup).toMatchObject({ offer: DEFAULT_FOLLOWUP.offer, validForMs: DEFAULT_FOLLOWUP.validForMs });
  });
});

describe('etiq init: working hours day by day (scripted prompts)', () => {
  it('a day off, Enter repeats the day before, a bad answer is refused on the spot and asked again', async () => {
    const { env, config } = setup();
    script.answers = [
      '', // other addresses: none
      false, // not Monday to Friday 09:00-17:00
      '08:30-12:00, 13:00-17:30', // Monday, two ranges
      '', // Tuesday: Enter repeats Monday
      '9-5', // Wednesday: refused
      '13:00-12:00', // refused: ends before it starts
      '09:00-12:00,11:00-13:00', // refused: overlapping
      'off', // Wednesday off
      '', // Thursday: Enter repeats Wednesday, off
      '10:00-16:00', // Friday
      'OFF', // Saturday
      '', // Sunday: off
      '', // the usual slot and follow-up settings
    ];
    const r = await runEtiq(['init', '--now', NOW, '--config', config, '--email', 'd@example.com', '--name', 'D', '--tz', 'Europe/Berlin', '--calendar', work], { env, tty: true });
    expect(r.code, r.stderr).toBe(0);

    const days = ['Monday (hours such as 09:00-12:00,13:00-17:00, or off):', 'Tuesday:', 'Wednesday:', 'Wednesday:', 'Wednesday:', 'Wednesday:', 'Thursday:', 'Friday:', 'Saturday:', 'Sunday:'];
    expect(script.asked.slice(1, 2 + days.length)).toEqual(['Working hours Monday to Friday 09:00-17:00?', ...days]);
    // Each day offers the day before's answer, written tidily.
    expect(script.defaults.slice(2, 2 + days.length)).toEqual(['09:00-17:00', '08:30-12:00,13:00-17:30', '08:30-12:00,13:00-17:30', '08:30-12:00,13:00-17:30', '08:30-12:00,13:00-17:30', '08:30-12:00,13:00-17:30', 'off', 'off', '10:00-16:00', 'off']);
    expect(script.refused).toEqual([
      { question: 'Wednesday:', answer: '9-5', reason: '"9-5" is not a range such as 09:00-17:00 (end after start); write "off" for a day off' },
      { question: 'Wednesday:', answer: '13:00-12:00', reason: '"13:00-12:00" is not a range such as 09:00-17:00 (end after start); write "off" for a day off' },
      { question: 'Wednesday:', answer: '09:00-12:00,11:00-13:00', reason: 'the ranges overlap; write "off" for a day off' },
    ]);

    const t = parse(fs.readFileSync(config, 'utf8')) as Toml;
    expect(t['hours']).toEqual({ mon: ['08:30-12:00', '13:00-17:30'], tue: ['08:30-12:00', '13:00-17:30'], fri: ['10:00-16:00'] });
    // As etiq reads it: minutes after midnight, days off empty.
    const settings = await settingsOf(config, env);
    const monTue = [{ start: 8 * 60 + 30, end: 12 * 60 }, { start: 13 * 60, end: 17 * 60 + 30 }];
    expect(settings.hours).toEqual({ mon: monTue, tue: monTue, wed: [], thu: [], fri: [{ start: 600, end: 960 }], sat: [], sun: [] });
    const db = path.join(tempDir('etiq-init-'), 'etiq.db');
    const doc = await runEtiq(['doctor', '--now', NOW, '--config', config, '--db', db, '--json'], { env });
    expect(doc.code, doc.stdout).toBe(0);
  });

  it('every day off: written so, with a warning that no slot will be offered', async () => {
    const { env, config } = setup();
    script.answers = ['', false, 'off', '', '', '', '', '', '', ''];
    const r = await runEtiq(['init', '--now', NOW, '--config', config, '--email', 'd@example.com', '--name', 'D', '--tz', 'UTC', '--calendar', work], { env, tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('every day is off: etiq offers no slot until you add working hours under [hours]');
    expect((parse(fs.readFileSync(config, 'utf8')) as Toml)['hours']).toEqual({});
  });

  it('a meeting longer than every working range is written, with a warning that no slot fits', async () => {
    const { env, config } = setup();
    const r = await runEtiq(['init', '--no-input', '--now', NOW, '--config', config, '--email', 'd@example.com', '--calendar', work, '--hours', 'mon-fri 09:00-12:00,13:00-17:00', '--slot-duration', '4h30m'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: a 4h30m meeting fits in none of your working hours (the longest is 4h)');
    expect((parse(fs.readFileSync(config, 'utf8')) as Toml)['slots']).toEqual({ duration: '4h30m' });
  });

  it('--hours answers the question: nothing about hours is asked', async () => {
    const { env, config } = setup();
    script.answers = ['', ''];
    const r = await runEtiq(['init', '--now', NOW, '--config', config, '--email', 'd@example.com', '--name', 'D', '--tz', 'UTC', '--calendar', work, '--hours', 'tue,thu 10:00-14:00'], { env, tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(script.asked.some((q) => /hours|Monday/i.test(q))).toBe(false);
    expect((parse(fs.readFileSync(config, 'utf8')) as Toml)['hours']).toEqual({ tue: ['10:00-14:00'], thu: ['10:00-14:00'] });
  });
});

describe('etiq init: slot and follow-up settings', () => {
  it("each default reads as etiq's own default", () => {
    for (const s of SLOT_SETTINGS) expect(checkSlotSetting(s, s.defaultText), s.id).toMatchObject({ ok: true, isDefault: true });
  });

  it('changed in the wizard: real keys in their sections, read back as answered; a bad answer is asked again; Enter keeps a default', async () => {
    const { env, config } = setup();
    script.answers = [
      '', // other addresses
      '', // hours: Monday to Friday 09:00-17:00
      false, // not the usual slot settings
      '0m', // meeting length: refused
      '45m', // meeting length
      '0m', // buffer: none
      '1d', // notice: one calendar day
      '11', // offer: refused
      '2.5', // offer: refused
      '5', // offer
      '', // valid for: Enter keeps 48h
    ];
    const r = await runEtiq(['init', '--now', NOW, '--config', config, '--email', 'd@example.com', '--name', 'D', '--tz', 'America/New_York', '--calendar', work], { env, tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(script.asked.slice(2)).toEqual([
      'Use the usual slot and follow-up settings (30m meetings, 10m buffer, 18h notice; a follow-up offers 3 slots, held for 48h)?',
      'Meeting length (slot duration):',
      'Meeting length (slot duration):',
      'Free time before and after each meeting (buffer; 0 for none):',
      'Minimum notice (no slot starts sooner than this from now):',
      'How many slots a follow-up offers:',
      'How many slots a follow-up offers:',
      'How many slots a follow-up offers:',
      'How long an offer holds its slots:',
    ]);
    expect(script.defaults.slice(3)).toEqual(['30m', '30m', '10m', '18h', '3', '3', '3', '48h']);
    expect(script.refused).toEqual([
      { question: 'Meeting length (slot duration):', answer: '0m', reason: 'expected a duration longer than zero' },
      { question: 'How many slots a follow-up offers:', answer: '11', reason: 'expected a whole number of slots from 1 to 10' },
      { question: 'How many slots a follow-up offers:', answer: '2.5', reason: 'expected a whole number of slots from 1 to 10' },
    ]);

    const text = fs.readFileSync(config, 'utf8');
    expect(text).toContain('\nduration = "45m"        # meeting length (default "30m")\n');
    expect(text).toContain('\nbuffer = "0m"           # free time required before and after the new meeting (default "10m")\n');
    expect(text).toContain('\nnotice = "1d"           # minimum notice: no slot starts before now + notice (default "18h")\n');
    expect(text).toContain('\noffer = 5               # slots a follow-up offers (default 3)\n');
    expect(text).toContain('\n# valid_for = "48h"     #');
    const t = parse(text) as Toml;
    expect(t['slots']).toEqual({ duration: '45m', notice: '1d', buffer: '0m' });
    expect(t['followup']).toEqual({ offer: 5 });

    const settings = await settingsOf(config, env);
    expect(settings.warnings).toEqual([]);
    expect(settings.slots).toMatchObject({ durationMs: 45 * MIN, bufferMs: 0, noticeMs: DAY, noticeDays: 1, horizonMs: 14 * DAY, stepMs: null });
    expect(settings.followup).toMatchObject({ offer: 5, validForMs: 48 * HOUR, noticeMs: null, firmNoticeMs: 3 * DAY });
    const db = path.join(tempDir('etiq-init-'), 'etiq.db');
    const doc = await runEtiq(['doctor', '--now', NOW, '--config', config, '--db', db, '--json'], { env });
    expect(doc.code, doc.stdout).toBe(0);
  });

  it('given as flags with --no-input: real keys where they differ, a default stays commented; etiq reads them back; doctor passes', async () => {
    const { env, config } = setup();
    const r = await runEtiq(
      ['init', '--no-input', '--now', NOW, '--config', config, '--email', 'd@example.com', '--calendar', work,
        '--slot-duration', '1h', '--buffer', '15m', '--notice', '2w', '--offer', '4', '--valid-for', '2d'],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    const text = fs.readFileSync(config, 'utf8');
    const t = parse(text) as Toml;
    expect(t['slots']).toEqual({ duration: '1h', notice: '2w', buffer: '15m' });
    // 2d is 48h, the default: left commented out.
    expect(t['followup']).toEqual({ offer: 4 });
    expect(text).toContain('\n# valid_for = "48h"     #');
    const settings = await settingsOf(config, env);
    expect(settings.slots).toMatchObject({ durationMs: HOUR, bufferMs: 15 * MIN, noticeMs: 14 * DAY, noticeDays: 14 });
    expect(settings.followup).toMatchObject({ offer: 4, validForMs: 2 * DAY });
    const db = path.join(tempDir('etiq-init-'), 'etiq.db');
    const doc = await runEtiq(['doctor', '--now', NOW, '--config', config, '--db', db, '--json'], { env });
    expect(doc.code, doc.stdout).toBe(0);
    expect(JSON.parse(doc.stdout).checks[0]).toMatchObject({ check: 'config', status: 'pass' });
  });

  it('flags at a terminal answer their own questions; the rest are asked when the summary is declined', async () => {
    const { env, config } = setup();
    script.answers = ['', '', false, '25m', '', '72h'];
    const r = await runEtiq(
      ['init', '--now', NOW, '--config', config, '--email', 'd@example.com', '--name', 'D', '--tz', 'UTC', '--calendar', work, '--notice', '36h', '--offer', '2'],
      { env, tty: true },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(script.asked.slice(2)).toEqual([
      'Use these slot and follow-up settings (30m meetings, 10m buffer, 36h notice; a follow-up offers 2 slots, held for 48h)?',
      'Meeting length (slot duration):',
      'Free time before and after each meeting (buffer; 0 for none):',
      'How long an offer holds its slots:',
    ]);
    const t = parse(fs.readFileSync(config, 'utf8')) as Toml;
    expect(t['slots']).toEqual({ duration: '25m', notice: '36h' });
    expect(t['followup']).toEqual({ offer: 2, valid_for: '72h' });
    const settings = await settingsOf(config, env);
    expect(settings.slots).toMatchObject({ durationMs: 25 * MIN, bufferMs: 10 * MIN, noticeMs: 36 * HOUR, noticeDays: null });
    expect(settings.followup).toMatchObject({ offer: 2, validForMs: 72 * HOUR });
  });

  it('all five flags at a terminal: the settings question is not asked', async () => {
    const { env, config } = setup();
    script.answers = ['', ''];
    const r = await runEtiq(
      ['init', '--now', NOW, '--config', config, '--email', 'd@example.com', '--name', 'D', '--tz', 'UTC', '--calendar', work,
        '--slot-duration', '30m', '--buffer', '5m', '--notice', '18h', '--offer', '3', '--valid-for', '24h'],
      { env, tty: true },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(script.asked).toHaveLength(2); // other addresses, hours
    const t = parse(fs.readFileSync(config, 'utf8')) as Toml;
    expect(t['slots']).toEqual({ buffer: '5m' });
    expect(t['followup']).toEqual({ valid_for: '24h' });
  });

  it('a bad value is exit 2 naming its flag, before anything is asked; nothing is written', async () => {
    const { env, config } = setup();
    const base = ['init', '--no-input', '--now', NOW, '--config', config, '--calendar', work, '--email', 'd@example.com'];
    const cases: [string[], string][] = [
      [['--slot-duration', '0m'], '--slot-duration "0m" is not valid: expected a duration longer than zero'],
      [['--slot-duration', 'half an hour'], '--slot-duration "half an hour" is not valid: expected a duration such as "30m"'],
      [['--buffer', 'soon'], '--buffer "soon" is not valid: expected a duration such as'],
      [['--notice', '400d'], '--notice "400d" is not valid: expected a duration of at most 366d'],
      [['--offer', '0'], '--offer "0" is not valid: expected a whole number of slots from 1 to 10'],
      [['--offer', '11'], '--offer "11" is not valid: expected a whole number of slots from 1 to 10'],
      [['--offer', 'three'], '--offer "three" is not valid: expected a whole number of slots from 1 to 10'],
      [['--valid-for', '0'], '--valid-for "0" is not valid: expected a duration longer than zero'],
    ];
    for (const [flag, message] of cases) {
      const r = await runEtiq([...base, ...flag], { env });
      expect(r.code, flag.join(' ')).toBe(2);
      expect(r.stderr, flag.join(' ')).toContain(message);
    }
    // At a terminal too, before the first question (no answers are scripted: a prompt would fail the run).
    const tty = await runEtiq(['init', '--now', NOW, '--config', config, '--offer', '12'], { env, tty: true });
    expect(tty.code).toBe(2);
    expect(tty.stderr).toContain('--offer "12" is not valid');
    expect(script.asked).toEqual([]);
    expect(fs.existsSync(config)).toBe(false);
  });
});
