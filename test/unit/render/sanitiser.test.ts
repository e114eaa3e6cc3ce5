/**
 * The one sanitiser (core/visible.ts), and the rule that every write to the terminal goes
 * through it: only src/cli/output.ts may write to stdout or stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasControls, visible } from '../../../src/core/visible.js';
import { repoRoot } from '../../e2e/helpers.js';

describe('visible', () => {
  it('shows C0 controls, DEL and C1 controls as \\xNN', () => {
    expect(visible('a\u001b]0;pwned\u0007b')).toBe('a\\x1B]0;pwned\\x07b');
    expect(visible('\u001b[2J')).toBe('\\x1B[2J');
    expect(visible('x\u0000y')).toBe('x\\x00y');
    expect(visible('del\u007f')).toBe('del\\x7F');
    expect(visible('csi\u009b31m')).toBe('csi\\x9B31m');
    expect(visible('line\nbreak\ttab\r')).toBe('line\\x0Abreak\\x09tab\\x0D');
  });

  it('shows bidi controls as \\uNNNN', () => {
    expect(visible('invoice\u202Efdp.exe')).toBe('invoice\\u202Efdp.exe');
    for (const c of ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(visible(c)).toBe(`\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    }
  });

  it('leaves ordinary text alone, including non-Latin scripts and emoji', () => {
    for (const s of ['Café Zürich', 'Kraków — 10:00', 'שלום עולם', '会議 ☕', 'a\\x1Bb', '']) expect(visible(s)).toBe(s);
    expect(hasControls('Café')).toBe(false);
    expect(hasControls('a\u202eb')).toBe(true);
  });

  it('in output mode keeps newlines and tabs, and colour codes only when colour is on', () => {
    const text = 'one\n\ttwo \u001b[31mred\u001b[39m \u001b[2J\u009b\u202e\n';
    expect(visible(text, { output: true, keepColour: true })).toBe('one\n\ttwo \u001b[31mred\u001b[39m \\x1B[2J\\x9B\\u202E\n');
    expect(visible(text, { output: true })).toBe('one\n\ttwo \\x1B[31mred\\x1B[39m \\x1B[2J\\x9B\\u202E\n');
    expect(visible('a\rb', { output: true, keepColour: true })).toBe('a\\x0Db');
    // An OSC sequence is not a colour: it is shown even with colour on.
    expect(visible('\u001b]0;title\u0007', { output: true, keepColour: true })).toBe('\\x1B]0;title\\x07');
  });
});

describe('all human output passes through the sanitiser', () => {
  it('only src/cli/output.ts writes to stdout or stderr', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && p !== path.join(repoRoot, 'src', 'cli', 'output.ts')) {
          fs.readFileSync(p, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (/\b(stdout|stderr)\s*\.\s*write\s*\(|console\.(log|error|warn|info)\s*\(|process\.(stdout|stderr)\b/.test(line)) {
                offenders.push(`${path.relative(repoRoot, p)}:${i + 1}: ${line.trim()}`);
              }
            });
        }
      }
    };
    walk(path.join(repoRoot, 'src'));
    // main.ts names process.stdout/stderr only for a terminal's width (fd-out.ts writes to the descriptors).
    const allowed = offenders.filter((o) => !/^src\/cli\/main\.ts:\d+: +(stdout|stderr): io\?\.(stdout|stderr) \?\? fdOut\([12], \(\) => process\.(stdout|stderr)\),$/.test(o));
    expect(allowed).toEqual([]);
  });
});
