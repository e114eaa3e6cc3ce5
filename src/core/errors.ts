/**
 * The one error type etiq raises on purpose. `exitCode` follows the CLI contract:
 * 2 for usage or input errors (a bad flag, a bad config value, an unreadable file the
 * user named), 1 for runtime failures (network, database, anything unexpected).
 */
export class EtiqError extends Error {
  readonly code: string;
  readonly exitCode: 1 | 2;
  readonly hint?: string;

  constructor(code: string, message: string, options: { exitCode?: 1 | 2; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EtiqError';
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
    this.hint = options.hint;
  }
}

export function usageError(message: string, hint?: string): EtiqError {
  return new EtiqError('usage', message, { exitCode: 2, hint });
}

export function inputError(message: string, hint?: string): EtiqError {
  return new EtiqError('input', message, { exitCode: 2, hint });
}

export function runtimeError(message: string, cause?: unknown): EtiqError {
  return new EtiqError('runtime', message, { exitCode: 1, cause });
}
