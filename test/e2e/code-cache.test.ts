// The V8 code cache of bin/etiq.cjs (bin/code-cache.cjs, issue 13): a fast path, so its
// output must be the plain path's, byte for byte, on a cold run (no cache yet), a warm
// one (every file cached) and with the cache turned off; a damaged or unwritable cache
// costs the cache, never the run. Spawned: only the real binary loads through the cache.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixtures, isolatedEnv, repoRoot, spawnEtiq, spawnNode, tempDir } from './helpers.js';

const SAMPLE = ['--config', path.join(fixtures, 'sample', 'config.toml'), '--now', '2026-03-09T08:00:00'];

/** The cache entries: `<cache>/code-cache/<node>-<arch>/*.v8` (Node 20 and 21), or Node's own layout (22.1+). */
function entries(cacheHome: string): string[] {
  const root = path.join(cacheHome, 'etiq', 'code-cache');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => path.join(root, f)).filter((f) => fs.statSync(f).isFile());
}

const builtIn = typeof (await import('node:module')).default.enableCompileCache === 'function';

describe('code cache', () => {
  it('cold, warm and off print the same, for agenda, slots and report', async () => {
    const home = tempDir('etiq-code-cache-');
    const env = isolatedEnv(home);
    const db = path.join(home, 'etiq.db');
    const runs = [
      ['agenda', ...SAMPLE, '--days', '7'],
      ['slots', ...SAMPLE, '--json'],
      ['report', ...SAMPLE, '--db', db],
      ['--version'],
    ];
    for (const args of runs) {
      const off = await spawnEtiq(args, { env: { ...env, ETIQ_NO_CODE_CACHE: '1' } });
      const cold = await spawnEtiq(args, { env });
      const warm = await spawnEtiq(args, { env });
      expect(off.code, args.join(' ')).toBe(0);
      expect(cold, args.join(' ')).toEqual(off);
      expect(warm, args.join(' ')).toEqual(off);
    }
    expect(entries(path.join(home, '.cache')).length).toBeGreaterThan(3);
  });

  it.skipIf(builtIn)('a damaged entry is ignored and written anew; the run is unchanged', async () => {
    const home = tempDir('etiq-code-cache-');
    const env = isolatedEnv(home);
    // --no-cache: every run reads the calendars, so every run loads the same bundle files.
    const args = ['agenda', ...SAMPLE, '--days', '3', '--no-cache'];
    const first = await spawnEtiq(args, { env });
    const files = entries(path.join(home, '.cache'));
    expect(files.length).toBeGreaterThan(0);
    // Flip bytes inside each entry's data (its first 4 bytes are the data's CRC-32, 20 its
    // SHA-1 on Node before 20.15), and cut one short. V8 does not notice the first kind by
    // itself: without the check this run ends in a segmentation fault (tried on Node 20.20).
    for (const f of files) {
      const buf = fs.readFileSync(f);
      for (let i = 40; i < buf.length; i += 97) buf[i] = buf[i]! ^ 0xff;
      fs.writeFileSync(f, buf);
    }
    fs.truncateSync(files[0]!, 30);
    const damaged = files.map((f) => fs.readFileSync(f));
    const again = await spawnEtiq(args, { env });
    expect(again).toEqual(first);
    // Rewritten from this run's compiled code.
    files.forEach((f, i) => expect(fs.readFileSync(f).equals(damaged[i]!), f).toBe(false));
    expect(await spawnEtiq(args, { env })).toEqual(first);
  });

  it.skipIf(builtIn)('an entry is its data behind their checksum: CRC-32, or SHA-1 where zlib has no crc32 (Node before 20.15)', async () => {
    const args = ['agenda', ...SAMPLE, '--days', '3', '--no-cache'];
    const bin = path.join(repoRoot, 'bin', 'etiq.cjs');
    // A Node without zlib.crc32, as before 20.15: the same runs, with SHA-1.
    const noCrc = path.join(tempDir('etiq-code-cache-stub-'), 'no-crc32.cjs');
    fs.writeFileSync(noCrc, "require('node:zlib').crc32 = undefined;\n");
    const sums = [
      { preload: [], name: 'CRC-32', bytes: 4, sum: (d: Buffer) => { const b = Buffer.alloc(4); b.writeUInt32BE(zlib.crc32(d)); return b; } },
      { preload: ['--require', noCrc], name: 'SHA-1', bytes: 20, sum: (d: Buffer) => crypto.createHash('sha1').update(d).digest() },
    ];
    for (const { preload, name, bytes, sum } of sums) {
      const home = tempDir('etiq-code-cache-');
      const env = isolatedEnv(home);
      const plain = await spawnNode([...preload, bin, ...args], { env: { ...env, ETIQ_NO_CODE_CACHE: '1' } });
      const cold = await spawnNode([...preload, bin, ...args], { env });
      const files = entries(path.join(home, '.cache'));
      expect(files.length, name).toBeGreaterThan(3);
      for (const f of files) {
        const buf = fs.readFileSync(f);
        expect(buf.subarray(0, bytes).equals(sum(buf.subarray(bytes))), `${name}: ${f}`).toBe(true);
        // Named after the bundle file's bytes: their checksum, then their length.
        expect(path.basename(f), name).toMatch(new RegExp(`^[0-9a-f]{${2 * bytes}}-\\d+\\.v8$`));
      }
      // A warm run reads them, checked, and writes none again (a rejected one would be).
      const past = new Date('2026-01-01T00:00:00Z');
      for (const f of files) fs.utimesSync(f, past, past);
      const warm = await spawnNode([...preload, bin, ...args], { env });
      for (const f of files) expect(fs.statSync(f).mtimeMs, `${name}: ${f}`).toBe(past.getTime());
      expect(plain.code, name).toBe(0);
      expect(cold, name).toEqual(plain);
      expect(warm, name).toEqual(plain);
    }
  });

  it('an unwritable cache folder costs the cache, not the run', async () => {
    const home = tempDir('etiq-code-cache-');
    // The cache folder is a file: nothing can be created under it.
    const blocked = path.join(home, 'not-a-folder');
    fs.writeFileSync(blocked, '');
    const env = isolatedEnv(home, { ETIQ_CACHE_DIR: blocked });
    const plain = await spawnEtiq(['agenda', ...SAMPLE, '--days', '2', '--no-cache'], { env: { ...env, ETIQ_NO_CODE_CACHE: '1' } });
    const run = await spawnEtiq(['agenda', ...SAMPLE, '--days', '2', '--no-cache'], { env });
    expect(plain.code).toBe(0);
    expect(run).toEqual(plain);
  });

  it.skipIf(typeof process.getuid !== 'function')('a cache folder others can write to is not used: nothing read, nothing written', async () => {
    const home = tempDir('etiq-code-cache-');
    const env = isolatedEnv(home);
    const args = ['agenda', ...SAMPLE, '--days', '2', '--no-cache'];
    const first = await spawnEtiq(args, { env });
    const dir = path.dirname(entries(path.join(home, '.cache'))[0]!);
    // Entries that are not valid: a folder in use would have them replaced by good ones.
    for (const f of fs.readdirSync(dir)) fs.writeFileSync(path.join(dir, f), Buffer.alloc(64, 7));
    fs.chmodSync(dir, 0o777);
    const again = await spawnEtiq(args, { env });
    expect(again).toEqual(first);
    // Left as they are: the folder is not the user's alone, so it is neither read nor written.
    for (const f of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, f)).equals(Buffer.alloc(64, 7))).toBe(true);
  });

  it.skipIf(builtIn)('a bundle file gone missing fails as it does without the cache', async () => {
    // The cache loads the bundle's files by name, without Node's resolution: a file that is
    // not there must still give Node's own error, whichever file asks for it.
    const home = tempDir('etiq-code-cache-');
    const copy = path.join(home, 'etiq');
    fs.mkdirSync(path.join(copy, 'dist', 'bundle'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'bin'), path.join(copy, 'bin'), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(copy, 'package.json'));
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
    const bundle = path.join(repoRoot, 'dist', 'bundle');
    const chunks = fs.readdirSync(bundle).filter((f) => f.endsWith('.cjs'));
    for (const f of chunks) fs.copyFileSync(path.join(bundle, f), path.join(copy, 'dist', 'bundle', f));
    const gone = chunks.find((f) => f.startsWith('agenda-run-'));
    expect(gone).toBeDefined();
    fs.rmSync(path.join(copy, 'dist', 'bundle', gone!));
    const env = isolatedEnv(home);
    const args = [path.join(copy, 'bin', 'etiq.cjs'), 'agenda', ...SAMPLE, '--days', '2', '--no-cache'];
    const plain = await spawnNode(args, { env: { ...env, ETIQ_NO_CODE_CACHE: '1' } });
    const cached = await spawnNode(args, { env });
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toContain(gone);
    expect(cached).toEqual(plain);
    expect(entries(path.join(home, '.cache')).length).toBeGreaterThan(0);
  });

  it('--debug does not use it (stack traces map through source maps)', async () => {
    const home = tempDir('etiq-code-cache-');
    const r = await spawnEtiq(['--version', '--debug'], { env: isolatedEnv(home) });
    expect(r.code).toBe(0);
    expect(entries(path.join(home, '.cache'))).toEqual([]);
  });
});
