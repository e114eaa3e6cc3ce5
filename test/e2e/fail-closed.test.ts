/**
 * Fail closed (issue 9, item 1): a series cut short by the occurrence cap covers time etiq
 * does not know, and unknown is not free. The rest of its span inside the window is busy.
 *
 * The fixture: a one-minute event every minute from Tue 10 Mar 2026 00:00 UTC until Fri 20
 * Mar 00:00 (14,400 occurrences). The reader lists the first 10,000 in the window (the
 * window starts at Tue 10 Mar 00:00 UTC, the whole UTC day), so listed ones run to Mon 16 Mar
 * 22:40, and the rest (to Fri 20 Mar 00:01) is unknown. With hours Monday to Friday
 * 09:00-17:00 UTC (the default), nothing can be offered before Fri 20 Mar 09:00.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { calendar, runEtiq, tempDir, vevent, writeIcs } from './helpers.js';

const dir = tempDir('etiq-closed-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const ics = writeIcs(
  dir,
  'ticker.ics',
  calendar(
    vevent(['UID:ticker@test', 'SUMMARY:Ticker', 'DTSTART:20260310T000000Z', 'DTEND:20260310T000100Z', 'RRULE:FREQ=MINUTELY;UNTIL=20260320T000000Z']),
  ),
);
const base = ['slots', '--calendar', ics, '--tz', 'UTC', '--now', '2026-03-10T08:00:00Z', '--json'];

interface SlotsJson {
  slots: { start: string; end: string }[];
  warnings: { message: string; kind?: string }[];
}

describe('a capped series fails closed', () => {
  it('offers no time inside the unknown rest of the series', async () => {
    const r = await runEtiq([...base, '--offer', '3']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as SlotsJson;
    expect(out.slots).toHaveLength(3);
    for (const s of out.slots) expect(Date.parse(s.start)).toBeGreaterThanOrEqual(Date.parse('2026-03-20T09:00:00Z'));
    expect(out.warnings.map((w) => w.message).join('\n')).toMatch(/more than 10000 occurrences/);
  });

  it('every free slot is after the series ends', async () => {
    const r = await runEtiq(base);
    const out = JSON.parse(r.stdout) as SlotsJson;
    expect(out.slots.length).toBeGreaterThan(0);
    // Fri 20 Mar 09:00 is the first: the series (listed or unknown) covers everything before.
    expect(out.slots[0]!.start).toBe('2026-03-20T09:00:00Z');
  });

  it('--explain names the unknown span for a time after the last listed occurrence', async () => {
    const r = await runEtiq(['slots', '--calendar', ics, '--tz', 'UTC', '--now', '2026-03-10T08:00:00Z', '--explain', '2026-03-18T10:00']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^not offered: Wed 18 Mar 2026 10:00–10:30 UTC$/m);
    expect(r.stdout).toMatch(/it overlaps time that .*ticker\.ics could not fully account for \(2026-03-16 22:40–2026-03-20 00:01, busy\): "Ticker" .* more than 10000 occurrences/);
  });
});
