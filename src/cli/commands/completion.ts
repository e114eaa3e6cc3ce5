/**
 * `etiq completion bash|zsh|fish`: prints the shell's completion script to stdout. main.ts
 * registers every command before this one runs (it describes them all); the script is
 * written from that program (completion.ts, completion-shells.ts), so it cannot drift.
 */
import type { Command } from 'commander';
import { etiqVersion } from '../../adapters/version.js';
import { usageError } from '../../core/errors.js';
import { visible } from '../../core/visible.js';
import { SHELLS, completionSpec, isShell } from '../completion.js';
import { completionScript } from '../completion-shells.js';
import type { Io } from '../context.js';
import { writeData } from '../output.js';

export function registerCompletion(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('completion')
    .description("print the script that tab-completes etiq's commands, flags and values")
    .argument('[shell]', `the shell: ${SHELLS.join(', ')}`)
    // Taken as every command takes it, and nothing to do: the script has no colour.
    .option('--no-color', 'no colours (the script has none)')
    .action((shell: string | undefined) => {
      const accepted = SHELLS.join(', ');
      if (shell === undefined) throw usageError(`etiq completion needs a shell: one of ${accepted} (e.g. \`etiq completion bash\`)`);
      if (!isShell(shell)) throw usageError(`"${visible(shell)}" is not a shell etiq completes; use one of: ${accepted}`);
      writeData(io.stdout, completionScript(shell, completionSpec(program), etiqVersion()));
      setExit(0);
    });
}
