/** core/records/plan.ts: what recording an outcome changes. Pure: no store, no clock. */
import { describe, expect, it } from 'vitest';
import type { OutcomeKind } from '../../../src/core/etiquette/outcomes.js';
import { planOutcome, type OutcomeRequest, type PlanContext } from '../../../src/core/records/plan.js';
import type { MeetingRow, OutcomeRecord } from '../../../src/core/records/types.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const START = Date.UTC(2026, 2, 10, 15, 0);
const ctx: PlanContext = { meetingStart: START, now: START + HOUR, policy: { graceMs: 10 * MIN, lateCancelMs: 24 * HOUR }, defaultWaited: 10 };
const meeting = (id: number, start = START): MeetingRow => ({ id, uid: `m${id}`, recurrenceId: null, source: 'work.ics', start, end: start + 30 * MIN, summary: 'Call' });

function recorded(kind: OutcomeKind, values: Partial<OutcomeRecord> = {}): OutcomeRecord {
  return {
    id: 1,
    kind,
    minutes: null,
    noticeMs: null,
    toldAt: null,
    note: null,
    reason: null,
    recordedAt: START,
    supersededAt: null,
    supersededReason: null,
    meeting: meeting(1),
    client: { id: 1, email: 'c@x.example', name: null, organisation: null, timezone: null, notes: null },
    rescheduledTo: null,
    rescheduledFrom: null,
    ...values,
  };
}

const plan = (current: OutcomeRecord | null, req: OutcomeRequest, c: PlanContext = ctx) => planOutcome(current, req, c);

describe('a first record', () => {
  it('takes the values given, and the defaults for the rest', () => {
    expect(plan(null, { kind: 'no-show' })).toEqual({
      status: 'recorded',
      values: { kind: 'no-show', minutes: 10, noticeMs: null, toldAt: null, rescheduledTo: null, note: null, reason: null },
    });
    expect(plan(null, { kind: 'no-show', minutes: 12, note: 'Rang twice' })).toMatchObject({ values: { minutes: 12, note: 'Rang twice' } });
    expect(plan(null, { kind: 'attended' })).toMatchObject({ values: { kind: 'attended', minutes: null } });
  });

  it('a cancellation without a notice is told now, and classified by the policy', () => {
    // Told an hour after the start: no notice, a late cancel.
    expect(plan(null, { kind: 'cancelled' })).toMatchObject({ values: { kind: 'late-cancel', toldAt: START + HOUR, noticeMs: -HOUR } });
    expect(plan(null, { kind: 'cancelled', toldAt: START - 24 * HOUR })).toMatchObject({ values: { kind: 'cancelled', noticeMs: 24 * HOUR } });
    expect(plan(null, { kind: 'cancelled', toldAt: START - 24 * HOUR + 1 })).toMatchObject({ values: { kind: 'late-cancel' } });
    // `late-cancel` by name stays one whatever the notice.
    expect(plan(null, { kind: 'late-cancel', toldAt: START - 72 * HOUR })).toMatchObject({ values: { kind: 'late-cancel', noticeMs: 72 * HOUR } });
  });
});

describe('recording again', () => {
  it('the same outcome with no new values is unchanged', () => {
    const current = recorded('no-show', { minutes: 12, note: 'Rang twice' });
    expect(plan(current, { kind: 'no-show' })).toEqual({ status: 'unchanged', current });
    expect(plan(current, { kind: 'no-show', minutes: 12 })).toEqual({ status: 'unchanged', current });
    expect(plan(current, { kind: 'no-show', note: 'Rang twice' })).toEqual({ status: 'unchanged', current });
  });

  it('new values correct only themselves', () => {
    const current = recorded('no-show', { minutes: 12, note: 'Rang twice' });
    expect(plan(current, { kind: 'no-show', note: 'Called back' })).toMatchObject({ status: 'corrected', values: { minutes: 12, note: 'Called back' } });
    expect(plan(current, { kind: 'no-show', minutes: 15 })).toMatchObject({ status: 'corrected', values: { minutes: 15, note: 'Rang twice' } });
    expect(plan(current, { kind: 'no-show', note: null })).toMatchObject({ status: 'corrected', values: { minutes: 12, note: null } });
  });

  it('a different outcome starts from its own defaults but keeps the note', () => {
    const current = recorded('no-show', { minutes: 12, note: 'Rang twice' });
    expect(plan(current, { kind: 'host-no-show' })).toEqual({
      status: 'corrected',
      values: { kind: 'host-no-show', minutes: null, noticeMs: null, toldAt: null, rescheduledTo: null, note: 'Rang twice', reason: null },
    });
    expect(plan(current, { kind: 'late', minutes: 5 })).toMatchObject({ values: { kind: 'late', minutes: 5, note: 'Rang twice' } });
    // And back: a no-show after another outcome takes the default minutes, not the late ones.
    expect(plan(recorded('late', { minutes: 5 }), { kind: 'no-show' })).toMatchObject({ values: { kind: 'no-show', minutes: 10 } });
  });

  it('a recorded cancellation keeps its notice and class unless a new notice is given', () => {
    const current = recorded('late-cancel', { noticeMs: 3 * HOUR, toldAt: START - 3 * HOUR });
    expect(plan(current, { kind: 'cancelled' }, { ...ctx, now: START + 5 * HOUR })).toEqual({ status: 'unchanged', current });
    expect(plan(current, { kind: 'late-cancel' })).toEqual({ status: 'unchanged', current });
    expect(plan(current, { kind: 'cancelled', toldAt: START - 48 * HOUR })).toMatchObject({ status: 'corrected', values: { kind: 'cancelled', noticeMs: 48 * HOUR } });
    const early = recorded('cancelled', { noticeMs: 48 * HOUR, toldAt: START - 48 * HOUR });
    expect(plan(early, { kind: 'late-cancel' })).toMatchObject({ status: 'corrected', values: { kind: 'late-cancel', noticeMs: 48 * HOUR } });
  });

  it('a reschedule to a new target is a correction; to the same one, unchanged', () => {
    const current = recorded('rescheduled', { rescheduledTo: meeting(7, START + 7 * 24 * HOUR) });
    expect(plan(current, { kind: 'rescheduled', rescheduledTo: 7 })).toEqual({ status: 'unchanged', current });
    expect(plan(current, { kind: 'rescheduled', rescheduledTo: 8 })).toMatchObject({ status: 'corrected', values: { kind: 'rescheduled', rescheduledTo: 8 } });
    expect(plan(current, { kind: 'attended' })).toMatchObject({ values: { kind: 'attended', rescheduledTo: null } });
  });
});

describe('the reason of a host outcome', () => {
  it('is kept until a new one is given; a different one is a correction; a client outcome has none', () => {
    const first = plan(null, { kind: 'host-cancelled', reason: 'a family emergency' });
    expect(first).toMatchObject({ status: 'recorded', values: { kind: 'host-cancelled', reason: 'a family emergency' } });
    const current = recorded('host-cancelled', { reason: 'a family emergency' });
    expect(plan(current, { kind: 'host-cancelled' })).toEqual({ status: 'unchanged', current });
    expect(plan(current, { kind: 'host-cancelled', reason: 'a family emergency' })).toEqual({ status: 'unchanged', current });
    expect(plan(current, { kind: 'host-cancelled', reason: 'I was ill' })).toMatchObject({ status: 'corrected', values: { reason: 'I was ill' } });
    // Another host outcome for the same meeting keeps the one account of why.
    expect(plan(current, { kind: 'host-no-show' })).toMatchObject({ values: { kind: 'host-no-show', reason: 'a family emergency' } });
    // The client's outcome carries no reason of the user's.
    expect(plan(current, { kind: 'no-show' })).toMatchObject({ values: { kind: 'no-show', reason: null } });
  });
});
