/** `etiq offers` and `etiq offers cancel ID`: their flags; what they do is offers-run.ts, loaded when one runs. */
import type { Command } from 'commander';
import { refuseUnknownSubcommands } from '../help.js';
import { addCommonOptions, addDbOption, addHoldsOption, type Io } from '../options.js';
import type { OffersFlags } from './offers-run.js';

export function registerOffersCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  const offers = program
    .command('offers')
    .description('list the open follow-up offers: client, slots held, and time left; `etiq offers cancel ID` releases one')
    .enablePositionalOptions();
  addCommonOptions(addHoldsOption(addDbOption(refuseUnknownSubcommands(offers)))).action(async (flags: OffersFlags) => {
    const { runOffers } = await import('./offers-run.js');
    setExit(await runOffers(flags, io));
  });
  const cancel = offers.command('cancel').description("release an open offer's slots").argument('<id>', 'the offer number (see `etiq offers`)');
  addCommonOptions(addDbOption(cancel)).action(async (idText: string, flags: OffersFlags) => {
    const { runOfferCancel } = await import('./offers-run.js');
    setExit(await runOfferCancel(idText, flags, io));
  });
}
