/** `etiq slots`: its flags; what it does is slots-run.ts, loaded when it runs. */
import type { Command } from 'commander';
import { addCommonOptions, addDbOption, type Io } from '../options.js';
import type { SlotsFlags } from './slots-run.js';

export function registerSlots(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('slots')
    .description('list the free slots in your calendars under your working hours and rules')
    .option('--for-tz <zone|email>', "the client's time zone (IANA or Windows name) or a recorded client's email: shows their time beside each slot; with --offer, offers only times inside their working day")
    .option('--offer <n>', 'pick N slots to propose, spread over days, mornings and afternoons')
    .option('--explain <time>', 'say why a start time is or is not offered')
    .option('--duration <d>', 'meeting length (config slots.duration; default 30m)')
    .option('--step <d>', 'spacing of candidate starts (config slots.step; default: the duration)')
    .option('--notice <d>', 'minimum notice (config slots.notice; default 18h)')
    .option('--buffer <d>', 'free time before and after (config slots.buffer; default 10m)')
    .option('--horizon <d>', 'how far ahead to look (config slots.horizon; default 14d)')
    .option('--max-per-day <n>', 'no slots on days with this many busy meetings (0 = no cap)')
    .option('--allow-missing', 'offer slots even when a calendar cannot be read (with a warning)');
  addDbOption(cmd);
  addCommonOptions(cmd).action(async (flags: SlotsFlags) => {
    const { runSlots } = await import('./slots-run.js');
    setExit(await runSlots(flags, io));
  });
}
