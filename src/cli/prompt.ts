/**
 * The only place inquirer is used. Prompts run only when stdin and stdout are terminals;
 * every prompt has a flag, so scripts never reach one. inquirer resolves a closed stdin as
 * an ExitPromptError (and would exit 0): that is mapped to a clear error instead.
 */
import { EtiqError, usageError } from '../core/errors.js';
import type { Io } from './context.js';

export function canPrompt(io: Io): boolean {
  // stdout first: stdinIsTTY loads node:tty when first asked (main.ts).
  return io.stdout.isTTY === true && io.stdinIsTTY;
}

function guard(io: Io, flagHint: string): void {
  if (!canPrompt(io)) throw usageError(`no terminal to ask on: ${flagHint}`);
}

async function run<T>(question: Record<string, unknown>): Promise<T> {
  const { default: inquirer } = await import('inquirer');
  try {
    const answers = (await inquirer.prompt([{ ...question, name: 'value' }] as never)) as { value: T };
    return answers.value;
  } catch (err) {
    if ((err as Error).name === 'ExitPromptError' || (err as Error).name === 'AbortPromptError') {
      throw new EtiqError('cancelled', 'cancelled at the prompt; nothing was recorded', { exitCode: 1 });
    }
    throw err;
  }
}

export async function choose<T>(io: Io, message: string, choices: { name: string; value: T }[], flagHint: string): Promise<T> {
  guard(io, flagHint);
  return run<T>({ type: 'select', message, choices, pageSize: 12 });
}

export async function askMinutes(io: Io, message: string, fallback: number, flagHint: string): Promise<number> {
  guard(io, flagHint);
  const text = await run<string>({
    type: 'input',
    message,
    default: String(fallback),
    validate: (v: string) => (/^\d{1,4}$/.test(v.trim()) ? true : 'a whole number of minutes'),
  });
  return Number(text.trim());
}

/** A line of text; `validate` returns true or the reason the answer is refused. */
export async function askText(
  io: Io,
  message: string,
  opts: { default?: string; validate?: (value: string) => true | string },
  flagHint: string,
): Promise<string> {
  guard(io, flagHint);
  const text = await run<string>({ type: 'input', message, default: opts.default, validate: opts.validate });
  return text.trim();
}

export async function confirm(io: Io, message: string, fallback: boolean, flagHint: string): Promise<boolean> {
  guard(io, flagHint);
  return run<boolean>({ type: 'confirm', message, default: fallback });
}

/** One of `values`, chosen by typing part of it (a searchable list); `fallback` is listed first. */
export async function chooseSearchable(io: Io, message: string, values: readonly string[], fallback: string, flagHint: string): Promise<string> {
  guard(io, flagHint);
  const ordered = [fallback, ...values.filter((v) => v !== fallback)];
  return run<string>({
    type: 'search',
    message,
    default: fallback,
    pageSize: 12,
    source: (term: string | undefined) => {
      const t = (term ?? '').trim().toLowerCase().replace(/\s+/g, '_');
      return ordered.filter((v) => t === '' || v.toLowerCase().includes(t)).map((v) => ({ name: v, value: v }));
    },
  });
}
