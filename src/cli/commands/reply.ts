/** `etiq reply --client EMAIL --proposed WHEN`: its flags; what it does is reply-run.ts, loaded when it runs. */
import type { Command } from 'commander';
import { addCommonOptions, addDbOption, addDraftOutputOptions, type Io } from '../options.js';
import type { ReplyFlags } from './reply-run.js';

export function registerReply(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('reply')
    .description("check the time a client proposed against their open offer: book and confirm it, or decline politely and repeat the offer")
    .requiredOption('--client <email>', 'the client who replied')
    .requiredOption('--proposed <when>', 'the time they proposed: ISO, or a phrase such as "tomorrow 10:30", "Tue 14:00", "next Monday at 9", "today 16:00", "now", "later today"')
    .option('--in <zone>', "read WHEN in this zone (IANA or Windows name) instead of the client's (default: the zone set with `etiq clients set --tz`, else yours)")
    .option('--accept-anyway', 'book a free time that was not offered (or from an expired offer); a busy, too-soon or outside-hours time is still refused');
  addDraftOutputOptions(cmd);
  addCommonOptions(addDbOption(cmd)).action(async (flags: ReplyFlags) => {
    const { runReplyCommand } = await import('./reply-run.js');
    setExit(await runReplyCommand(flags, io));
  });
}
