/**
 * End-to-end helpers. `runEtiq` drives the CLI in-process through `main(argv, io)` with a
 * minimal, isolated environment (a temp HOME and XDG folders, NO_COLOR, TZ=UTC, no TTY):
 * the same code path as the binary, without the ~100 ms of a process start per case.
 * `spawnEtiq` runs the real bin/etiq.cjs (built by `npm test`) for what only a process shows:
 * exit codes as the shell sees them, the streams, concurrency and signals.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = path.join(repoRoot, 'bin', 'etiq.cjs');
export const fixtures = path.join(repoRoot, 'fixtures');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = 'etiq-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** For one test file (call it at its top level): a tempDir maker whose folders are removed after the file's tests. */
export function tempDirsRemovedAfterAll(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = tempDir(prefix);
    made.push(dir);
    return dir;
  };
}

/** A fresh home with empty XDG folders; returns the env to run etiq in. */
export function isolatedEnv(home = tempDir(), extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    NO_COLOR: '1',
    TZ: 'UTC',
    ...extra,
  };
}

/** A stand-in for stdout or stderr that keeps what is written. */
function capture(isTTY: boolean): NodeJS.WritableStream & { isTTY: boolean; text: string } {
  const sink = {
    isTTY,
    text: '',
    write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
      sink.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const cb = rest.find((x) => typeof x === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    },
  };
  return sink as unknown as NodeJS.WritableStream & { isTTY: boolean; text: string };
}

/** Runs `etiq ARGS` in this process through main(argv, io). */
export async function runEtiq(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; tty?: boolean } = {}): Promise<RunResult> {
  const { main } = await import('../../src/cli/main.js');
  const stdout = capture(opts.tty === true);
  const stderr = capture(opts.tty === true);
  const code = await main(['node', 'etiq', ...args], {
    stdout,
    stderr,
    stdinIsTTY: opts.tty === true,
    env: opts.env ?? isolatedEnv(),
    cwd: opts.cwd ?? repoRoot,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs the real binary, `node bin/etiq.cjs ARGS`, in a child process. */
export function spawnEtiq(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): Promise<RunResult> {
  return spawnNode([bin, ...args], opts);
}

/** Runs `node ARGS` (a script and its arguments) in a child process, stdin given or empty. */
export function spawnNode(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: opts.cwd ?? repoRoot,
      env: opts.env ?? isolatedEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** Writes an .ics file from lines, CRLF-terminated as RFC 5545 wants. */
export function writeIcs(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

export function vevent(props: string[]): string[] {
  return ['BEGIN:VEVENT', ...props, 'END:VEVENT'];
}

export function calendar(...events: string[][]): string[] {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//etiq tests//EN', ...events.flat(), 'END:VCALENDAR'];
}
