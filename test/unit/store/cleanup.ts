/** Store tests' temp folders and open stores, closed and removed after each test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Store } from '../../../src/adapters/store.js';

const dirs: string[] = [];
/** Stores to close after the test. */
export const opened: Store[] = [];

afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'etiq-store-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}
