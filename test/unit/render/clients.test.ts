// `etiq clients` as a table (render/clients.ts): the column widths are measured over every
// client, without spreading one value a client into Math.max (past ~125,000 arguments V8
// runs out of stack).
import { describe, expect, it } from 'vitest';
import { PLAIN } from '../../../src/cli/style.js';
import type { ClientSummary } from '../../../src/core/records/types.js';
import { renderClients } from '../../../src/render/clients.js';
import { loadCellWidths } from '../../../src/render/text.js';

describe('renderClients', () => {
  it('lays out 200,000 clients as it lays out one', async () => {
    await loadCellWidths();
    const one: ClientSummary = { id: 1, email: 'ann@example.com', name: 'Ann Example', organisation: 'Acme', timezone: 'Europe/Berlin', notes: null, meetings: 12, outcomes: { 'no-show': 2, attended: 10 }, lastMeeting: null };
    const lines = renderClients(Array<ClientSummary>(200_000).fill(one), 'UTC', PLAIN).split('\n');
    expect(lines).toHaveLength(200_002);
    expect(lines[0]).toBe('Clients (200000)');
    expect(new Set(lines.slice(2)).size).toBe(1);
    expect(lines.slice(1, 3)).toEqual(renderClients([one], 'UTC', PLAIN).split('\n').slice(1));
  });
});
