/** What counts as an email address etiq can store or write to: one rule, used everywhere. */

// Whitespace, C0 and C1 controls, and the bidi controls (U+061C, U+200E-F, U+202A-E, U+2066-9).
const UNSAFE_IN_ADDRESS = /[\s\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** One @, something each side, no spaces or controls. */
export function isEmailAddress(text: string): boolean {
  const at = text.indexOf('@');
  return at > 0 && at === text.lastIndexOf('@') && at < text.length - 1 && !UNSAFE_IN_ADDRESS.test(text);
}
