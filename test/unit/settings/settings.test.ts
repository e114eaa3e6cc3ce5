// resolveSettings on config text: close typos are errors, far-off unknown keys warnings,
// full day names in day tables, and [followup] client_hours (issue items 10 and 12).
import path from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { EtiqError } from '../../../src/core/errors.js';
import { DEFAULT_CLIENT_HOURS, resolveSettings, type HourRange, type Settings, type Weekday } from '../../../src/core/settings.js';

const FILE = '/home/dana/.config/etiq/config.toml';

function settings(text: string): Settings {
  return resolveSettings({
    file: { path: FILE, text, parseToml: parse },
    flags: {},
    cwd: '/work',
    systemZone: () => 'UTC',
    resolvePath: (base, p) => path.resolve(base, p),
    dirname: (p) => path.dirname(p),
    home: '/home/dana',
  });
}

/** The input error resolveSettings throws for `text` (fails the test when there is none). */
function inputErrorOf(text: string): EtiqError {
  try {
    settings(text);
  } catch (err) {
    expect(err).toBeInstanceOf(EtiqError);
    const e = err as EtiqError;
    expect(e.exitCode).toBe(2);
    expect(e.code).toBe('input');
    expect(e.message).toContain(FILE);
    expect(e.message).not.toContain('\n');
    return e;
  }
  throw new Error(`no error for config:\n${text}`);
}

const r = (from: string, to: string): HourRange => {
  const m = (hm: string): number => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3));
  return { start: m(from), end: m(to) };
};
const week = (days: Partial<Record<Weekday, HourRange[]>>): Record<Weekday, HourRange[]> => ({
  mon: [],
  tue: [],
  wed: [],
  thu: [],
  fri: [],
  sat: [],
  sun: [],
  ...days,
});

describe('unknown keys close to a known key are errors', () => {
  it('timzone at the root names the file, the unknown key and the known key', () => {
    const e = inputErrorOf('timzone = "Europe/Berlin"\n');
    expect(e.message).toBe(
      `${FILE}: unknown key "timzone" (did you mean "timezone"?); a misspelt key would silently change what etiq offers`,
    );
  });

  it('[slots] duraton suggests slots.duration', () => {
    const e = inputErrorOf('[slots]\nduraton = "45m"\n');
    expect(e.message).toContain('"slots.duraton"');
    expect(e.message).toContain('"slots.duration"');
  });

  it('[policy] gracee suggests policy.grace', () => {
    const e = inputErrorOf('[policy]\ngracee = "5m"\n');
    expect(e.message).toContain('"policy.gracee"');
    expect(e.message).toContain('"policy.grace"');
  });

  it('[me] emial suggests me.email', () => {
    const e = inputErrorOf('[me]\nemial = "dana@example.com"\n');
    expect(e.message).toContain('"me.emial"');
    expect(e.message).toContain('"me.email"');
  });

  it('a misspelt table name ([hour]) suggests the table', () => {
    const e = inputErrorOf('[hour]\nmon = ["09:00-17:00"]\n');
    expect(e.message).toContain('"hour"');
    expect(e.message).toContain('"hours"');
  });

  it('[followup] client_hour suggests followup.client_hours', () => {
    const e = inputErrorOf('[followup]\nclient_hour = "08:00-18:00"\n');
    expect(e.message).toContain('"followup.client_hour"');
    expect(e.message).toContain('"followup.client_hours"');
  });
});

describe('unknown keys not close to any known key stay warnings', () => {
  it('colour = "red" is a warning naming the key (shown with the config file as its source), and the rest is read', () => {
    const s = settings('colour = "red"\ntimezone = "Europe/Berlin"\n');
    expect(s.timezone).toBe('Europe/Berlin');
    expect(s.warnings).toEqual(['unknown key "colour" is ignored']);
  });

  it('a short key (tz) is not taken for a typo of a short known key (me)', () => {
    expect(settings('tz = "UTC"\n').warnings).toEqual(['unknown key "tz" is ignored']);
  });

  it('[followup] template (for templates) is a typo, not a warning', () => {
    expect(inputErrorOf('[followup]\ntemplate = "x"\n').message).toMatch(/unknown key "followup\.template" \(did you mean "followup\.templates"\?\)/);
  });
});

describe('[hours] day names', () => {
  const threeLetter = settings('[hours]\nmon = ["09:00-12:00", "13:00-17:00"]\nfri = ["09:00-13:00"]\n');

  it('monday is accepted and means the same as mon', () => {
    const s = settings('[hours]\nmonday = ["09:00-12:00", "13:00-17:00"]\nfri = ["09:00-13:00"]\n');
    expect(s.warnings).toEqual([]);
    expect(s.hours).toEqual(threeLetter.hours);
    expect(s.hours!.mon).toEqual([r('09:00', '12:00'), r('13:00', '17:00')]);
  });

  it('Monday, FRIDAY and Tue are accepted (case does not matter)', () => {
    const s = settings('[hours]\nMonday = ["09:00-12:00", "13:00-17:00"]\nFRIDAY = ["09:00-13:00"]\nTue = ["10:00-11:00"]\n');
    expect(s.warnings).toEqual([]);
    expect(s.hours).toEqual(week({ mon: [r('09:00', '12:00'), r('13:00', '17:00')], tue: [r('10:00', '11:00')], fri: [r('09:00', '13:00')] }));
  });

  it('tues is an error suggesting hours.tue', () => {
    const e = inputErrorOf('[hours]\ntues = ["09:00-17:00"]\n');
    expect(e.message).toContain('"hours.tues"');
    expect(e.message).toContain('(did you mean "hours.tue"?)');
  });

  it('thurs and weds are errors suggesting thu and wed', () => {
    expect(inputErrorOf('[hours]\nthurs = ["09:00-17:00"]\n').message).toContain('(did you mean "hours.thu"?)');
    expect(inputErrorOf('[hours]\nweds = ["09:00-17:00"]\n').message).toContain('(did you mean "hours.wed"?)');
  });

  it('mon and monday in one file is an error naming both', () => {
    const e = inputErrorOf('[hours]\nmon = ["09:00-17:00"]\nmonday = ["10:00-16:00"]\n');
    expect(e.message).toContain('hours.mon');
    expect(e.message).toContain('hours.monday');
  });

  it('a bad range names the key as written', () => {
    expect(inputErrorOf('[hours]\nmonday = ["17:00-09:00"]\n').message).toContain('hours.monday = "17:00-09:00"');
  });
});

describe('[followup] client_hours', () => {
  const weekdays = (ranges: HourRange[]) => week({ mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges });

  it('defaults to Monday to Friday, 08:00-18:00', () => {
    expect(DEFAULT_CLIENT_HOURS).toEqual(weekdays([r('08:00', '18:00')]));
    expect(settings('').followup.clientHours).toEqual(weekdays([r('08:00', '18:00')]));
    expect(settings('[followup]\n').followup.clientHours).toEqual(weekdays([r('08:00', '18:00')]));
  });

  it('one range: Monday to Friday', () => {
    const s = settings('[followup]\nclient_hours = "07:30-16:00"\n');
    expect(s.warnings).toEqual([]);
    expect(s.followup.clientHours).toEqual(weekdays([r('07:30', '16:00')]));
  });

  it('a list of ranges: Monday to Friday, sorted', () => {
    const s = settings('[followup]\nclient_hours = ["13:00-18:00", "08:00-12:00"]\n');
    expect(s.followup.clientHours).toEqual(weekdays([r('08:00', '12:00'), r('13:00', '18:00')]));
  });

  it('a [followup.client_hours] table of days, full names too; days not listed are off', () => {
    const s = settings('[followup.client_hours]\nmon = ["08:00-18:00"]\nWednesday = ["09:00-12:00", "13:00-17:00"]\n');
    expect(s.warnings).toEqual([]);
    expect(s.followup.clientHours).toEqual(week({ mon: [r('08:00', '18:00')], wed: [r('09:00', '12:00'), r('13:00', '17:00')] }));
  });

  it('a bad range is an error naming followup.client_hours', () => {
    expect(inputErrorOf('[followup]\nclient_hours = "8am-6pm"\n').message).toContain('followup.client_hours = "8am-6pm"');
    expect(inputErrorOf('[followup]\nclient_hours = ["08:00-12:00", "11:00-18:00"]\n').message).toContain('followup.client_hours');
    expect(inputErrorOf('[followup.client_hours]\ntue = ["18:00-08:00"]\n').message).toContain('followup.client_hours.tue');
    expect(inputErrorOf('[followup]\nclient_hours = 8\n').message).toContain('followup.client_hours = 8');
  });

  it('day tables under client_hours follow the [hours] rules (typos, duplicates)', () => {
    expect(inputErrorOf('[followup.client_hours]\ntues = ["08:00-18:00"]\n').message).toContain('(did you mean "followup.client_hours.tue"?)');
    const dup = inputErrorOf('[followup.client_hours]\nfri = ["08:00-18:00"]\nFriday = ["08:00-12:00"]\n').message;
    expect(dup).toContain('followup.client_hours.fri');
    expect(dup).toContain('followup.client_hours.Friday');
  });

  it('settings do not share the default object', () => {
    const s = settings('');
    s.followup.clientHours.mon.push(r('20:00', '21:00'));
    expect(DEFAULT_CLIENT_HOURS.mon).toEqual([r('08:00', '18:00')]);
    expect(settings('').followup.clientHours.mon).toEqual([r('08:00', '18:00')]);
  });
});

describe('follow-up settings (issue 10)', () => {
  it('defaults: 3 slots, the next working day, held 48h, firm notice 3d, policy window 90d', () => {
    const s = settings('');
    expect(s.followup).toMatchObject({ offer: 3, noticeMs: null, validForMs: 48 * 3_600_000, firmNoticeMs: 3 * 86_400_000, templates: null });
    expect(s.policy.windowMs).toBe(90 * 86_400_000);
    expect(s.me.signature).toBeNull();
  });

  it('reads every key, templates relative to the config folder', () => {
    const s = settings(
      '[me]\nsignature = "Dana Reyes\\nReyes Consulting"\n[policy]\nwindow = "30d"\n[followup]\noffer = 5\nnotice = "36h"\nvalid_for = "24h"\nfirm_notice = "5d"\ntemplates = "my-templates"\n',
    );
    expect(s.followup).toMatchObject({ offer: 5, noticeMs: 36 * 3_600_000, validForMs: 24 * 3_600_000, firmNoticeMs: 5 * 86_400_000, templates: '/home/dana/.config/etiq/my-templates' });
    expect(s.policy.windowMs).toBe(30 * 86_400_000);
    expect(s.me.signature).toBe('Dana Reyes\nReyes Consulting');
    expect(settings('[followup]\nnotice = "next-working-day"\n').followup.noticeMs).toBeNull();
  });

  it('bad values name the key', () => {
    expect(inputErrorOf('[followup]\noffer = 0\n').message).toMatch(/followup\.offer = 0 is not valid: expected a whole number of slots from 1 to 10/);
    expect(inputErrorOf('[followup]\noffer = 2.5\n').message).toMatch(/followup\.offer/);
    expect(inputErrorOf('[followup]\nnotice = "tomorrow"\n').message).toMatch(/followup\.notice = "tomorrow" is not valid/);
    expect(inputErrorOf('[followup]\nvalid_for = "0h"\n').message).toMatch(/followup\.valid_for = "0h" is not valid: expected a duration longer than zero/);
    expect(inputErrorOf('[policy]\nwindow = "0d"\n').message).toMatch(/policy\.window/);
    expect(inputErrorOf('[followup]\nvalid_fro = "24h"\n').message).toMatch(/did you mean "followup\.valid_for"/);
  });
});

describe('report settings (issue 11)', () => {
  it('policy.repeat_offender: 2 by default; a whole number of misses from 1', () => {
    expect(settings('').policy.repeatOffender).toBe(2);
    expect(settings('[policy]\nrepeat_offender = 3\n').policy.repeatOffender).toBe(3);
    expect(settings('[policy]\nrepeat_offender = 1\n').policy.repeatOffender).toBe(1);
  });

  it('bad values name the key', () => {
    for (const bad of ['0', '-1', '2.5', '"2"', 'true', '1001']) {
      expect(inputErrorOf(`[policy]\nrepeat_offender = ${bad}\n`).message).toMatch(/policy\.repeat_offender = .* is not valid: expected a whole number of misses from 1 to 1000/);
    }
    expect(inputErrorOf('[policy]\nrepeat_ofender = 2\n').message).toMatch(/did you mean "policy\.repeat_offender"/);
  });
});
