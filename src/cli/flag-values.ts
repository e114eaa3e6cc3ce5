/**
 * Flag values, each kind parsed in one place with one wording: whole numbers, durations,
 * and email addresses. A bad value is a usage error (exit 2) naming the flag.
 */
import { MAX_DURATION_MS, formatDuration, parseDuration } from '../core/duration.js';
import { isEmailAddress } from '../core/email.js';
import { usageError } from '../core/errors.js';

export { isEmailAddress };

/** Digits only: "", "0x3", "1e1", "-2" and "3.5" are not whole numbers. */
export function wholeNumber(value: string, flag: string, range: { min: number; max: number }, what = 'a whole number'): number {
  const n = /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    throw usageError(`${flag} "${value}" must be ${what} from ${range.min} to ${range.max}`);
  }
  return n;
}

/** A duration (30m, 1h30m, 2d, PT45M or minutes); zero only when allowed. */
export function durationValue(value: string, flag: string, opts: { allowZero?: boolean } = {}): number {
  const ms = parseDuration(value);
  if (ms === null || (!opts.allowZero && ms <= 0)) {
    throw usageError(`${flag} "${value}" is not a ${opts.allowZero ? '' : 'positive '}duration (such as 30m, 1h30m, 2d, PT45M or minutes)`);
  }
  if (ms > MAX_DURATION_MS) throw usageError(`${flag} "${value}" is longer than ${formatDuration(MAX_DURATION_MS)}, the longest duration etiq accepts`);
  return ms;
}

/** An email address from a flag or argument, lower-cased; anything else is a usage error. */
export function emailValue(value: string, what: string): string {
  const email = value.trim().toLowerCase();
  if (!isEmailAddress(email)) throw usageError(`${what} ${JSON.stringify(value)} is not an email address`);
  return email;
}
