/** `etiq completion bash|zsh|fish`: its flags; the script is written by completion-run.ts, loaded when it runs. */
import type { Command } from 'commander';
import { SHELLS } from '../completion.js';
import type { Io } from '../options.js';

export function registerCompletion(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('completion')
    .description("print the script that tab-completes etiq's commands, flags and values")
    .argument('[shell]', `the shell: ${SHELLS.join(', ')}`)
    // Taken as every command takes it, and nothing to do: the script has no colour.
    .option('--no-color', 'no colours (the script has none)')
    .action(async (shell: string | undefined) => {
      const { runCompletion } = await import('./completion-run.js');
      setExit(runCompletion(shell, program, io));
    });
}
