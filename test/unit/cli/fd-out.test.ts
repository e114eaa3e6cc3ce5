// stdout and stderr as descriptors (src/cli/fd-out.ts): whole texts written, a full
// non-blocking pipe waited for, a reader that went away ignored, and what is a terminal.
// (`etiq agenda --json | head`, through the real executable: test/e2e/agenda.test.ts.)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fdOut } from '../../../src/cli/fd-out.js';
import { bin, tempDirsRemovedAfterAll } from '../../e2e/helpers.js';

const removedAfterAll = tempDirsRemovedAfterAll();
const temp = (): string => removedAfterAll('etiq-fd-out-');

/** ~1.3 MB of text with two- to four-byte UTF-8 characters, twenty times a pipe's buffer. */
const TEXT = Array.from({ length: 20_000 }, (_, i) => `line ${i}: Zoë 東京 🎉 ${'x'.repeat(40)}\n`).join('');

/** The write end of a FIFO, non-blocking (open and write return at once; a full pipe answers EAGAIN), once a reader has it open. */
async function openWriter(fifo: string): Promise<number> {
  for (let i = 0; ; i++) {
    try {
      return fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO' || i === 500) throw err; // ENXIO: no reader yet
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

describe('fdOut', () => {
  it('writes each text whole, in order, as UTF-8', () => {
    const file = path.join(temp(), 'out.txt');
    const fd = fs.openSync(file, 'w');
    try {
      const out = fdOut(fd, () => ({}));
      out.write(TEXT);
      out.write('and the end\n');
    } finally {
      fs.closeSync(fd);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(`${TEXT}and the end\n`);
  });

  it('is not a terminal for a file, a pipe or /dev/null (a character device), and then has no columns', () => {
    const file = path.join(temp(), 'out.txt');
    const fds = [fs.openSync(file, 'w'), fs.openSync('/dev/null', 'w')];
    try {
      for (const fd of fds) {
        let asked = 0;
        const out = fdOut(fd, () => {
          asked++;
          return { columns: 123 };
        });
        expect([out.isTTY, out.columns, asked]).toEqual([false, undefined, 0]);
      }
    } finally {
      for (const fd of fds) fs.closeSync(fd);
    }
  });

  it.skipIf(process.platform === 'win32')('asks node:tty about no descriptor that is /dev/null (the built etiq, stdin and stdout there)', () => {
    // node:tty loads node:net and the streams (~2-3 ms); /dev/null is a character device, as
    // a terminal is, and `etiq --help > /dev/null` (a service, a benchmark) asked it.
    const dir = temp();
    const list = path.join(dir, 'modules.txt');
    const probe = path.join(dir, 'probe.cjs');
    fs.writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));`);
    const run = (stdio: 'ignore' | 'pipe'): string[] => {
      const r = spawnSync(process.execPath, ['-r', probe, bin, 'agenda', '--help'], { stdio: [stdio, stdio, 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      expect(r.status, String(r.stderr)).toBe(0);
      return fs.readFileSync(list, 'utf8').split('\n');
    };
    expect(run('ignore')).not.toContain('NativeModule tty');
    // The probe sees node:tty when it is loaded: asked about a pipe, it is not; asked in a
    // process that loads it itself, it is listed.
    expect(run('pipe')).not.toContain('NativeModule tty');
    fs.writeFileSync(probe, `require('node:tty'); ${fs.readFileSync(probe, 'utf8')}`);
    expect(run('ignore')).toContain('NativeModule tty');
  });

  it.skipIf(process.platform === 'win32' || spawnSync('mkfifo', ['--version']).error !== undefined)(
    'waits for a slow reader of a full non-blocking pipe (EAGAIN), and drops the rest once the reader is gone (EPIPE)',
    async () => {
      const dir = temp();
      const fifo = path.join(dir, 'pipe');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      const copy = path.join(dir, 'copy.txt');
      // A reader in another process that opens the pipe at once (read-write: the open does not
      // wait for a writer) and reads only after a while, by which time the pipe is full.
      const bytes = Buffer.byteLength(TEXT);
      const reader = spawn('sh', ['-c', `exec 3<>"${fifo}"; sleep 0.3; head -c ${bytes} <&3 > "${copy}"`], { stdio: 'ignore' });
      let fd = await openWriter(fifo);
      fdOut(fd, () => ({})).write(TEXT);
      fs.closeSync(fd);
      expect(await new Promise((resolve) => reader.on('close', resolve))).toBe(0);
      expect(fs.readFileSync(copy, 'utf8')).toBe(TEXT);

      // A reader that reads a little and goes away: the writes after it are dropped quietly.
      const quitter = spawn('sh', ['-c', `head -c 10 "${fifo}" > /dev/null`], { stdio: 'ignore' });
      fd = await openWriter(fifo);
      const out = fdOut(fd, () => ({}));
      out.write('0123456789');
      expect(await new Promise((resolve) => quitter.on('close', resolve))).toBe(0);
      expect(() => {
        out.write(TEXT);
        out.write('more\n');
      }).not.toThrow();
      fs.closeSync(fd);
    },
  );
});
