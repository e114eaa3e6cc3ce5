/**
 * `etiq completion`: what the shell completion scripts complete, read from the commander
 * program itself, so that a new command, subcommand or flag is completed without anyone
 * remembering to add it here. Commands and subcommands come from the program; an option's
 * or argument's values from what declares them:
 *
 * - values commander knows (`.choices(...)`);
 * - the lists etiq checks its input against, by the name of the placeholder or argument:
 *   `<outcome>` (core/etiquette/outcomes.ts), `<situation>` (core/draft/template.ts),
 *   `<tone>` (core/etiquette/tone.ts), `<shell>` (below);
 * - the values an option's placeholder spells out (`--by <client|org>`);
 * - time zones (timeZones) for a placeholder naming a zone (`--tz <zone>`,
 *   `--for-tz <zone|email>`, `--in <zone>`), file names for one naming a file or path
 *   (`--config <file>`, `--holds <file.ics>`, `--calendar <path-or-url>`);
 * - the commands, for `etiq help [command]`.
 *
 * Anything else (a date, an email, a note) is free text: nothing is offered. The shells'
 * scripts themselves are written by completion-shells.ts. No I/O but reading windows-iana's
 * zone table.
 */
import { createRequire } from 'node:module';
import type { Argument, Command, Help, Option } from 'commander';
import { TONES } from '../core/etiquette/tone.js';
import { OUTCOMES } from '../core/etiquette/outcomes.js';
import { SITUATIONS } from '../core/draft/template.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function isShell(s: string): s is Shell {
  return (SHELLS as readonly string[]).includes(s);
}

/** What the value of an option or argument completes to. */
export type ValueSpec =
  | { kind: 'files' }
  | { kind: 'zones' }
  | { kind: 'words'; words: readonly string[] }
  /** Free text: nothing to offer; `hint` is the placeholder (zsh shows it). */
  | { kind: 'text'; hint: string };

export interface OptionSpec {
  /** `-V`, or null. */
  short: string | null;
  /** `--tz`, or null. */
  long: string | null;
  description: string;
  /** null: a flag that takes no value (or only an optional one, `--upcoming [days]`). */
  value: ValueSpec | null;
}

export interface ArgumentSpec {
  name: string;
  variadic: boolean;
  value: ValueSpec;
}

export interface CommandSpec {
  /** The words that lead to it: [] for etiq itself, ['clients', 'set']. */
  path: readonly string[];
  name: string;
  description: string;
  options: readonly OptionSpec[];
  args: readonly ArgumentSpec[];
  subcommands: readonly CommandSpec[];
}

export interface CompletionSpec {
  /** The program's name: the command the scripts complete. */
  name: string;
  root: CommandSpec;
  /** The IANA time zones this Node accepts, and UTC, sorted (timeZones). */
  zones: readonly string[];
}

/** Lists etiq checks input against, by the name of the placeholder or argument that takes them. */
const NAMED_VALUES: Readonly<Record<string, readonly string[]>> = {
  outcome: OUTCOMES,
  situation: SITUATIONS,
  tone: TONES,
  shell: SHELLS,
};

/** Options whose placeholder lists the literal values they accept. */
const LITERAL_PLACEHOLDERS: ReadonlySet<string> = new Set(['--by']);

/** The shells' scripts write these words unquoted: they must be plain. */
const PLAIN_WORD = /^[A-Za-z0-9_.+/-]+$/;

function words(list: readonly string[]): ValueSpec {
  const bad = list.find((w) => !PLAIN_WORD.test(w));
  if (bad !== undefined) throw new Error(`completion: ${JSON.stringify(bad)} cannot be completed as a plain word`);
  return { kind: 'words', words: [...list] };
}

/** The placeholder of an option's flags: `--by <client|org>` -> `client|org`. */
function placeholderOf(option: Option): string {
  return /[<[]([^>\]]*)[>\]]/.exec(option.flags)?.[1] ?? 'value';
}

function valueFor(placeholder: string, opts: { choices?: readonly string[]; long?: string; commandNames?: readonly string[] }): ValueSpec {
  if (opts.choices && opts.choices.length > 0) return words(opts.choices);
  if (opts.long !== undefined && LITERAL_PLACEHOLDERS.has(opts.long)) return words(placeholder.split('|'));
  const named = NAMED_VALUES[placeholder];
  if (named) return words(named);
  if (placeholder === 'command' && opts.commandNames) return words(opts.commandNames);
  if (/\bzone\b/.test(placeholder)) return { kind: 'zones' };
  if (/\b(file|path)\b/.test(placeholder)) return { kind: 'files' };
  return { kind: 'text', hint: placeholder };
}

/** One line, without the trailing full stop: what the scripts show beside a name. */
function shortDescription(text: string): string {
  return (text.split('\n')[0] ?? '').trim().replace(/\.$/, '');
}

function optionSpec(option: Option): OptionSpec {
  const long = option.long ?? null;
  return {
    short: option.short ?? null,
    long,
    description: shortDescription(option.description),
    value: option.required ? valueFor(placeholderOf(option), { choices: option.argChoices, long: long ?? undefined }) : null,
  };
}

function argumentSpec(arg: Argument, commandNames: readonly string[] | undefined): ArgumentSpec {
  return { name: arg.name(), variadic: arg.variadic, value: valueFor(arg.name(), { choices: arg.argChoices, commandNames }) };
}

function commandSpec(cmd: Command, path: readonly string[], siblings: readonly string[]): CommandSpec {
  // The program's own Help: the commands and options `--help` lists, commander's help command included.
  const help: Help = cmd.createHelp();
  const subcommands = help.visibleCommands(cmd);
  const subNames = subcommands.map((c) => c.name());
  for (const n of [cmd.name(), ...subNames]) if (!PLAIN_WORD.test(n)) throw new Error(`completion: command name ${JSON.stringify(n)} is not a plain word`);
  // `etiq help [command]`: commander's own help command completes the commands beside it.
  const commandNames = cmd.name() === 'help' ? siblings.filter((n) => n !== 'help') : undefined;
  const options = help.visibleOptions(cmd).map(optionSpec);
  for (const o of options) for (const n of [o.short, o.long]) if (n !== null && !PLAIN_WORD.test(n)) throw new Error(`completion: option ${JSON.stringify(n)} is not a plain word`);
  return {
    path,
    name: cmd.name(),
    description: shortDescription(cmd.description()),
    options,
    args: cmd.registeredArguments.map((a) => argumentSpec(a, commandNames)),
    subcommands: subcommands.map((c) => commandSpec(c, [...path, c.name()], subNames)),
  };
}

/** A continent's or ocean's zone (`Asia/Kolkata`), not a legacy one (`US/Pacific`, `Etc/GMT+5`). */
const AREA_ZONE = /^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)\//;

function zoneAccepted(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The time zones to complete: the names Intl lists, UTC, and their other names in CLDR
 * (windows-iana's table) that Node accepts. Intl lists CLDR's canonical names, some of
 * them old (`Asia/Calcutta`, `Asia/Saigon`): the current ones (`Asia/Kolkata`,
 * `Asia/Ho_Chi_Minh`) are completed too.
 */
export function timeZones(): string[] {
  const require = createRequire(import.meta.url);
  const { IANA_ALIAS_MAP } = require('windows-iana') as typeof import('windows-iana');
  const listed = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  // Only the names Intl does not list are tried (each costs a formatter).
  const aliases = IANA_ALIAS_MAP.flatMap((entry) => entry.alias).filter((zone) => !listed.has(zone) && AREA_ZONE.test(zone) && zoneAccepted(zone));
  return [...new Set([...listed, ...aliases])].sort();
}

/** What to complete, from the program with all its commands registered. */
export function completionSpec(program: Command): CompletionSpec {
  return { name: program.name(), root: commandSpec(program, [], []), zones: timeZones() };
}

/** Every command of the spec, etiq itself first, each before its subcommands. */
export function allCommands(spec: CompletionSpec): CommandSpec[] {
  const out: CommandSpec[] = [];
  const walk = (c: CommandSpec) => {
    out.push(c);
    c.subcommands.forEach(walk);
  };
  walk(spec.root);
  return out;
}
