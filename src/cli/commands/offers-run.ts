/** `etiq offers` (the open offers and the slots they hold) and `etiq offers cancel ID`. Their flags: offers.ts. */
import { usageError } from '../../core/errors.js';
import { offerJson, renderOffers } from '../../render/offers.js';
import { buildContext, type CommonFlags, type Io } from '../context.js';
import { wholeNumber } from '../flag-values.js';
import { openStore, openStoreForReading } from '../record.js';
import { checkDraftOutputs, emitDraftOutputs, holdsJson, writtenLines } from '../draft-output.js';

export interface OffersFlags extends CommonFlags {
  holds?: string;
  db?: string;
}

export async function runOffers(flags: OffersFlags, io: Io): Promise<number> {
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
  return 0;
}

export async function runOfferCancel(idText: string, flags: OffersFlags, io: Io): Promise<number> {
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
  return 0;
}
