/** `etiq templates` and `templates show SITUATION`: their flags; what they do is templates-run.ts, loaded when one runs. */
import type { Command } from 'commander';
import { refuseUnknownSubcommands } from '../help.js';
import { SITUATIONS } from '../../core/draft/template.js';
import { addCommonOptions, type CommonFlags, type Io } from '../options.js';

export function registerTemplates(program: Command, io: Io, setExit: (code: number) => void): void {
  const templates = program
    .command('templates')
    .description('list the draft situations and whether each uses the built-in template or yours; `etiq templates show SITUATION` prints one')
    .enablePositionalOptions();
  addCommonOptions(refuseUnknownSubcommands(templates)).action(async (flags: CommonFlags) => {
    const { runTemplates } = await import('./templates-run.js');
    setExit(await runTemplates(flags, io));
  });
  const show = templates.command('show').description('print the template in effect for a situation').argument('<situation>', SITUATIONS.join(', '));
  addCommonOptions(show).action(async (situation: string, flags: CommonFlags) => {
    const { runTemplateShow } = await import('./templates-run.js');
    setExit(await runTemplateShow(situation, flags, io));
  });
}
