// recurrence.ts replaces ical.js's Time#nthWeekDay with a clone-free version (speed):
// it must agree with the original everywhere.
import ICAL from 'ical.js';
import { expect, it } from 'vitest';

it('fast nthWeekDay agrees with ical.js for every month, position and weekday', async () => {
  const original = ICAL.Time.prototype.nthWeekDay;
  await import('../../../src/core/calendar/recurrence.js');
  const fast = ICAL.Time.prototype.nthWeekDay;
  expect(fast).not.toBe(original);
  let mismatches = 0;
  for (let y = 1601; y <= 2401; y += 13) {
    for (let m = 1; m <= 12; m++) {
      const t = ICAL.Time.fromData({ year: y, month: m, day: 15 });
      for (const pos of [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]) {
        for (let dow = 1; dow <= 7; dow++) if (original.call(t, dow, pos) !== fast.call(t, dow, pos)) mismatches++;
      }
    }
  }
  expect(mismatches).toBe(0);
});
