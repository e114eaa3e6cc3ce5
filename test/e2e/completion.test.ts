/**
 * `etiq completion bash|zsh|fish` (issue 12): the scripts name the real commands, flags and
 * values, each is checked by its own shell when that shell is installed, and completes real
 * command lines: bash through its completion function (COMP_WORDS, COMPREPLY), fish through
 * `complete -C`, zsh through its completion system in a pseudo-terminal (zpty). A missing
 * shell skips its tests, visibly.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SITUATIONS } from '../../src/core/draft/template.js';
import { OUTCOMES } from '../../src/core/etiquette/outcomes.js';
import { TONES } from '../../src/core/etiquette/tone.js';
import { repoRoot, runEtiq, tempDir } from './helpers.js';

const SHELL_NAMES = ['bash', 'zsh', 'fish'] as const;
type ShellName = (typeof SHELL_NAMES)[number];

function installed(shell: string): boolean {
  const r = spawnSync(shell, ['-c', 'exit 0'], { stdio: 'ignore', timeout: 10_000 });
  return r.error === undefined && r.status === 0;
}

const has = Object.fromEntries(SHELL_NAMES.map((s) => [s, installed(s)])) as Record<ShellName, boolean>;
for (const s of SHELL_NAMES) if (!has[s]) console.warn(`completion tests for ${s} skipped: ${s} is not installed`);
// The zsh test drives a real interactive zsh through the zpty module.
const hasZpty = has.zsh && spawnSync('zsh', ['-fc', 'zmodload zsh/zpty'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
if (has.zsh && !hasZpty) console.warn('zsh completion test skipped: the zsh/zpty module is not available');

const dir = tempDir('etiq-completion-');
const scripts = {} as Record<ShellName, { file: string; text: string }>;
// A file name with a space, for the flags that take files.
const holds = path.join(dir, 'my holds.ics');
fs.writeFileSync(holds, '');

beforeAll(async () => {
  for (const shell of SHELL_NAMES) {
    const r = await runEtiq(['completion', shell]);
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(dir, `etiq.${shell}`);
    fs.writeFileSync(file, r.stdout);
    scripts[shell] = { file, text: r.stdout };
  }
});

function sq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

describe('etiq completion', () => {
  it('without a shell, or with one it does not know, is a usage error naming bash, zsh and fish', async () => {
    for (const args of [['completion'], ['completion', 'powershell']]) {
      const r = await runEtiq(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^etiq: /);
      for (const shell of SHELL_NAMES) expect(r.stderr).toContain(shell);
    }
    expect((await runEtiq(['completion', 'powershell'])).stderr).toContain('"powershell"');
  });

  for (const shell of SHELL_NAMES) {
    it(`etiq completion ${shell} names the real commands, subcommands, flags and values`, () => {
      const { text } = scripts[shell];
      for (const word of ['report', 'agenda', 'noshow', 'doctor', 'completion', '--min-incidents', '--for-tz', "'clients set'", "'offers cancel'", "'templates show'", 'Europe/London', 'UTC']) {
        expect(text, word).toContain(word);
      }
      for (const situation of SITUATIONS) expect(text).toContain(situation);
      for (const outcome of OUTCOMES) expect(text).toContain(outcome);
      expect(text.endsWith('\n')).toBe(true);
    });
  }

  it('writes the same script at a terminal: it holds no control character to show', async () => {
    for (const shell of SHELL_NAMES) {
      const r = await runEtiq(['completion', shell], { tty: true });
      expect(r.stdout).toBe(scripts[shell].text);
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    }
  });

  it('has a --help with its purpose and examples, and is listed under "Set up"', async () => {
    const help = await runEtiq(['completion', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: etiq completion \[options\] \[shell\]\n\n\S.*\n\n/);
    expect(help.stdout).toContain('$ etiq completion fish > ~/.config/fish/completions/etiq.fish');
    const overview = await runEtiq([]);
    expect(overview.stdout).toMatch(/\nSet up:\n(  .*\n)*  completion +\S/);
  });
});

describe.skipIf(!has.bash)('bash', () => {
  it('bash -n accepts the script', () => {
    const r = spawnSync('bash', ['-n', scripts.bash.file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  /** What `_etiq` puts in COMPREPLY for these words, the last one being completed. */
  function complete(cases: readonly (readonly string[])[]): string[][] {
    const lines = [`source ${sq(scripts.bash.file)}`];
    for (const words of cases) {
      const line = words.join(' ');
      lines.push(
        `COMP_WORDS=(${words.map(sq).join(' ')}); COMP_CWORD=${words.length - 1}; COMP_LINE=${sq(line)}; COMP_POINT=${line.length}; COMPREPLY=()`,
        '_etiq',
        `printf '%s\\n' "\${COMPREPLY[@]}" '@@'`,
      );
    }
    // No ~/.bashrc, no bash-completion: the script must stand on its own.
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', lines.join('\n')], { encoding: 'utf8', cwd: repoRoot, timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout.split('@@\n').slice(0, -1).map((block) => block.split('\n').filter((l) => l !== ''));
  }

  it('completes commands, flags and their values through _etiq', () => {
    const cases: [string[], (got: string[]) => void][] = [
      [['etiq', 'rep'], (got) => expect(got.sort()).toEqual(['reply', 'report'])],
      [['etiq', 'repo'], (got) => expect(got).toEqual(['report'])],
      [['etiq', 'report', '--by', ''], (got) => expect(got).toEqual(['client', 'org'])],
      [['etiq', 'report', '--min'], (got) => expect(got).toEqual(['--min-incidents'])],
      [['etiq', 'slots', '--tz', 'Europe/Lon'], (got) => expect(got).toEqual(['Europe/London'])],
      [['etiq', 'slots', '--for-tz', 'Europe/Lon'], (got) => expect(got).toEqual(['Europe/London'])],
      // `--tz=Europe/Lon`: bash splits the word at '='.
      [['etiq', 'slots', '--tz', '=', 'Europe/Lon'], (got) => expect(got).toEqual(['Europe/London'])],
      [['etiq', 'reply', '--in', 'UT'], (got) => expect(got).toEqual(['UTC'])],
      [['etiq', 'log', ''], (got) => expect(got.sort()).toEqual([...OUTCOMES].sort())],
      [['etiq', 'log', 'host-no'], (got) => expect(got).toEqual(['host-no-show'])],
      // A flag's value (--note x) and a time bash split at ':' are no outcome.
      [['etiq', 'log', '--note', 'x', '--at', '2026-03-10T10', ':', '00', ''], (got) => expect(got.sort()).toEqual([...OUTCOMES].sort())],
      [['etiq', 'log', 'late', '--tone', ''], (got) => expect(got.sort()).toEqual([...TONES].sort())],
      [['etiq', 'templates', 'show', ''], (got) => expect(got.sort()).toEqual([...SITUATIONS].sort())],
      [['etiq', 'templates', ''], (got) => expect(got).toEqual(['show'])],
      [['etiq', 'clients', ''], (got) => expect(got).toEqual(['set'])],
      [['etiq', 'offers', 'c'], (got) => expect(got).toEqual(['cancel'])],
      [
        ['etiq', 'clients', 'set', 'ana@example.com', '--'],
        (got) => {
          expect(got).toEqual(expect.arrayContaining(['--tz', '--name', '--org', '--db']));
          expect(got).not.toContain('--calendar');
        },
      ],
      [['etiq', 'help', 'tem'], (got) => expect(got).toEqual(['templates'])],
      [['etiq', 'completion', ''], (got) => expect(got.sort()).toEqual(['bash', 'fish', 'zsh'])],
      [['etiq', 'slots', '--config', 'fixtures/sample/con'], (got) => expect(got).toEqual(['fixtures/sample/config.toml'])],
      [['etiq', 'offers', '--holds', path.join(dir, 'my')], (got) => expect(got).toEqual([holds])],
      // Free text (a date) offers nothing, not file names.
      [['etiq', 'agenda', '--from', ''], (got) => expect(got).toEqual([])],
    ];
    const results = complete(cases.map(([words]) => words));
    cases.forEach(([words, check], i) => {
      try {
        check(results[i]!);
      } catch (err) {
        throw new Error(`${words.join(' ')}<TAB>: ${(err as Error).message}`);
      }
    });
  });
});

describe.skipIf(!has.zsh)('zsh', () => {
  it('zsh -n accepts the script', () => {
    const r = spawnSync('zsh', ['-n', scripts.zsh.file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  /**
   * Types each line into an interactive zsh (in a pseudo-terminal), then TAB and Enter;
   * `etiq` is a function there that prints the words it gets. `how`: the script is sourced
   * (`source <(etiq completion zsh)`), or autoloaded as _etiq from a folder on $fpath.
   */
  function typeWithTab(how: 'source' | 'fpath', lines: readonly string[]): string[] {
    const fpathDir = path.join(dir, 'zfunc');
    fs.mkdirSync(fpathDir, { recursive: true });
    fs.copyFileSync(scripts.zsh.file, path.join(fpathDir, '_etiq'));
    const load = how === 'source' ? `autoload -U compinit; compinit -u -D; source ${sq(scripts.zsh.file)}` : `fpath=(${sq(fpathDir)} $fpath); autoload -U compinit; compinit -u -D`;
    const driver = [
      'zmodload zsh/zpty || exit 3',
      'zpty z zsh -f -i',
      // The marker is written split, so that the echo of this line does not match it.
      `zpty -w z ${sq(`PS1='> '; ${load}; etiq() { print -r -- "<""<$*>"">" }`)}`,
      'for line in "$@"; do',
      `  zpty -n -w z "$line"$'\\t'$'\\n'`,
      "  zpty -r -m z out '*<<*>>*' || exit 4",
      '  print -r -- "${${out##*<<}%%>>*}"',
      'done',
      'zpty -d z',
    ].join('\n');
    const r = spawnSync('zsh', ['-f', '-c', driver, 'zsh', ...lines], { encoding: 'utf8', cwd: repoRoot, timeout: 20_000, env: { ...process.env, HOME: dir } });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').slice(0, lines.length);
  }

  it.skipIf(!hasZpty)('completes command lines in a real zsh, sourced or from $fpath', () => {
    const cases: [string, string][] = [
      ['etiq repo', 'report'],
      ['etiq report --by o', 'report --by org'],
      ['etiq report --min-inc', 'report --min-incidents'],
      ['etiq slots --tz Europe/Lon', 'slots --tz Europe/London'],
      ['etiq slots --for-tz=Europe/Lon', 'slots --for-tz=Europe/London'],
      ['etiq log host-no', 'log host-no-show'],
      ['etiq log late --tone f', 'log late --tone firm'],
      ['etiq clients s', 'clients set'],
      ['etiq templates show noshow-r', 'templates show noshow-repeat'],
      ['etiq help templ', 'help templates'],
      ['etiq completion fi', 'completion fish'],
    ];
    for (const how of ['source', 'fpath'] as const) {
      expect(typeWithTab(how, cases.map(([line]) => line)), how).toEqual(cases.map(([, done]) => done));
    }
  });
});

describe.skipIf(!has.fish)('fish', () => {
  it('fish --no-execute accepts the script', () => {
    const r = spawnSync('fish', ['--no-execute', scripts.fish.file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('completes commands, flags and their values (complete -C)', () => {
    const cases: [string, (got: string[]) => void][] = [
      ['etiq rep', (got) => expect(got.sort()).toEqual(['reply', 'report'])],
      ['etiq report --by ', (got) => expect(got.sort()).toEqual(['client', 'org'])],
      ['etiq report --min', (got) => expect(got).toEqual(['--min-incidents'])],
      ['etiq slots --tz Europe/Lon', (got) => expect(got).toEqual(['Europe/London'])],
      ['etiq slots --for-tz Europe/Lon', (got) => expect(got).toEqual(['Europe/London'])],
      ['etiq log ', (got) => expect(got.sort()).toEqual([...OUTCOMES].sort())],
      ['etiq log --note x --at 2026-03-10T10:00 ', (got) => expect(got.sort()).toEqual([...OUTCOMES].sort())],
      ['etiq log late --tone ', (got) => expect(got.sort()).toEqual([...TONES].sort())],
      ['etiq templates show ', (got) => expect(got.sort()).toEqual([...SITUATIONS].sort())],
      ['etiq clients ', (got) => expect(got).toEqual(['set'])],
      [
        'etiq clients set ana@example.com --',
        (got) => {
          expect(got).toEqual(expect.arrayContaining(['--tz', '--name', '--org', '--db']));
          expect(got).not.toContain('--calendar');
        },
      ],
      ['etiq help tem', (got) => expect(got).toEqual(['templates'])],
      ['etiq completion ', (got) => expect(got.sort()).toEqual(['bash', 'fish', 'zsh'])],
      ['etiq slots --config fixtures/sample/con', (got) => expect(got).toEqual(['fixtures/sample/config.toml'])],
      [`etiq offers --holds ${path.join(dir, 'my')}`, (got) => expect(got).toEqual([holds])],
      ['etiq agenda --from ', (got) => expect(got).toEqual([])],
    ];
    const program = [`source ${sq(scripts.fish.file)}`, ...cases.map(([line]) => `complete -C ${sq(line)} | string replace -r '\\t.*' ''; echo @@`)].join('\n');
    const r = spawnSync('fish', ['--no-config', '-c', program], { encoding: 'utf8', cwd: repoRoot, timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const results = r.stdout.split('@@\n').slice(0, -1).map((block) => block.split('\n').filter((l) => l !== ''));
    cases.forEach(([line, check], i) => {
      try {
        check(results[i]!);
      } catch (err) {
        throw new Error(`${line}<TAB>: ${(err as Error).message}`);
      }
    });
  });
});
