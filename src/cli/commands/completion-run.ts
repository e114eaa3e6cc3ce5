/**
 * `etiq completion bash|zsh|fish`: prints the shell's completion script to stdout. main.ts
 * registers every command before this one runs (it describes them all); the script is
 * written from that program (completion.ts, completion-shells.ts), so it cannot drift.
 * Its flags: completion.ts.
 */
import type { Command } from 'commander';
import { etiqVersion } from '../../adapters/version.js';
import { usageError } from '../../core/errors.js';
import { visible } from '../../core/visible.js';
import { SHELLS, completionSpec, isShell } from '../completion.js';
import { completionScript } from '../completion-shells.js';
import type { Io } from '../context.js';
import { writeData } from '../output.js';

export function runCompletion(shell: string | undefined, program: Command, io: Io): number {
  const accepted = SHELLS.join(', ');
  if (shell === undefined) throw usageError(`etiq completion needs a shell: one of ${accepted} (e.g. \`etiq completion bash\`)`);
  if (!isShell(shell)) throw usageError(`"${visible(shell)}" is not a shell etiq completes; use one of: ${accepted}`);
  writeData(io.stdout, completionScript(shell, completionSpec(program), etiqVersion()));
  return 0;
}
