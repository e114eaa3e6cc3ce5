/**
 * `etiq noshow` and `etiq log OUTCOME`: their flags; what they do is outcome-run.ts, loaded
 * when one runs.
 */
import type { Command } from 'commander';
import { usageError } from '../../core/errors.js';
import { OUTCOMES, isOutcome } from '../../core/etiquette/outcomes.js';
import { TONES } from '../../core/etiquette/tone.js';
import { visible } from '../../core/visible.js';
import { addCommonOptions, addDbOption, addDraftOutputOptions, addSelectorOptions, type Io } from '../options.js';
import type { OutcomeFlags } from './outcome-run.js';

/** The follow-up flags of `noshow` and `log` (issue 10). */
function addDraftOptions(cmd: Command): Command {
  cmd
    .option('--no-draft', 'record only: no follow-up draft, no offer')
    .option('--tone <tone>', `the draft's tone instead of the one the history calls for: ${TONES.join(', ')}`)
    .option('--offer <n>', 'how many slots the follow-up offers (default: followup.offer, 3)')
    .option('--allow-missing', 'offer slots even when a calendar cannot be read');
  return addDraftOutputOptions(cmd);
}

export function registerOutcomeCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  const noshow = program
    .command('noshow')
    .description('record that a client did not show up (asks which meeting when run at a terminal)')
    .option('--waited <minutes>', 'minutes you waited (default: the policy grace)')
    .option('--note <text>', 'a note kept with the record')
    .option('--undo', 'revert the recorded no-show (kept in the history)');
  addDraftOptions(addDbOption(addSelectorOptions(noshow)));
  addCommonOptions(noshow).action(async (flags: OutcomeFlags) => {
    const { runOutcome } = await import('./outcome-run.js');
    setExit(await runOutcome('no-show', flags, io, true));
  });

  const log = program
    .command('log')
    .description(`record another outcome: ${OUTCOMES.join(', ')}`)
    .argument('<outcome>', `one of: ${OUTCOMES.join(', ')}`)
    .option('--minutes <n>', 'minutes late (late, host-late) or waited (no-show)')
    .option('--notice <d>', 'for a cancellation: how long before the start the client told you (e.g. 3h)')
    .option('--told-at <iso>', 'for a cancellation: when the client told you (default: now)')
    .option('--to <iso>', 'for rescheduled: the new start time')
    .option('--note <text>', 'a note kept with the record')
    .option('--reason <text>', 'for host-cancelled, host-late, host-no-show: why, in the words every draft about the meeting will use')
    .option('--undo', 'revert this outcome of that meeting, bringing back the one it corrected (kept in the history)');
  addDraftOptions(addDbOption(addSelectorOptions(log)));
  addCommonOptions(log).action(async (outcome: string, flags: OutcomeFlags) => {
    if (!isOutcome(outcome)) throw usageError(`"${visible(outcome)}" is not an outcome; use one of: ${OUTCOMES.join(', ')}`);
    const { runOutcome } = await import('./outcome-run.js');
    setExit(await runOutcome(outcome, flags, io, false));
  });
}
