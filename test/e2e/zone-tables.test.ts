// A warm run keeps its user zone's tables (adapters/zone-tables.ts, issue 13): a later run
// asks Intl nothing and prints what a run without any cache prints; a damaged file of
// tables is ignored and written anew. A first run takes them from the build's file. Spawned: the Intl objects a run makes are counted
// by a preload that wraps Intl.DateTimeFormat, in the process that runs etiq.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, fixtures, isolatedEnv, spawnNode, tempDirsRemovedAfterAll } from './helpers.js';

const tempDir = tempDirsRemovedAfterAll();
// The sample config's zone is America/New_York.
const ARGS = ['slots', '--config', path.join(fixtures, 'sample', 'config.toml'), '--now', '2026-03-09T12:00:00Z', '--json'];
const COUNTER = `
let n = 0;
const D = Intl.DateTimeFormat;
Intl.DateTimeFormat = new Proxy(D, { construct: (t, a) => (n++, Reflect.construct(t, a)), apply: (t, s, a) => (n++, Reflect.apply(t, s, a)) });
process.on('exit', () => require('fs').writeSync(2, 'intl-objects=' + n + '\\n'));
`;

function counterFile(dir: string): string {
  const file = path.join(dir, 'count-intl.cjs');
  fs.writeFileSync(file, COUNTER);
  return file;
}

const intlObjects = (stderr: string): number => Number(/intl-objects=(\d+)/.exec(stderr)?.[1] ?? NaN);

/** A home with one run of ARGS behind it: its environment, the Intl counter, that run, and its file of tables. */
async function afterOneRun() {
  const home = tempDir('etiq-zones-');
  const env = isolatedEnv(home);
  const counter = counterFile(home);
  const first = await spawnNode(['-r', counter, bin, ...ARGS], { env });
  const dir = path.join(home, '.cache', 'etiq', 'zones');
  return { env, counter, first, file: path.join(dir, fs.readdirSync(dir)[0]!) };
}

describe('zone tables kept between runs', () => {
  it('a warm run in the user zone makes no Intl object, and prints what a run without cache prints', async () => {
    const home = tempDir('etiq-zones-');
    const env = isolatedEnv(home);
    const counter = counterFile(home);
    const plain = await spawnNode(['-r', counter, bin, ...ARGS, '--no-cache'], { env });
    expect(plain.code).toBe(0);
    expect(intlObjects(plain.stderr)).toBeGreaterThan(0);
    const cold = await spawnNode(['-r', counter, bin, ...ARGS], { env });
    const warm = await spawnNode(['-r', counter, bin, ...ARGS], { env });
    expect(cold.stdout).toBe(plain.stdout);
    expect(warm.stdout).toBe(plain.stdout);
    expect(intlObjects(warm.stderr)).toBe(0);
    const files = fs.readdirSync(path.join(home, '.cache', 'etiq', 'zones'));
    expect(files).toHaveLength(1);
    expect(files[0]).toContain(process.versions.tz ?? 'no-tz');
  });

  it("a client's zone, as written: its canonical name is kept too, and a warm run asks Intl nothing", async () => {
    const home = tempDir('etiq-zones-');
    const env = isolatedEnv(home);
    const counter = counterFile(home);
    // `asia/tokyo` as a user may type it: ICU's name for it is Asia/Tokyo.
    const args = [...ARGS, '--for-tz', 'asia/tokyo', '--offer', '3'];
    const plain = await spawnNode(['-r', counter, bin, ...args, '--no-cache'], { env });
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ clientZone: 'Asia/Tokyo' });
    const cold = await spawnNode(['-r', counter, bin, ...args], { env });
    const warm = await spawnNode(['-r', counter, bin, ...args], { env });
    expect(cold.stdout).toBe(plain.stdout);
    expect(warm.stdout).toBe(plain.stdout);
    expect(intlObjects(cold.stderr)).toBeGreaterThan(0);
    expect(intlObjects(warm.stderr)).toBe(0);
    const dir = path.join(home, '.cache', 'etiq', 'zones');
    const kept = JSON.parse(fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]!)).subarray(32).toString('utf8')) as { format: number; names: Record<string, string> };
    expect(kept.format).toBe(2);
    expect(kept.names).toEqual({ 'asia/tokyo': 'Asia/Tokyo' });
  });

  it('a file of the first form (tables alone) is read as such', async () => {
    const { env, counter, first, file } = await afterOneRun();
    const { tables } = JSON.parse(fs.readFileSync(file).subarray(32).toString('utf8')) as { tables: object };
    const old = Buffer.from(JSON.stringify(tables));
    fs.writeFileSync(file, Buffer.concat([createHash('sha256').update(old).digest(), old]));
    const warm = await spawnNode(['-r', counter, bin, ...ARGS], { env });
    expect(warm.stdout).toBe(first.stdout);
    expect(intlObjects(warm.stderr)).toBe(0);
  });

  it('a local date-time in a flag (--now 2026-03-09T08:00) is read on the kept tables too', async () => {
    const { env, counter } = await afterOneRun();
    // 8:00 on 9 March 2026 in New York (EDT since the day before): 12:00Z, the clock of ARGS.
    const local = ARGS.map((a) => (a === '2026-03-09T12:00:00Z' ? '2026-03-09T08:00' : a));
    const warm = await spawnNode(['-r', counter, bin, ...local], { env });
    const plain = await spawnNode([bin, ...ARGS, '--no-cache'], { env });
    expect(warm.code).toBe(0);
    expect(warm.stdout).toBe(plain.stdout);
    expect(intlObjects(warm.stderr)).toBe(0);
  });

  it('--no-cache neither reads nor writes them', async () => {
    const home = tempDir('etiq-zones-');
    const r = await spawnNode([bin, ...ARGS, '--no-cache'], { env: isolatedEnv(home) });
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(home, '.cache', 'etiq', 'zones'))).toBe(false);
  });

  it("a first run takes the build's tables: no Intl object, what --no-cache prints, and the cache keeps them", async () => {
    const home = tempDir('etiq-zones-');
    const env = isolatedEnv(home);
    const counter = counterFile(home);
    const plain = await spawnNode(['-r', counter, bin, ...ARGS, '--no-cache'], { env });
    const cold = await spawnNode(['-r', counter, bin, ...ARGS], { env });
    expect(plain.code).toBe(0);
    expect(intlObjects(plain.stderr)).toBeGreaterThan(0);
    expect(cold.stdout).toBe(plain.stdout);
    expect(intlObjects(cold.stderr)).toBe(0);
    const dir = path.join(home, '.cache', 'etiq', 'zones');
    const kept = JSON.parse(fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]!)).subarray(32).toString('utf8')) as { tables: Record<string, object> };
    expect(Object.keys(kept.tables)).toContain('America/New_York');
    // ETIQ_SHIPPED_ZONES=0: the build's tables are not read, and ICU is asked.
    const asked = await spawnNode(['-r', counter, bin, ...ARGS], { env: { ...isolatedEnv(tempDir('etiq-zones-')), ETIQ_SHIPPED_ZONES: '0' } });
    expect(asked.stdout).toBe(plain.stdout);
    expect(intlObjects(asked.stderr)).toBeGreaterThan(0);
  });

  it('a damaged file is ignored, the run is unchanged, and the file is written anew', async () => {
    // The build's tables aside, so that the tables are made from ICU again.
    const { env: cacheEnv, counter, first, file } = await afterOneRun();
    const env = { ...cacheEnv, ETIQ_SHIPPED_ZONES: '0' };
    const good = fs.readFileSync(file);
    // A digit of an offset changed: the JSON still parses, the digest no longer matches.
    const text = good.subarray(32).toString('utf8').replace(/"initial":-?\d/, (m) => m.slice(0, -1) + String((Number(m.slice(-1)) + 1) % 10));
    fs.writeFileSync(file, Buffer.concat([good.subarray(0, 32), Buffer.from(text)]));
    const damaged = fs.readFileSync(file);
    const again = await spawnNode(['-r', counter, bin, ...ARGS], { env });
    expect(again.stdout).toBe(first.stdout);
    expect(intlObjects(again.stderr)).toBeGreaterThan(0);
    expect(fs.readFileSync(file).equals(damaged)).toBe(false);
    const warm = await spawnNode(['-r', counter, bin, ...ARGS], { env });
    expect(intlObjects(warm.stderr)).toBe(0);
    expect(warm.stdout).toBe(first.stdout);
  });
});
