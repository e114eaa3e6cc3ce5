/**
 * First contact (issue 12): `etiq` alone says what it does, lists the commands by group and
 * the next step, on stdout with exit 0; every command's --help ends with real examples.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/cli/help.js';
import { runEtiq } from './helpers.js';

describe('etiq alone', () => {
  it('prints what etiq does, the commands by group and the next step, on stdout, exit 0, in 80 columns', async () => {
    const r = await runEtiq([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^etiq keeps client meetings honest/);
    for (const group of ['Read:', 'Record:', 'Follow up:', 'Report:', 'Set up:']) expect(r.stdout).toContain(`\n${group}\n`);
    for (const cmd of ['agenda', 'slots', 'noshow', 'log', 'history', 'clients', 'offers', 'reply', 'templates', 'report', 'init', 'doctor']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${cmd} +\\S`, 'm'));
    }
    expect(r.stdout).toContain('New here? `etiq init` writes your config; `etiq doctor` checks it.');
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('--help', () => {
  for (const [cmd, examples] of Object.entries(EXAMPLES)) {
    it(`etiq ${cmd} --help ends with its examples`, async () => {
      const r = await runEtiq([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('\nExamples:\n');
      for (const e of examples) expect(r.stdout).toContain(`  $ ${e}`);
      expect(examples.length).toBeGreaterThanOrEqual(2);
    });
  }
});

describe('mistyped commands', () => {
  it('an unknown command or subcommand is exit 2 with a did-you-mean', async () => {
    const cases: [string[], RegExp][] = [
      [['agendaa'], /unknown command 'agendaa'\n\(Did you mean agenda\?\)/],
      [['clients', 'sett', 'a@b.example'], /^etiq: unknown subcommand 'sett' for 'etiq clients' \(did you mean set\?\); its subcommands: set$/],
      [['offers', 'cancl', '3'], /^etiq: unknown subcommand 'cancl' for 'etiq offers' \(did you mean cancel\?\)/],
      [['templates', 'sho', 'noshow'], /^etiq: unknown subcommand 'sho' for 'etiq templates' \(did you mean show\?\)/],
    ];
    for (const [args, message] of cases) {
      const r = await runEtiq(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toMatch(message);
    }
  });

  it('etiq help report and etiq report --help agree', async () => {
    const a = await runEtiq(['help', 'report']);
    const b = await runEtiq(['report', '--help']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });
});
