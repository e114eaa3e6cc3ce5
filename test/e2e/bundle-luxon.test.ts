// luxon in a file of its own, loaded when first used (scripts/bundle.js, src/core/luxon.ts;
// issue 13): most runs build no DateTime, and its ~250 KB of code cost ~3 ms of each. Spawned:
// only the built bundle loads it lazily (in the sources it is a plain import).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, isolatedEnv, repoRoot, spawnNode, tempDir } from './helpers.js';

const CONFIG = ['--config', path.join(fixtures, 'sample', 'config.toml')];

describe('luxon in the bundle', () => {
  it('is not loaded by runs that need no DateTime, and is loaded, configured, by one that does', async () => {
    const home = tempDir('etiq-luxon-');
    // Prints, at exit, whether dist/bundle/luxon.cjs was loaded (through the code cache or not,
    // a bundle file is in require.cache by its name).
    const probe = path.join(home, 'probe.cjs');
    fs.writeFileSync(probe, "process.on('exit', () => process.stderr.write('LUXON ' + Object.keys(require.cache).some((f) => require('path').basename(f) === 'luxon.cjs') + '\\n'));");
    const bin = path.join(repoRoot, 'bin', 'etiq.cjs');
    const db = path.join(home, 'etiq.db');
    const now = ['--now', '2026-03-09T08:00:00Z'];
    const lean = [
      ['agenda', ...CONFIG, ...now, '--days', '7'],
      ['slots', ...CONFIG, ...now, '--json'],
      ['noshow', ...CONFIG, ...now, '--client', 'kofi@clientco.example', '--at', '2026-03-06T10:00', '--duration', '30m', '--no-draft', '--db', db],
      ['report', ...CONFIG, ...now, '--db', db, '--json'],
      ['report', ...CONFIG, ...now, '--db', db],
    ];
    for (const noCache of ['1', '0']) {
      const env = { ...isolatedEnv(home), ETIQ_NO_CODE_CACHE: noCache };
      for (const args of lean) {
        const r = await spawnNode(['-r', probe, bin, ...args], { env });
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        expect(r.stderr, args.join(' ')).toContain('LUXON false');
      }
      // --now with an offset in the basic format (+0100) is luxon's to read: loaded then.
      // 08:00+01:00 is 07:00Z, 03:00 on 9 March in New York (EDT since 8 March).
      const r = await spawnNode(['-r', probe, bin, 'agenda', ...CONFIG, '--now', '2026-03-09T08:00:00+0100', '--days', '1', '--json'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('LUXON true');
      expect(JSON.parse(r.stdout)).toMatchObject({ from: '2026-03-09T00:00:00-04:00' });
    }
  });
});
