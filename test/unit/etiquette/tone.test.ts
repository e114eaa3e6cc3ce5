// The tone of a follow-up rises with the client's misses in the policy window; undone
// outcomes, outcomes outside the window and outcomes that are not misses do not count.
import { describe, expect, it } from 'vitest';
import type { OutcomeKind } from '../../../src/core/etiquette/outcomes.js';
import {
  DEFAULT_POLICY_WINDOW_MS,
  TONES,
  chooseTone,
  countsTowardsTone,
  currentHistory,
  isTone,
  missSituation,
  nextStep,
  noticeWords,
  policySentence,
  situationFor,
  toneAfterMisses,
  type PastOutcome,
} from '../../../src/core/etiquette/tone.js';
import type { OutcomeRecord } from '../../../src/core/records/types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-06-01T12:00:00Z');
const daysAgo = (n: number) => NOW - n * DAY;

const past = (kind: OutcomeKind, days: number, extra: Partial<PastOutcome> = {}): PastOutcome => ({ kind, start: daysAgo(days), ...extra });
const noShowNow = { kind: 'no-show' as const, start: daysAgo(0.1) };

describe('the window', () => {
  it('is 90 days unless set', () => {
    expect(DEFAULT_POLICY_WINDOW_MS).toBe(90 * DAY);
  });
});

describe('chooseTone', () => {
  it('rises across a seeded history: warm, then policy, then firm', () => {
    const history: PastOutcome[] = [];
    expect(chooseTone({ history, current: noShowNow, now: NOW })).toEqual({ tone: 'warm', situation: 'noshow', misses: 1 });
    history.push(past('no-show', 40));
    expect(chooseTone({ history, current: noShowNow, now: NOW })).toEqual({ tone: 'neutral', situation: 'noshow-repeat', misses: 2 });
    history.push(past('late-cancel', 20));
    expect(chooseTone({ history, current: noShowNow, now: NOW })).toEqual({ tone: 'firm', situation: 'noshow-firm', misses: 3 });
    history.push(past('no-show', 10));
    expect(chooseTone({ history, current: noShowNow, now: NOW })).toEqual({ tone: 'firm', situation: 'noshow-firm', misses: 4 });
  });

  it('does not count an undone no-show', () => {
    const history = [past('no-show', 40), past('no-show', 20, { undone: true })];
    expect(chooseTone({ history, current: noShowNow, now: NOW })).toMatchObject({ tone: 'neutral', misses: 2 });
  });

  it('does not count an undone record from the store (currentHistory keeps current outcomes only)', () => {
    const record = (id: number, kind: OutcomeKind, days: number, supersededReason: 'corrected' | 'undone' | null) =>
      ({
        id,
        kind,
        supersededAt: supersededReason ? NOW - HOUR : null,
        supersededReason,
        meeting: { id: 100 + id, start: daysAgo(days) },
      }) as unknown as OutcomeRecord;
    const records = [record(1, 'no-show', 50, null), record(2, 'no-show', 30, 'undone'), record(3, 'no-show', 20, 'corrected'), record(4, 'attended', 20, null)];
    const history = currentHistory(records);
    expect(history).toEqual([
      { kind: 'no-show', start: daysAgo(50), meetingId: 101 },
      { kind: 'attended', start: daysAgo(20), meetingId: 104 },
    ]);
    expect(chooseTone({ history, current: noShowNow, now: NOW })).toMatchObject({ tone: 'neutral', misses: 2 });
  });

  it('counts only misses: no-shows and late cancels', () => {
    const history = (['attended', 'late', 'cancelled', 'rescheduled', 'host-cancelled', 'host-late', 'host-no-show'] as const).map((k, i) => past(k, 5 + i));
    expect(chooseTone({ history, current: noShowNow, now: NOW })).toMatchObject({ tone: 'warm', misses: 1 });
  });

  it('counts misses inside the window only, with its start included', () => {
    const history = [past('no-show', 90), past('no-show', 90.001), past('late-cancel', 200)];
    expect(chooseTone({ history, current: noShowNow, now: NOW })).toMatchObject({ tone: 'neutral', misses: 2 });
    expect(chooseTone({ history, current: noShowNow, now: NOW, windowMs: 365 * DAY })).toMatchObject({ tone: 'firm', misses: 4 });
    expect(chooseTone({ history, current: noShowNow, now: NOW, windowMs: 30 * DAY })).toMatchObject({ tone: 'warm', misses: 1 });
  });

  it('counts a late cancel of a meeting still ahead', () => {
    const history = [past('late-cancel', -1), past('no-show', 3)];
    expect(chooseTone({ history, current: noShowNow, now: NOW })).toMatchObject({ tone: 'firm', misses: 3 });
  });

  it('does not count the new outcome twice when it is already in the history', () => {
    const current = { kind: 'no-show' as const, start: daysAgo(1), meetingId: 7 };
    const byId = [past('no-show', 1, { meetingId: 7 }), past('no-show', 30, { meetingId: 3 })];
    expect(chooseTone({ history: byId, current, now: NOW })).toMatchObject({ tone: 'neutral', misses: 2 });
    const byStart = [past('no-show', 1), past('no-show', 30)];
    expect(chooseTone({ history: byStart, current: { kind: 'no-show', start: daysAgo(1) }, now: NOW })).toMatchObject({ misses: 2 });
  });

  it('gives a late cancel its own situation, in the tone of the history', () => {
    const current = { kind: 'late-cancel' as const, start: NOW + 2 * HOUR };
    expect(chooseTone({ history: [], current, now: NOW })).toEqual({ tone: 'warm', situation: 'late-cancel', misses: 1 });
    expect(chooseTone({ history: [past('no-show', 10)], current, now: NOW })).toEqual({ tone: 'neutral', situation: 'late-cancel', misses: 2 });
    expect(chooseTone({ history: [past('no-show', 10), past('no-show', 20)], current, now: NOW })).toEqual({ tone: 'firm', situation: 'late-cancel', misses: 3 });
  });

  it('answers a cancellation with enough notice warmly, whatever the history', () => {
    const current = { kind: 'cancelled' as const, start: NOW + 3 * DAY };
    expect(chooseTone({ history: [past('no-show', 10), past('no-show', 20)], current, now: NOW })).toEqual({ tone: 'warm', situation: 'late-cancel', misses: 2 });
  });

  it('lets an explicit tone win over the history', () => {
    const history = [past('no-show', 10), past('no-show', 20)];
    expect(chooseTone({ history, current: noShowNow, now: NOW, override: 'warm' })).toEqual({ tone: 'warm', situation: 'noshow', misses: 3 });
    expect(chooseTone({ history: [], current: noShowNow, now: NOW, override: 'firm' })).toEqual({ tone: 'firm', situation: 'noshow-firm', misses: 1 });
    expect(chooseTone({ history: [], current: noShowNow, now: NOW, override: null })).toMatchObject({ tone: 'warm' });
  });

  it("has no situation for outcomes that need no draft, and the host's own for the host's", () => {
    for (const kind of ['attended', 'late', 'rescheduled'] as const) expect(chooseTone({ history: [], current: { kind, start: daysAgo(1) }, now: NOW }).situation).toBeNull();
    for (const kind of ['host-cancelled', 'host-late', 'host-no-show'] as const) {
      expect(chooseTone({ history: [past('no-show', 5), past('no-show', 6)], current: { kind, start: daysAgo(1) }, now: NOW })).toMatchObject({ tone: 'warm', situation: kind });
    }
  });
});

describe('the rule etiq report counts with (countsTowardsTone, toneAfterMisses)', () => {
  it('gives the tone chooseTone gives a no-show now, for each history', () => {
    const from = NOW - DEFAULT_POLICY_WINDOW_MS;
    const kinds: OutcomeKind[] = ['no-show', 'late-cancel', 'cancelled', 'attended', 'late', 'rescheduled', 'host-no-show'];
    // Meetings just inside and just outside the window, and one still ahead (a late cancel).
    const starts = [from - 1, from, from + DAY, daysAgo(1), NOW + 2 * DAY];
    const histories: PastOutcome[][] = [[]];
    for (const kind of kinds) for (const start of starts) histories.push([{ kind, start }]);
    for (let i = 0; i < 40; i++) histories.push([0, 1, 2, 3].map((j) => ({ kind: kinds[(i * 3 + j) % kinds.length]!, start: starts[(i + j * 2) % starts.length]! + j * HOUR })));
    for (const history of histories) {
      const earlier = history.filter((o) => countsTowardsTone(o.kind, o.start, from)).length;
      const chosen = chooseTone({ history, current: { kind: 'no-show', start: NOW }, now: NOW });
      expect(toneAfterMisses(earlier), JSON.stringify(history)).toBe(chosen.tone);
      expect(1 + earlier).toBe(chosen.misses);
    }
    // The window's own start counts; a millisecond before it does not.
    expect(countsTowardsTone('no-show', from, from)).toBe(true);
    expect(countsTowardsTone('no-show', from - 1, from)).toBe(false);
    expect(countsTowardsTone('cancelled', NOW, from)).toBe(false);
  });
});

describe('situations, next steps and tones', () => {
  it('map each tone to its no-show situation and next step', () => {
    expect([...TONES]).toEqual(['warm', 'neutral', 'firm']);
    expect(TONES.map(missSituation)).toEqual(['noshow', 'noshow-repeat', 'noshow-firm']);
    expect(TONES.map(nextStep)).toEqual(['warm', 'remind policy', 'confirm day before']);
    expect(situationFor('no-show', 'neutral')).toBe('noshow-repeat');
    expect(situationFor('late-cancel', 'firm')).toBe('late-cancel');
    expect(isTone('firm')).toBe(true);
    expect(isTone('harsh')).toBe(false);
  });
});

describe('policySentence', () => {
  it('states policy.late_cancel in words', () => {
    expect(policySentence(24 * HOUR)).toBe("I keep these times for you, so I ask for 24 hours' notice if plans change.");
    expect(policySentence(48 * HOUR)).toBe("I keep these times for you, so I ask for 2 days' notice if plans change.");
    expect(policySentence(0)).toBeNull();
  });

  it('picks the unit that reads naturally', () => {
    expect(noticeWords(HOUR)).toBe("an hour's");
    expect(noticeWords(12 * HOUR)).toBe("12 hours'");
    expect(noticeWords(36 * HOUR)).toBe("36 hours'");
    expect(noticeWords(3 * DAY)).toBe("3 days'");
    expect(noticeWords(7 * DAY)).toBe("a week's");
    expect(noticeWords(14 * DAY)).toBe("2 weeks'");
    expect(noticeWords(90 * 60_000)).toBe("90 minutes'");
    expect(noticeWords(60_000)).toBe("a minute's");
    expect(noticeWords(-HOUR)).toBeNull();
  });
});
