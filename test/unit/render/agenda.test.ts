import { describe, expect, it } from 'vitest';
import { PLAIN } from '../../../src/cli/style.js';
import type { Occurrence } from '../../../src/core/calendar/types.js';
import { byStart } from '../../../src/core/calendar/window.js';
import { agendaJson, renderAgendaText, type AgendaResult } from '../../../src/render/agenda.js';
import { occurrence } from '../calendar/helpers.js';

const ZONE = 'America/New_York';

function timed(uid: string, summary: string, start: string, end: string, extra: Partial<Occurrence> = {}): Occurrence {
  return occurrence({ uid, summary, start: Date.parse(start), end: Date.parse(end), calendar: '/cal/work.ics', ...extra });
}

/** All-day: dates and the instants of their local midnights (given, with their offsets). */
function allDay(uid: string, summary: string, startDate: string, endDate: string, start: string, end: string, extra: Partial<Occurrence> = {}): Occurrence {
  return { ...timed(uid, summary, start, end), allDay: true, startDate, endDate, ...extra };
}

function agenda(from: string, to: string, occurrences: Occurrence[]): AgendaResult {
  return { timezone: ZONE, from: Date.parse(from), to: Date.parse(to), occurrences: [...occurrences].sort(byStart), warnings: [] };
}

// Monday 2 March to Sunday 15 March 2026 (DTEND 16 March, exclusive): 14 days, across the
// change to daylight time in New York on Sunday 8 March.
const leave = allDay('leave-1', 'Leave', '2026-03-02', '2026-03-16', '2026-03-02T00:00:00-05:00', '2026-03-16T00:00:00-04:00');

describe('renderAgendaText: multi-day all-day events', () => {
  it('lists a 14-day leave on each day of a 7-day window starting on its day 3, among the other events', () => {
    const r = agenda('2026-03-04T00:00:00-05:00', '2026-03-11T00:00:00-04:00', [
      leave,
      timed('standup', 'Standup', '2026-03-04T09:00:00-05:00', '2026-03-04T10:00:00-05:00'),
      timed('deploy', 'Midnight deploy', '2026-03-05T00:00:00-05:00', '2026-03-05T00:30:00-05:00'),
      // A timed event past midnight is still listed once, on the day it starts.
      timed('release', 'Release night', '2026-03-05T23:00:00-05:00', '2026-03-06T01:00:00-05:00'),
      allDay('holiday', 'Holiday', '2026-03-06', '2026-03-07', '2026-03-06T00:00:00-05:00', '2026-03-07T00:00:00-05:00'),
      timed('dentist', 'Dentist', '2026-03-09T08:30:00-04:00', '2026-03-09T09:00:00-04:00', { tentative: true }),
      timed('board', 'Board review', '2026-03-10T14:00:00-04:00', '2026-03-10T15:00:00-04:00', { status: 'CANCELLED', busy: false, freeReason: 'cancelled' }),
    ]);
    expect(renderAgendaText(r, PLAIN).split('\n')).toEqual([
      'Agenda Wed 4 Mar 2026 – Tue 10 Mar 2026 (America/New_York)',
      '',
      'Wed 4 Mar 2026',
      '  all day        Leave 3/14',
      '  09:00–10:00    Standup',
      '',
      'Thu 5 Mar 2026',
      '  all day        Leave 4/14',
      '  00:00–00:30    Midnight deploy',
      '  23:00–Fri 01:00  Release night',
      '',
      'Fri 6 Mar 2026',
      '  all day        Leave 5/14',
      '  all day        Holiday',
      '',
      'Sat 7 Mar 2026',
      '  all day        Leave 6/14',
      '',
      'Sun 8 Mar 2026',
      '  all day        Leave 7/14',
      '',
      'Mon 9 Mar 2026',
      '  all day        Leave 8/14',
      '  08:30–09:00    Dentist (tentative)',
      '',
      'Tue 10 Mar 2026',
      '  all day        Leave 9/14',
      '  14:00–15:00    Board review (cancelled)',
    ]);
  });

  it('keeps one-day all-day events as `all day`, without a day number', () => {
    const r = agenda('2026-03-06T00:00:00-05:00', '2026-03-07T00:00:00-05:00', [
      allDay('holiday', 'Holiday', '2026-03-06', '2026-03-07', '2026-03-06T00:00:00-05:00', '2026-03-07T00:00:00-05:00'),
      timed('lunch', 'Lunch', '2026-03-06T12:00:00-05:00', '2026-03-06T13:00:00-05:00'),
    ]);
    expect(renderAgendaText(r, PLAIN).split('\n')).toEqual([
      'Agenda Fri 6 Mar 2026 (America/New_York)',
      '',
      'Fri 6 Mar 2026',
      '  all day        Holiday',
      '  12:00–13:00    Lunch',
    ]);
  });

  it('starts at the window: a window beginning mid-day lists that day with its number', () => {
    const r = agenda('2026-03-14T15:00:00-04:00', '2026-03-17T00:00:00-04:00', [leave]);
    expect(renderAgendaText(r, PLAIN).split('\n')).toEqual([
      'Agenda Sat 14 Mar 2026 – Mon 16 Mar 2026 (America/New_York)',
      '',
      'Sat 14 Mar 2026',
      '  all day        Leave 13/14',
      '',
      'Sun 15 Mar 2026',
      '  all day        Leave 14/14',
    ]);
  });

  it('marks every day of a cancelled, a free and a tentative multi-day event', () => {
    const r = agenda('2026-03-11T00:00:00-04:00', '2026-03-13T00:00:00-04:00', [
      allDay('offsite', 'Offsite', '2026-03-11', '2026-03-13', '2026-03-11T00:00:00-04:00', '2026-03-13T00:00:00-04:00', { status: 'CANCELLED', busy: false, freeReason: 'cancelled' }),
      allDay('conf', 'Conference', '2026-03-11', '2026-03-14', '2026-03-11T00:00:00-04:00', '2026-03-14T00:00:00-04:00', { busy: false, freeReason: 'transparent' }),
      allDay('trip', 'Trip', '2026-03-10', '2026-03-13', '2026-03-10T00:00:00-04:00', '2026-03-13T00:00:00-04:00', { tentative: true }),
    ]);
    expect(renderAgendaText(r, PLAIN).split('\n')).toEqual([
      'Agenda Wed 11 Mar 2026 – Thu 12 Mar 2026 (America/New_York)',
      '',
      'Wed 11 Mar 2026',
      '  all day        Trip 2/3 (tentative)',
      '  all day        Offsite 1/2 (cancelled)',
      '  all day        Conference 1/3 (free)',
      '',
      'Thu 12 Mar 2026',
      '  all day        Trip 3/3 (tentative)',
      '  all day        Offsite 2/2 (cancelled)',
      '  all day        Conference 2/3 (free)',
    ]);
  });

  it('lists only the window days of a very long event', () => {
    // 1 Jan 2020 to 31 Dec 2119: 100 years with 24 leap days (2100 is not one) = 36524 days;
    // 4 March 2026 is day 2192 (2020–2025) + 31 + 28 + 4 = 2255.
    const century = allDay('century', 'Century', '2020-01-01', '2120-01-01', '2020-01-01T00:00:00-05:00', '2120-01-01T00:00:00-05:00');
    const r = agenda('2026-03-04T00:00:00-05:00', '2026-03-05T00:00:00-05:00', [century]);
    expect(renderAgendaText(r, PLAIN).split('\n')).toEqual(['Agenda Wed 4 Mar 2026 (America/New_York)', '', 'Wed 4 Mar 2026', '  all day        Century 2255/36524']);
  });

  it('leaves the JSON at one event per occurrence, with its dates', () => {
    const r = agenda('2026-03-04T00:00:00-05:00', '2026-03-11T00:00:00-04:00', [leave]);
    const json = agendaJson(r);
    expect(json.events).toHaveLength(1);
    expect(json.events[0]).toMatchObject({ start: '2026-03-02', end: '2026-03-16', allDay: true, summary: 'Leave' });
  });
});
