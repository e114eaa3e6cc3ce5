/** `etiq doctor`: its flags; what it checks is doctor-run.ts, loaded when it runs. */
import type { Command } from 'commander';
import { addCommonOptions, addDbOption, type Io } from '../options.js';
import type { DoctorFlags } from './doctor-run.js';

export function registerDoctor(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program.command('doctor').description('check the config, calendars, database, templates, time zone and Node: one line each, with the fix');
  addCommonOptions(addDbOption(cmd)).action(async (flags: DoctorFlags) => {
    const { runDoctor } = await import('./doctor-run.js');
    setExit(await runDoctor(flags, io));
  });
}
