import { expect, it } from 'vitest';
import type { Occurrence } from '../../../src/core/calendar/types.js';
import { isClientMeeting } from '../../../src/core/etiquette/outcomes.js';

const occ = (partstat: string | null, status: Occurrence['status'] = 'CONFIRMED'): Occurrence => ({
  uid: 'u', recurrenceId: null, start: 0, end: 1, allDay: false, startDate: null, endDate: null, status, busy: true, freeReason: null, tentative: false,
  summary: 's', location: null, organizer: { email: 'client@x.example', name: null },
  attendees: [{ email: 'me@example.com', name: null, partstat, role: null }], calendar: 'c', line: 1,
});

it('is a client meeting unless cancelled or declined by the user', () => {
  expect(isClientMeeting(occ('ACCEPTED'), ['me@example.com'])).toBe(true);
  expect(isClientMeeting(occ('DECLINED'), ['me@example.com'])).toBe(false);
  expect(isClientMeeting(occ('ACCEPTED', 'CANCELLED'), ['me@example.com'])).toBe(false);
  expect(isClientMeeting(occ('DECLINED'), [])).toBe(true); // without [me] etiq cannot know it was you
});
