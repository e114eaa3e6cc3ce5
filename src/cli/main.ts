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
import { registerOffersCommands } from './commands/offers.js';
import { registerReply } from './commands/reply.js';
import { registerDoctor } from './commands/doctor.js';
import { registerReport } from './commands/report.js';
import { registerTemplates } from './commands/templates.js';
import type { Io } from './context.js';
import { writeHuman } from './output.js';

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
      // Help and commander's errors quote arguments: through the sanitiser like all human text.
      writeOut: (s) => writeHuman(fullIo.stdout, s, false),
      writeErr: (s) => writeHuman(fullIo.stderr, s, false),
      outputError: (s, write) => write(s.replace(/^error: /, 'etiq: ')),
    });
  registerAgenda(program, fullIo, setExit);
  registerSlots(program, fullIo, setExit);
  registerOutcomeCommands(program, fullIo, setExit);
  registerHistoryCommands(program, fullIo, setExit);
  registerOffersCommands(program, fullIo, setExit);
  registerReply(program, fullIo, setExit);
  registerDoctor(program, fullIo, setExit);
  registerReport(program, fullIo, setExit);
  registerTemplates(program, fullIo, setExit);

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
  }
}
