/**
 * The CLI entry: commander wiring and the mapping of errors to exit codes, in one place.
 * 0 success; 1 runtime failure; 2 usage or input error. Errors are one sentence on stderr;
 * stack traces only with --debug.
 */
import { Command, CommanderError } from 'commander';
import { EtiqError } from '../core/errors.js';
import { etiqVersion } from '../adapters/version.js';
import { registerAgenda } from './commands/agenda.js';
import { registerSlots } from './commands/slots.js';
import { registerOutcomeCommands } from './commands/outcome.js';
import { registerHistoryCommands } from './commands/history.js';
import type { Io } from './context.js';

export async function main(argv: string[], io?: Partial<Io>): Promise<number> {
  const fullIo: Io = {
    stdout: io?.stdout ?? process.stdout,
    stderr: io?.stderr ?? process.stderr,
    stdinIsTTY: io?.stdinIsTTY ?? process.stdin.isTTY === true,
    env: io?.env ?? process.env,
    cwd: io?.cwd ?? process.cwd(),
  };
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command()
    .name('etiq')
    .description('Keeps client meetings honest: reads your calendars, records no-shows, offers only slots that are really free.')
    .version(etiqVersion(), '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    // Needed for `etiq clients set ... --db X`: see commands/history.ts.
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (s) => fullIo.stdout.write(s),
      writeErr: (s) => fullIo.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'etiq: ')),
    });
  registerAgenda(program, fullIo, setExit);
  registerSlots(program, fullIo, setExit);
  registerOutcomeCommands(program, fullIo, setExit);
  registerHistoryCommands(program, fullIo, setExit);

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
      fullIo.stderr.write(`etiq: ${err.message}\n`);
      if (err.hint) fullIo.stderr.write(`  ${err.hint}\n`);
      if (debug && err.stack) fullIo.stderr.write(`${err.stack}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    fullIo.stderr.write(`etiq: unexpected error: ${e?.message ?? String(err)}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && e?.stack) fullIo.stderr.write(`${e.stack}\n`);
    return 1;
  }
}
