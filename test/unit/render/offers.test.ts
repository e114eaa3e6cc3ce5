// `etiq offers` as text (render/offers.ts): the dates are written from localParts, not
// luxon's formatter; each expected line below is worked out by hand in Europe/Berlin
// (UTC+1 in March 2026 until the 29th).
import { describe, expect, it } from 'vitest';
import { PLAIN } from '../../../src/cli/style.js';
import type { OfferRecord } from '../../../src/core/records/types.js';
import { renderOffers } from '../../../src/render/offers.js';

const at = (iso: string): number => Date.parse(iso);

const offer = (meeting: OfferRecord['meeting']): OfferRecord => ({
  id: 7,
  client: { id: 1, email: 'kofi@clientco.example', name: 'Kofi Mensah', organisation: null, timezone: null, notes: null },
  meeting,
  situation: 'noshow',
  slots: [
    { start: at('2026-03-03T08:00:00Z'), end: at('2026-03-03T08:30:00Z') },
    { start: at('2026-03-04T23:30:00Z'), end: at('2026-03-05T00:00:00Z') },
  ],
  createdAt: at('2026-03-02T09:00:00Z'),
  expiresAt: at('2026-03-04T17:00:00Z'),
  closedAt: null,
  closedReason: null,
  acceptedStart: null,
});

describe('renderOffers', () => {
  it('names the missed meeting\'s day, the expiry and each slot in the user\'s zone', () => {
    const meeting = { id: 3, uid: 'm-1', recurrenceId: null, source: 'manual', start: at('2026-03-01T23:30:00Z'), end: at('2026-03-02T00:00:00Z'), summary: 'Quarterly review' };
    expect(renderOffers([offer(meeting)], 'Europe/Berlin', at('2026-03-02T09:00:00Z'), PLAIN).split('\n')).toEqual([
      'Open offers (Europe/Berlin)',
      '#7 Kofi Mensah <kofi@clientco.example>: 56 h 0 min left (until Wed 4 Mar 18:00)',
      // 23:30 UTC on Sunday 1 March is 00:30 on Monday 2 March in Berlin.
      '    after "Quarterly review" Mon 2 Mar, noshow',
      '    Tue 3 Mar 09:00–09:30',
      '    Thu 5 Mar 00:30–01:00',
    ]);
  });

  it('says only the situation when the offer follows no recorded meeting', () => {
    expect(renderOffers([offer(null)], 'Europe/Berlin', at('2026-03-04T16:35:00Z'), PLAIN).split('\n').slice(1, 3)).toEqual([
      '#7 Kofi Mensah <kofi@clientco.example>: 25 min left (until Wed 4 Mar 18:00)',
      '    noshow',
    ]);
  });
});
