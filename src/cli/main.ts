/**
 * The CLI entry: commander wiring and the mapping of errors to exit codes, in one place.
 * 0 success; 1 runtime failure; 2 usage or input error. Errors are one sentence on stderr;
 * stack traces only with --debug.
 */
import { Command, CommanderError } from 'commander';
import { EtiqError } from '../core/errors.js';
import { etiqVersion } from '../adapters/version.js';
import type { Io } from './options.js';
import { addExamples, overview } from './help.js';
import { fdOut, isTerminal } from './fd-out.js';
import { writeHuman } from './output.js';
import { runEndTasks } from './run-end.js';

type Register = (program: Command, io: Io, setExit: (code: number) => void) => void;

interface CommandModule {
  names: readonly string[];
  load: () => Promise<Register>;
  /** Describes the others (`etiq completion`): loads every command when it is run. */
  needsAll?: boolean;
}

/**
 * The commands, each loaded only when it is run: `etiq report` does not load the code of
 * reply, the drafts or the slots engine, and `etiq --version` loads none. Help, `etiq help`,
 * an unknown command (for its did-you-mean), no command, or `etiq completion` (whose script
 * describes them all) load them all, in this order. What loads here is each command's
 * registration (commands/X.ts: its flags and help, light); its implementation
 * (commands/X-run.ts: the reader, the store, luxon...) loads only when its action runs.
 * (The bundle keeps the registrations in one file, scripts/bundle.js: --help needs them
 * all, and one file costs less to load than thirteen small ones.)
 */
const COMMANDS: readonly CommandModule[] = [
  { names: ['agenda'], load: async () => (await import('./commands/agenda.js')).registerAgenda },
  { names: ['slots'], load: async () => (await import('./commands/slots.js')).registerSlots },
  { names: ['noshow', 'log'], load: async () => (await import('./commands/outcome.js')).registerOutcomeCommands },
  { names: ['history', 'clients'], load: async () => (await import('./commands/history.js')).registerHistoryCommands },
  { names: ['offers'], load: async () => (await import('./commands/offers.js')).registerOffersCommands },
  { names: ['reply'], load: async () => (await import('./commands/reply.js')).registerReply },
  { names: ['doctor'], load: async () => (await import('./commands/doctor.js')).registerDoctor },
  { names: ['report'], load: async () => (await import('./commands/report.js')).registerReport },
  { names: ['templates'], load: async () => (await import('./commands/templates.js')).registerTemplates },
  { names: ['init'], load: async () => (await import('./commands/init.js')).registerInit },
  { names: ['completion'], load: async () => (await import('./commands/completion.js')).registerCompletion, needsAll: true },
];

/** The one flag etiq itself takes before a command: `etiq --no-color agenda`, `etiq --no-color`. */
const NO_COLOR = '--no-color';

/** The commands to load for these arguments: the one named first, else all (help, errors). */
function commandsFor(args: string[]): readonly CommandModule[] {
  const first = args.find((a) => a !== NO_COLOR);
  if (first === '-V' || first === '--version') return [];
  const named = first === undefined || first.startsWith('-') ? undefined : COMMANDS.find((c) => c.names.includes(first));
  return named && !named.needsAll ? [named] : COMMANDS;
}

/**
 * The commander program with the commands these arguments need (see commandsFor), or with
 * every command when `args` is not given (what `etiq completion` and the tests describe).
 */
export async function buildProgram(io: Io, setExit: (code: number) => void = () => {}, args?: string[]): Promise<Command> {
  const program = new Command()
    .name('etiq')
    .description('Keeps client meetings honest: reads your calendars, records no-shows, offers only slots that are really free.')
    .version(etiqVersion(), '-V, --version')
    .option(NO_COLOR, 'no colours (also NO_COLOR)')
    .exitOverride()
    .showSuggestionAfterError(true)
    // Needed for `etiq clients set ... --db X`: see commands/history.ts.
    .enablePositionalOptions()
    .configureOutput({
      // Help and commander's errors quote arguments: through the sanitiser like all human text.
      writeOut: (s) => writeHuman(io.stdout, s, false),
      writeErr: (s) => writeHuman(io.stderr, s, false),
      outputError: (s, write) => write(s.replace(/^error: /, 'etiq: ')),
      // commander's defaults ask Node's own stdout and stderr streams, which would make them.
      // (commander's width without a terminal is 80.)
      getOutHelpWidth: () => (io.stdout.isTTY ? io.stdout.columns : undefined) ?? 80,
      getErrHelpWidth: () => (io.stderr.isTTY ? io.stderr.columns : undefined) ?? 80,
      // Its text has no colour of its own; human text is written without (writeHuman).
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
  for (const register of await Promise.all((args ? commandsFor(args) : COMMANDS).map((c) => c.load()))) register(program, io, setExit);
  addExamples(program);
  // `etiq --no-color COMMAND ...` is `etiq COMMAND --no-color ...`.
  program.hook('preAction', (_program, command) => {
    if (program.opts()['color'] === false) command.setOptionValue('color', false);
  });
  return program;
}

export async function main(argv: string[], io?: Partial<Io>): Promise<number> {
  let stdinIsTTY = io?.stdinIsTTY;
  const fullIo: Io = {
    // The descriptors, not Node's streams (made on first touch: ~3-4 ms for two pipes). See fd-out.ts.
    stdout: io?.stdout ?? fdOut(1, () => process.stdout),
    stderr: io?.stderr ?? fdOut(2, () => process.stderr),
    // isTerminal(0), not process.stdin.isTTY: touching process.stdin builds a stream (~4 ms
    // of `etiq --help`), and only a prompt reads it. Asked when first read, and node:tty
    // only for a character device (fd-out.ts); most runs never ask.
    get stdinIsTTY(): boolean {
      stdinIsTTY ??= isTerminal(0);
      return stdinIsTTY;
    },
    env: io?.env ?? process.env,
    cwd: io?.cwd ?? process.cwd(),
  };
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = await buildProgram(fullIo, setExit, argv.slice(2));
  // `etiq` alone (or `etiq --no-color`, the overview has no colour): what it does and where
  // to start, on stdout (it is not an error).
  if (argv.slice(2).every((a) => a === NO_COLOR)) {
    writeHuman(fullIo.stdout, `${overview(program)}\n`, false);
    return 0;
  }

  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      // commander has printed its message; usage errors exit 2 (commander's default is 1).
      return 2;
    }
    if (err instanceof EtiqError) {
      writeHuman(fullIo.stderr, `etiq: ${err.message}\n`, false);
      if (err.hint) writeHuman(fullIo.stderr, `  ${err.hint}\n`, false);
      if (debug && err.stack) writeHuman(fullIo.stderr, `${err.stack}\n`, false);
      return err.exitCode;
    }
    const e = err as Error;
    writeHuman(fullIo.stderr, `etiq: unexpected error: ${e?.message ?? String(err)}${debug ? '' : ' (run with --debug for details)'}\n`, false);
    if (debug && e?.stack) writeHuman(fullIo.stderr, `${e.stack}\n`, false);
    return 1;
  } finally {
    runEndTasks();
  }
}
