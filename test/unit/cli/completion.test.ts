/**
 * What `etiq completion` completes is read from the real commander program: every command,
 * subcommand and flag, and the values etiq checks its input against. Also: only
 * `etiq completion` (and help) loads every command; other commands load only their own.
 */
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { allCommands, completionSpec, timeZones, type CommandSpec, type CompletionSpec } from '../../../src/cli/completion.js';
import { completionScript } from '../../../src/cli/completion-shells.js';
import type { Io } from '../../../src/cli/context.js';
import { buildProgram } from '../../../src/cli/main.js';
import { SITUATIONS } from '../../../src/core/draft/template.js';
import { OUTCOMES } from '../../../src/core/etiquette/outcomes.js';
import { TONES } from '../../../src/core/etiquette/tone.js';

const sink = () =>
  new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });
const io: Io = { stdout: sink(), stderr: sink(), stdinIsTTY: false, env: {}, cwd: process.cwd() };

async function spec(): Promise<CompletionSpec> {
  return completionSpec(await buildProgram(io));
}

function find(s: CompletionSpec, path: string): CommandSpec {
  const cmd = allCommands(s).find((c) => c.path.join(' ') === path);
  if (!cmd) throw new Error(`no command "${path}"`);
  return cmd;
}

function option(cmd: CommandSpec, long: string) {
  const o = cmd.options.find((x) => x.long === long);
  if (!o) throw new Error(`etiq ${cmd.path.join(' ')} has no ${long}`);
  return o;
}

describe('the completion spec, read from the program', () => {
  it('has every command and subcommand of the program, and commander help', async () => {
    const program = await buildProgram(io);
    const s = completionSpec(program);
    const top = s.root.subcommands.map((c) => c.name);
    for (const c of program.commands) expect(top).toContain(c.name());
    for (const name of ['agenda', 'slots', 'noshow', 'log', 'history', 'clients', 'offers', 'reply', 'report', 'templates', 'doctor', 'init', 'completion', 'help']) {
      expect(top).toContain(name);
    }
    expect(allCommands(s).map((c) => c.path.join(' '))).toEqual(expect.arrayContaining(['clients set', 'offers cancel', 'templates show']));
    expect(s.root.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--version', '--help']));
  });

  it('gives each flag its values: lists, zones, files, or free text', async () => {
    const s = await spec();
    expect(option(find(s, 'report'), '--by').value).toEqual({ kind: 'words', words: ['client', 'org'] });
    expect(option(find(s, 'report'), '--min-incidents').value).toEqual({ kind: 'text', hint: 'n' });
    expect(option(find(s, 'report'), '--csv').value).toBeNull();
    // `--upcoming [days]`: its value is optional, so the flag alone is complete.
    expect(option(find(s, 'report'), '--upcoming').value).toBeNull();
    expect(option(find(s, 'noshow'), '--tone').value).toEqual({ kind: 'words', words: [...TONES] });
    expect(option(find(s, 'log'), '--tone').value).toEqual({ kind: 'words', words: [...TONES] });
    expect(option(find(s, 'slots'), '--for-tz').value).toEqual({ kind: 'zones' });
    expect(option(find(s, 'reply'), '--in').value).toEqual({ kind: 'zones' });
    expect(option(find(s, 'clients set'), '--tz').value).toEqual({ kind: 'zones' });
    let zones = 0;
    let files = 0;
    for (const cmd of allCommands(s)) {
      for (const o of cmd.options) {
        if (o.long === '--tz') {
          expect(o.value, cmd.path.join(' ')).toEqual({ kind: 'zones' });
          zones++;
        }
        if (['--config', '--calendar', '--db', '--eml', '--holds'].includes(o.long ?? '')) {
          expect(o.value, `${cmd.path.join(' ')} ${o.long}`).toEqual({ kind: 'files' });
          files++;
        }
        if (['--no-color', '--json', '--debug', '--help'].includes(o.long ?? '')) expect(o.value).toBeNull();
      }
    }
    expect(zones).toBeGreaterThanOrEqual(12);
    expect(files).toBeGreaterThanOrEqual(30);
  });

  it('completes arguments with the lists etiq checks them against', async () => {
    const s = await spec();
    expect(find(s, 'log').args).toEqual([{ name: 'outcome', variadic: false, value: { kind: 'words', words: [...OUTCOMES] } }]);
    expect(find(s, 'templates show').args[0]?.value).toEqual({ kind: 'words', words: [...SITUATIONS] });
    expect(find(s, 'completion').args[0]?.value).toEqual({ kind: 'words', words: ['bash', 'zsh', 'fish'] });
    expect(find(s, 'history').args[0]?.value.kind).toBe('text');
    const helpArg = find(s, 'help').args[0]?.value;
    expect(helpArg?.kind).toBe('words');
    const commandNames = s.root.subcommands.map((c) => c.name).filter((n) => n !== 'help');
    expect(helpArg?.kind === 'words' ? [...helpArg.words].sort() : []).toEqual(commandNames.sort());
  });

  it('knows the time zones: IANA names, their current spelling, and UTC, sorted, once each', () => {
    const zones = timeZones();
    // Intl lists Asia/Calcutta and Asia/Saigon; people type Asia/Kolkata and Asia/Ho_Chi_Minh.
    for (const z of ['Europe/London', 'America/New_York', 'Asia/Calcutta', 'Asia/Kolkata', 'Asia/Ho_Chi_Minh', 'UTC']) expect(zones).toContain(z);
    for (const z of zones) expect(() => new Intl.DateTimeFormat('en-US', { timeZone: z }), z).not.toThrow();
    expect(zones.filter((z) => z.startsWith('US/') || z.startsWith('Etc/'))).toEqual([]);
    expect(new Set(zones).size).toBe(zones.length);
    expect([...zones].sort()).toEqual(zones);
  });

  it('refuses a name the scripts could not hold unquoted', () => {
    const program = new Command('etiq');
    program.command('odd').option('--tone <tone>', 'x').option('--by <a b|c>', 'literal values with a space');
    expect(() => completionSpec(program)).toThrow(/plain word/);
  });
});

describe('the scripts', () => {
  it('name every command and every long flag, for each shell', async () => {
    const s = await spec();
    for (const shell of ['bash', 'zsh', 'fish'] as const) {
      const text = completionScript(shell, s, '9.9.9');
      expect(text).toContain('9.9.9');
      for (const cmd of allCommands(s)) {
        const path = cmd.path.join(' ');
        if (path !== '') expect(text, `${shell}: ${path}`).toContain(shell === 'fish' ? `__etiq_at ${path.includes(' ') ? `"${path}"` : path}` : `'${path}'`);
        for (const o of cmd.options) {
          if (o.long === null) continue;
          expect(text, `${shell}: ${o.long}`).toContain(shell === 'fish' ? ` -l ${o.long.slice(2)} ` : o.long);
        }
      }
    }
  });

  it('quote descriptions for zsh and fish', async () => {
    const s = await spec();
    // "a client's timeline ..." holds a quote.
    expect(completionScript('zsh', s, '0')).toContain(`'history:a client'\\''s timeline`);
    expect(completionScript('fish', s, '0')).toContain(`-a history -d 'a client\\'s timeline`);
  });
});

describe('lazy loading', () => {
  it('a command loads only itself; etiq completion loads them all', async () => {
    expect((await buildProgram(io, () => {}, ['report'])).commands.map((c) => c.name())).toEqual(['report']);
    expect((await buildProgram(io, () => {}, ['log', 'late'])).commands.map((c) => c.name())).toEqual(['noshow', 'log']);
    const all = (await buildProgram(io)).commands.map((c) => c.name());
    expect((await buildProgram(io, () => {}, ['completion', 'bash'])).commands.map((c) => c.name())).toEqual(all);
    expect(all).toContain('completion');
    expect(all.length).toBeGreaterThanOrEqual(13);
  });
});
