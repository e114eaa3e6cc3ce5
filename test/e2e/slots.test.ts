import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, runEtiq, tempDir } from './helpers.js';

const config = path.join(fixtures, 'slots', 'config.toml');
const NOW = '2026-03-16T07:00:00-04:00';
interface SlotsJson {
  timezone: string;
  slots: { start: string; end: string }[];
  warnings: { calendar: string; message: string }[];
}
const run = async (...args: string[]) => {
  const r = await runEtiq(['slots', '--config', config, '--now', NOW, ...args]);
  return { ...r, json: r.stdout.startsWith('{') ? (JSON.parse(r.stdout) as SlotsJson) : null };
};
const starts = (j: SlotsJson | null) => j!.slots.map((s) => s.start);

describe('etiq slots', () => {
  it('prints exactly the documented JSON, sorted, honouring [hours], busy rules and overrides', async () => {
    const r = await run('--json');
    expect(r.code).toBe(0);
    expect(Object.keys(r.json!).sort()).toEqual(['slots', 'timezone', 'warnings']);
    expect(r.json!.timezone).toBe('America/New_York');
    for (const s of r.json!.slots) expect(Object.keys(s).sort()).toEqual(['end', 'start']);
    expect(starts(r.json)).toEqual([
      // Mon: 09:00 sync is busy; the declined webinar (10-11) and the free focus block (11-12) are not; 13-14 tentative is busy.
      '2026-03-16T09:30:00-04:00', '2026-03-16T10:00:00-04:00', '2026-03-16T10:30:00-04:00', '2026-03-16T11:00:00-04:00', '2026-03-16T11:30:00-04:00',
      '2026-03-16T14:00:00-04:00', '2026-03-16T14:30:00-04:00',
      // Tue: the 09:00 sync is cancelled, so the whole range is free.
      '2026-03-17T09:00:00-04:00', '2026-03-17T09:30:00-04:00',
      // Fri: 09:00 sync busy; Sat-Sun-Mon off or past the horizon.
      '2026-03-20T09:30:00-04:00', '2026-03-20T10:00:00-04:00', '2026-03-20T10:30:00-04:00', '2026-03-20T11:00:00-04:00', '2026-03-20T11:30:00-04:00', '2026-03-20T12:00:00-04:00', '2026-03-20T12:30:00-04:00',
    ]);
  });

  it('lets flags override the config rules', async () => {
    const r = await run('--json', '--duration', '45m', '--step', '15m', '--buffer', '10m', '--notice', '18h', '--horizon', '14d', '--max-per-day', '4');
    expect(r.code).toBe(0);
    const first = r.json!.slots[0]!;
    expect(first.start).toBe('2026-03-17T09:00:00-04:00'); // 18 h notice rules out Monday
    expect(Date.parse(first.end) - Date.parse(first.start)).toBe(45 * 60_000);
    const tentFree = await runEtiq(['slots', '--config', config, '--now', NOW, '--json', '--horizon', '1d'], {});
    expect(starts(JSON.parse(tentFree.stdout) as SlotsJson)).not.toContain('2026-03-16T13:00:00-04:00');
  });

  it('rejects bad rule flags with exit 2 naming the flag', async () => {
    for (const [flag, value] of [['--duration', 'forever'], ['--step', '0'], ['--max-per-day', '-1'], ['--for-tz', 'Moon/Base'], ['--offer', 'three']]) {
      const r = await run(flag!, value!);
      expect(r.code, flag).toBe(2);
      expect(r.stderr, flag).toContain(flag!);
    }
  });

  it('--offer N returns only the offered slots, spread over days', async () => {
    const r = await run('--json', '--offer', '3');
    // Mon morning; Tue has only a morning; Fri then gets an afternoon slot.
    expect(starts(r.json)).toEqual(['2026-03-16T09:30:00-04:00', '2026-03-17T09:00:00-04:00', '2026-03-20T12:00:00-04:00']);
  });

  it("shows the client's time with --for-tz", async () => {
    const r = await run('--for-tz', 'Europe/London', '--offer', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Mon 16 Mar\s+09:30–10:00 \(13:30–14:00 Europe\/London\)/);
  });

  it('--explain says why a time is not offered, naming the event', async () => {
    const human = await run('--explain', '2026-03-16T09:00');
    expect(human.stdout).toMatch(/not offered/);
    expect(human.stdout).toMatch(/overlaps "Daily sync".*uid daily-sync/);
    const json = await run('--explain', '2026-03-16T13:00', '--json');
    const e = JSON.parse(json.stdout) as { offered: boolean; reasons: { rule: string; event?: { uid: string } }[] };
    expect(e.offered).toBe(false);
    expect(e.reasons.map((r) => r.event?.uid)).toContain('tentative-1');
    const ok = JSON.parse((await run('--explain', '2026-03-16T10:00', '--json')).stdout) as { offered: boolean };
    expect(ok.offered).toBe(true);
  });

  it('offers nothing and exits 1 when a calendar cannot be read, unless --allow-missing', async () => {
    const missing = path.join(tempDir(), 'gone.ics');
    const r = await run('--calendar', path.join(fixtures, 'slots', 'week.ics'), '--calendar', missing, '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no slots offered: .*gone\.ics does not exist/);
    const allowed = await run('--calendar', path.join(fixtures, 'slots', 'week.ics'), '--calendar', missing, '--json', '--allow-missing');
    expect(allowed.code).toBe(0);
    expect(allowed.json!.slots.length).toBeGreaterThan(0);
    expect(allowed.json!.warnings.map((w) => w.message).join()).toMatch(/gone\.ics.*--allow-missing/);
  });

  it('needs a calendar', async () => {
    const r = await runEtiq(['slots', '--tz', 'UTC']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--calendar');
  });
});
