/** `etiq offers` (the open offers and the slots they hold) and `etiq offers cancel ID`. */
import type { Command } from 'commander';
import { refuseUnknownSubcommands } from '../help.js';
import { usageError } from '../../core/errors.js';
import { offerJson, renderOffers } from '../../render/offers.js';
import { addCommonOptions, buildContext, type CommonFlags, type Io } from '../context.js';
import { wholeNumber } from '../flag-values.js';
import { addDbOption, openStore, openStoreForReading } from '../record.js';
import { addHoldsOption, checkDraftOutputs, emitDraftOutputs, holdsJson, writtenLines } from '../draft-output.js';

interface OffersFlags extends CommonFlags {
  holds?: string;
  db?: string;
}

export function registerOffersCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  const offers = program
    .command('offers')
    .description('list the open follow-up offers: client, slots held, and time left; `etiq offers cancel ID` releases one')
    .enablePositionalOptions();
  addCommonOptions(addHoldsOption(addDbOption(refuseUnknownSubcommands(offers)))).action(async (flags: OffersFlags) => {
    const ctx = await buildContext(flags, io);
    checkDraftOutputs(ctx, { holds: flags.holds });
    const store = openStoreForReading(ctx, flags);
    try {
      const open = store ? store.read(() => store.openOffers(ctx.now)) : [];
      // --holds: every open offer's slots, as tentative events to import.
      const outputs = await emitDraftOutputs(ctx, [], { holds: flags.holds }, { offers: open });
      if (ctx.json) ctx.printJson({ offers: open.map((o) => offerJson(o, ctx.settings.timezone, ctx.now)), ...holdsJson(outputs) });
      else {
        ctx.print(renderOffers(open, ctx.settings.timezone, ctx.now, ctx.style));
        for (const line of writtenLines(outputs)) ctx.print(line);
      }
    } finally {
      store?.close();
    }
    setExit(0);
  });
  const cancel = offers.command('cancel').description("release an open offer's slots").argument('<id>', 'the offer number (see `etiq offers`)');
  addCommonOptions(addDbOption(cancel)).action(async (idText: string, flags: OffersFlags) => {
    const ctx = await buildContext(flags, io);
    const id = wholeNumber(idText, 'offer id', { min: 1, max: 999_999_999 });
    const store = openStore(ctx, flags);
    try {
      const offer = store.write(() => {
        const o = store.offerById(id);
        if (!o) throw usageError(`there is no offer ${id} (see \`etiq offers\`)`);
        if (o.closedAt !== null) throw usageError(`offer ${id} is already closed (${o.closedReason})`);
        if (o.expiresAt <= ctx.now) throw usageError(`offer ${id} has expired already; its slots are free`);
        store.closeOffer(id, 'cancelled', ctx.now);
        return store.offerById(id)!;
      });
      if (ctx.json) ctx.printJson({ offer: offerJson(offer, ctx.settings.timezone, ctx.now) });
      else ctx.print(`${ctx.style.green('Cancelled:')} offer ${id} to ${offer.client.email}; its ${offer.slots.length} slot${offer.slots.length === 1 ? ' is' : 's are'} free again.`);
    } finally {
      store.close();
    }
    setExit(0);
  });
}
