/** What counts as an email address etiq can store or write to: one rule, used everywhere. */
import { hasControls } from './visible.js';

/** One @, something each side, no whitespace, no control or bidi characters (the sanitiser's set). */
export function isEmailAddress(text: string): boolean {
  const at = text.indexOf('@');
  return at > 0 && at === text.lastIndexOf('@') && at < text.length - 1 && !/\s/u.test(text) && !hasControls(text);
}
