/**
 * stdout and stderr as their file descriptors, written with fs.writeSync (issue 13).
 *
 * Node makes its stdout and stderr streams on first touch, and for a pipe each is a
 * net.Socket: node:net, the stream machinery and two socket handles, ~3-4 ms of every run
 * (`--version` and `--help` included) that `node -e 0` never pays. etiq writes whole texts
 * and waits for nothing, so a synchronous write to the descriptor is all it needs; Node's
 * own stdout is synchronous for files and, on Linux, for pipes too, so the order of what
 * is written is the same.
 *
 * - A reader that goes away (`etiq agenda --json | head`) makes the write fail with EPIPE:
 *   the rest of the output is dropped, quietly, and the run ends as it would have.
 * - A descriptor left non-blocking by another process that shares it (EAGAIN) is waited
 *   for, a millisecond at a time, until the reader has made room.
 * - `isTTY` asks node:tty only for a character device other than /dev/null, so a pipe, a
 *   file or /dev/null loads nothing more. `columns`, for the progress line on a terminal,
 *   is read from Node's own stream, made then.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';

/** What etiq's output needs of a stream: see cli/output.ts. */
export interface TextOut {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export function fdOut(fd: number, nodeStream: () => { columns?: number }): TextOut {
  let terminal: boolean | undefined;
  let closed = false;
  const isTTY = (): boolean => (terminal ??= isTerminal(fd));
  return {
    write(text: string): boolean {
      if (!closed && !writeAll(fd, text)) closed = true;
      return true;
    },
    get isTTY() {
      return isTTY();
    },
    get columns() {
      return isTTY() ? nodeStream().columns : undefined;
    },
  };
}

/**
 * Whether a descriptor is a terminal: node:tty (which loads node:net and the streams, ~2-3
 * ms) is asked only about a character device, and not about /dev/null, the character
 * device that is never one (`etiq --help > /dev/null`, a service's output, a benchmark's).
 * stdin's question too (main.ts).
 */
export function isTerminal(fd: number): boolean {
  let device: fs.Stats;
  try {
    device = fs.fstatSync(fd);
    if (!device.isCharacterDevice()) return false;
  } catch {
    return false;
  }
  if (isDevNull(device)) return false;
  return (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd);
}

/** Whether a character device is the system's /dev/null (false where there is none: Windows). */
function isDevNull(device: fs.Stats): boolean {
  try {
    const nul = fs.statSync('/dev/null');
    return nul.isCharacterDevice() && nul.rdev === device.rdev;
  } catch {
    return false;
  }
}

/** Writes all of `text`; false when the reader has gone (EPIPE). */
function writeAll(fd: number, text: string): boolean {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    try {
      done += fs.writeSync(fd, bytes, done, bytes.length - done);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return false;
      if (code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
  return true;
}
