// The reliability score (issue 11): 100 * (S + 4) / (S + M + 5), weights halving every 45 days.
import { describe, expect, it } from 'vitest';
import { HALF_LIFE_DAYS, PRIOR_MISSES, PRIOR_SHOWS, recencyWeight, reliabilityScore } from '../../../src/core/report/score.js';
import { monthIndex, reportMonths } from '../../../src/core/report/months.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-01T00:00:00Z');
const shown = (daysAgo: number) => ({ start: NOW - daysAgo * DAY, shown: true });
const missed = (daysAgo: number) => ({ start: NOW - daysAgo * DAY, shown: false });

describe('reliabilityScore', () => {
  it('the constants the README states', () => {
    expect([HALF_LIFE_DAYS, PRIOR_SHOWS, PRIOR_MISSES]).toEqual([45, 4, 1]);
  });

  it('no meetings: the prior, 4 / 5 = 80', () => {
    expect(reliabilityScore([], NOW)).toBe(80);
  });

  it('a meeting 45 days old weighs half, 90 days a quarter; later ones count whole', () => {
    expect(recencyWeight(NOW - 45 * DAY, NOW)).toBeCloseTo(0.5, 12);
    expect(recencyWeight(NOW - 90 * DAY, NOW)).toBeCloseTo(0.25, 12);
    expect(recencyWeight(NOW + DAY, NOW)).toBe(1);
  });

  it('small samples move it little: one fresh miss 4 / 6 = 66.7 -> 67; three fresh misses 4 / 8 = 50', () => {
    expect(reliabilityScore([missed(0)], NOW)).toBe(67);
    expect(reliabilityScore([missed(0), missed(0), missed(0)], NOW)).toBe(50);
  });

  it('ten fresh shows: 14 / 15 = 93.3 -> 93', () => {
    expect(reliabilityScore(Array.from({ length: 10 }, () => shown(0)), NOW)).toBe(93);
  });

  it('an old miss counts less than a recent one: miss 90 days ago (0.25) and a show today: 5 / 6.25 = 80', () => {
    expect(reliabilityScore([missed(90), shown(0)], NOW)).toBe(80);
    // The other way round: 4.25 / 6.25 = 68
    expect(reliabilityScore([missed(0), shown(90)], NOW)).toBe(68);
  });
});

describe('report months', () => {
  it('every month the window touches, in the zone; a start finds its month', () => {
    const since = Date.parse('2025-12-31T23:30:00Z'); // 1 Jan 00:30 in Berlin
    const until = Date.parse('2026-03-01T00:00:00Z'); // 1 Mar 01:00 in Berlin
    const months = reportMonths(since, until, 'Europe/Berlin');
    expect(months.map((m) => m.key)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(monthIndex(months, Date.parse('2026-01-31T23:30:00Z'))).toBe(1); // 1 Feb 00:30 Berlin
    expect(monthIndex(months, Date.parse('2025-12-01T00:00:00Z'))).toBe(-1);
  });
});
