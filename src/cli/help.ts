/**
 * The examples at the end of each command's `--help`: real command lines, most of them on
 * the bundled sample (run from the etiq folder). Kept in one place so that they read alike.
 * Each fits 80 columns as printed (`  $ ` before it): a longer one goes on, after a
 * backslash, on an indented next line, as a shell reads it.
 */
import type { Command } from 'commander';
import { usageError } from '../core/errors.js';
import { closest } from '../core/closest.js';
import { visible } from '../core/visible.js';

const SAMPLE = 'fixtures/sample/config.toml';

export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  agenda: [
    `etiq agenda --config ${SAMPLE} \\\n      --now 2026-03-09T08:00 --days 7`,
    'etiq agenda --calendar work.ics --tz Asia/Tokyo --from 2026-03-10 --days 3',
    "etiq agenda --json | jq '.events[].summary'",
  ],
  slots: [
    `etiq slots --config ${SAMPLE} --now 2026-03-09T08:00 \\\n      --offer 4 --for-tz Europe/London`,
    `etiq slots --config ${SAMPLE} --now 2026-03-09T08:00 \\\n      --explain 2026-03-11T10:00`,
    'etiq slots --duration 45m --horizon 7d --json',
  ],
  noshow: [
    `etiq noshow --config ${SAMPLE} \\\n      --now 2026-03-10T10:15 --last`,
    'etiq noshow --at 2026-03-10T10:00 --waited 15 --eml followup.eml',
    'etiq noshow --client ana@example.com --at 10:00 --duration 45m --no-draft',
  ],
  log: [
    `etiq log cancelled --config ${SAMPLE} \\\n      --now 2026-03-12T09:00 --at 2026-03-12T11:00`,
    'etiq log host-late --minutes 5 --last --reason "my train was stopped"',
    'etiq log rescheduled --at 2026-03-10T10:00 --to 2026-03-17T10:00',
  ],
  history: ['etiq history priya@acme.example --all', 'etiq history --limit 5 --json'],
  clients: ['etiq clients', 'etiq clients set priya@acme.example --name "Priya Nair" --tz Europe/London', 'etiq clients set priya@acme.example --org Acme'],
  offers: ['etiq offers', 'etiq offers --holds holds.ics', 'etiq offers cancel 3'],
  reply: [
    'etiq reply --client priya@acme.example --proposed "Wed 11:00"',
    'etiq reply --client priya@acme.example --proposed "tomorrow 10:30" \\\n      --in Europe/London --json',
    'etiq reply --client priya@acme.example --proposed now',
  ],
  report: ['etiq report', 'etiq report --since 180d --by org --csv > report.csv', 'etiq report --client priya@acme.example'],
  templates: ['etiq templates', 'etiq templates show noshow-repeat'],
  doctor: [`etiq doctor --config ${SAMPLE}`, 'etiq doctor --json'],
  completion: [
    'etiq completion bash > ~/.local/share/bash-completion/completions/etiq',
    "echo 'source <(etiq completion zsh)' >> ~/.zshrc",
    'etiq completion fish > ~/.config/fish/completions/etiq.fish',
  ],
};

/** Adds the examples to every registered command that has some. */
export function addExamples(program: Command): void {
  for (const cmd of program.commands) {
    const examples = EXAMPLES[cmd.name()];
    if (examples) cmd.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
  }
}

/** The command groups of `etiq` alone, each command with one short line; listed only when it exists. */
const GROUPS: readonly [string, readonly [string, string][]][] = [
  ['Read', [['agenda', 'your calendars as etiq reads them, day by day'], ['slots', 'the times that are really free; --offer N picks some']]],
  ['Record', [['noshow', 'a client did not come: record it and draft the follow-up'], ['log', 'any other outcome (late, cancelled, your own side...)'], ['history', 'what is recorded, meeting by meeting'], ['clients', 'the clients; `clients set` gives a name, zone, organisation']]],
  ['Follow up', [['offers', 'the open offers and the slots they hold'], ['reply', "the client's answer: confirm an offered time, or decline"], ['templates', 'the drafts in effect, built-in or yours']]],
  ['Report', [['report', 'who keeps missing meetings, what it cost, what next']]],
  ['Set up', [['init', 'write your config file'], ['doctor', 'check the config, calendars, database and clock'], ['completion', 'tab completion for bash, zsh or fish']]],
];

/** What `etiq` alone prints (stdout, exit 0): what it does, the commands by group, the next step. */
export function overview(program: Command): string {
  const known = new Set(program.commands.map((c) => c.name()));
  const width = Math.max(...GROUPS.flatMap(([, cmds]) => cmds.map(([n]) => n.length)));
  const lines = ['etiq keeps client meetings honest: it reads your calendars, records who missed', 'a call, and drafts polite follow-ups that offer only times that are really free.', ''];
  for (const [group, cmds] of GROUPS) {
    const present = cmds.filter(([n]) => known.has(n));
    if (present.length === 0) continue;
    lines.push(`${group}:`);
    for (const [n, what] of present) lines.push(`  ${n.padEnd(width)}  ${what}`);
  }
  lines.push('');
  lines.push(known.has('init') ? 'New here? `etiq init` writes your config; `etiq doctor` checks it.' : 'New here? `npm run demo` (in the etiq folder) shows it on the bundled sample.');
  lines.push("`etiq COMMAND --help` gives a command's flags and examples.");
  return lines.join('\n');
}

/**
 * A command with subcommands (`clients set`, `offers cancel`, `templates show`) runs its
 * own action only without one: a word after it that names no subcommand is a usage error
 * with a did-you-mean (`etiq clients sett`), not "too many arguments".
 */
export function refuseUnknownSubcommands(cmd: Command): Command {
  cmd.allowExcessArguments(true);
  cmd.hook('preAction', (_this, actionCommand) => {
    const word = actionCommand === cmd ? cmd.args[0] : undefined;
    if (word === undefined) return;
    const names = cmd.commands.map((c) => c.name());
    const hint = closest(word, names);
    throw usageError(`unknown subcommand '${visible(word)}' for 'etiq ${cmd.name()}'${hint ? ` (did you mean ${hint}?)` : ''}; its subcommands: ${names.join(', ')}`);
  });
  return cmd;
}
