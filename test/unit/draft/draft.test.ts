// Drafts: every built-in template in every tone, the house style of ETIQUETTE.md, names,
// reasons, and values that try to break out of the body.
import { describe, expect, it } from 'vitest';
import { BUILTIN_TEXT, builtinTemplate } from '../../../src/core/draft/builtin.js';
import { draftMessage, firstNameOf, reasonSentence, type DraftInput } from '../../../src/core/draft/draft.js';
import { SITUATIONS, parseTemplate, type Situation } from '../../../src/core/draft/template.js';
import { EtiqError } from '../../../src/core/errors.js';
import { DAY_BEFORE_SENTENCE, TONES, policySentence, type Tone } from '../../../src/core/etiquette/tone.js';

const at = (iso: string) => Date.parse(iso);
const slot = (iso: string) => ({ start: at(iso), end: at(iso) + 30 * 60_000 });
const POLICY = policySentence(24 * 3_600_000)!;
const OFFER = [slot('2026-03-10T14:00:00Z'), slot('2026-03-11T10:00:00Z'), slot('2026-03-31T13:00:00Z')];

function input(over: Partial<DraftInput> = {}): DraftInput {
  return {
    situation: 'noshow',
    tone: 'warm',
    client: { email: 'anna.schmidt@example.com', name: 'Anna Schmidt', zone: 'Europe/London' },
    me: { name: 'Sam Lee', email: 'sam@example.com', signature: 'Lee Consulting\n+1 555 0100' },
    meeting: { title: 'Quarterly review', start: at('2026-03-04T15:00:00Z'), end: at('2026-03-04T15:30:00Z') },
    userZone: 'America/New_York',
    now: at('2026-03-05T12:00:00Z'),
    offer: OFFER,
    validUntil: at('2026-03-13T18:00:00Z'),
    reason: null,
    policyText: POLICY,
    confirmed: slot('2026-03-10T14:00:00Z'),
    proposed: at('2026-03-12T16:00:00Z'),
    ...over,
  };
}

const SIGN_OFF = 'Best regards,';
const beforeSignature = (body: string) => body.slice(0, body.indexOf(SIGN_OFF));
const words = (text: string) => text.split(/\s+/).filter((w) => w !== '').length;

const ALL: { situation: Situation; tone: Tone; reason: string | null }[] = SITUATIONS.flatMap((situation) =>
  TONES.flatMap((tone) => [null, 'my train was held outside the station'].map((reason) => ({ situation, tone, reason }))),
);

describe('the built-in templates', () => {
  it('parse, and fill in every situation and tone with nothing left unfilled', () => {
    for (const situation of SITUATIONS) {
      expect(() => parseTemplate(BUILTIN_TEXT[situation], situation)).not.toThrow();
      expect(builtinTemplate(situation).source).toBe(`built-in ${situation}`);
    }
    for (const c of ALL) {
      const d = draftMessage(input(c));
      expect(d.situation).toBe(c.situation);
      expect(d.tone).toBe(c.tone);
      expect(d.subject).not.toMatch(/\{\{|\}\}|[\r\n]/);
      expect(d.body).not.toMatch(/\{\{|\}\}/);
      expect(d.body).not.toMatch(/\n\n\n|[ \t]\n|  /);
      expect(d.body.startsWith('Hi Anna,\n\n')).toBe(true);
      expect(d.body.endsWith('Sam Lee\nLee Consulting\n+1 555 0100\n')).toBe(true);
    }
  });

  it('never use the words that belong in the records, not in the inbox', () => {
    const forbidden = [/no-show/i, /no show/i, /as per my last/i, /I waited/i, /waited for you/i, /failed to/i, /unfortunately/i, /whenever suits/i, /a good time/i, /\bASAP\b/i, /\bmissed call\b/i];
    for (const c of ALL) {
      for (const client of [input().client, { email: 'x@example.com', name: null, zone: null }]) {
        const d = draftMessage(input({ ...c, client }));
        for (const f of forbidden) {
          expect(d.subject, `${c.situation}/${c.tone} subject`).not.toMatch(f);
          expect(d.body, `${c.situation}/${c.tone} body`).not.toMatch(f);
        }
      }
    }
  });

  it('keep a first follow-up, and every other one, within 120 words before the signature', () => {
    // The longest case: three slots in two zones, a clock-change note for each zone.
    const first = draftMessage(input());
    expect(words(beforeSignature(first.body))).toBeLessThanOrEqual(120);
    expect(words(beforeSignature(draftMessage(input({ offerShort: true })).body))).toBeLessThanOrEqual(120);
    for (const c of ALL) {
      const d = draftMessage(input(c));
      expect(words(beforeSignature(d.body)), `${c.situation}/${c.tone}`).toBeLessThanOrEqual(120);
      // A short offer is shorter: two slots and the line that says why.
      const short = draftMessage(input({ ...c, offer: OFFER.slice(1), offerShort: true }));
      expect(words(beforeSignature(short.body)), `${c.situation}/${c.tone} short`).toBeLessThanOrEqual(120);
    }
  });

  it('name the meeting in the subject, not the incident', () => {
    expect(draftMessage(input()).subject).toBe('Rescheduling Quarterly review');
    expect(draftMessage(input({ situation: 'host-late' })).subject).toBe('Following up on Quarterly review');
    expect(draftMessage(input({ situation: 'confirm' })).subject).toBe('Confirmed: Quarterly review');
    expect(draftMessage(input({ meeting: { title: '  ', start: at('2026-03-04T15:00:00Z'), end: at('2026-03-04T15:30:00Z') } })).subject).toBe('Rescheduling our meeting');
  });

  it('end the offering drafts with the one ask', () => {
    for (const situation of ['noshow', 'noshow-repeat', 'noshow-firm', 'late-cancel', 'decline-now', 'not-offered', 'host-cancelled', 'host-no-show'] as const) {
      const body = beforeSignature(draftMessage(input({ situation, tone: 'firm' })).body).trimEnd();
      expect(body.endsWith('Reply with the time that works and I will send the invitation.'), situation).toBe(true);
      expect(body.split('Reply with').length, situation).toBe(2);
    }
  });
});

describe('the first follow-up', () => {
  it('reads as a whole', () => {
    expect(draftMessage(input()).body).toBe(
      [
        'Hi Anna,',
        '',
        'We did not manage to connect on Wednesday 4 March at 15:00 (London). I hope all is well, and I would be glad to find another time. These times are free on my side:',
        'Tue 10 Mar, 14:00–14:30 (London) / 10:00–10:30 (New York)',
        'Wed 11 Mar, 10:00–10:30 (London) / 06:00–06:30 (New York)',
        'Tue 31 Mar, 14:00–14:30 (London) / 09:00–09:30 (New York)',
        '(the clocks change in London on 29 March)',
        '(the clocks change in New York on 8 March)',
        '',
        'I will keep these times free until Friday 13 March, 18:00 (London).',
        '',
        'Reply with the time that works and I will send the invitation.',
        '',
        'Best regards,',
        'Sam Lee',
        'Lee Consulting',
        '+1 555 0100',
        '',
      ].join('\n'),
    );
  });

  it('states no policy and asks for no confirmation', () => {
    const body = draftMessage(input()).body;
    expect(body).not.toContain(POLICY);
    expect(body).not.toContain(DAY_BEFORE_SENTENCE);
  });

  it('has no expiry sentence without an expiry', () => {
    expect(draftMessage(input({ validUntil: null })).body).not.toContain('I will keep');
  });

  it('refuses to draft an offer without a time to offer', () => {
    expect(() => draftMessage(input({ offer: [] }))).toThrow(EtiqError);
    expect(() => draftMessage(input({ offer: [] }))).toThrow(/no free time to offer/);
  });
});

describe('tone', () => {
  const count = (text: string, part: string) => text.split(part).length - 1;

  it('noshow-repeat adds exactly one sentence of policy', () => {
    const body = draftMessage(input({ situation: 'noshow-repeat', tone: 'neutral' })).body;
    expect(count(body, POLICY)).toBe(1);
    expect(POLICY).toBe("I keep these times for you, so I ask for 24 hours' notice if plans change.");
    expect(body).not.toContain(DAY_BEFORE_SENTENCE);
  });

  it('noshow-firm states the policy and asks to confirm each booking the day before', () => {
    const body = draftMessage(input({ situation: 'noshow-firm', tone: 'firm' })).body;
    expect(count(body, POLICY)).toBe(1);
    expect(count(body, 'Please confirm each booking the day before.')).toBe(1);
  });

  it('late-cancel follows the tone: warm, then policy, then the day-before request', () => {
    const warm = draftMessage(input({ situation: 'late-cancel', tone: 'warm' })).body;
    const neutral = draftMessage(input({ situation: 'late-cancel', tone: 'neutral' })).body;
    const firm = draftMessage(input({ situation: 'late-cancel', tone: 'firm' })).body;
    expect(warm).not.toContain(POLICY);
    expect(neutral).toContain(POLICY);
    expect(neutral).not.toContain(DAY_BEFORE_SENTENCE);
    expect(firm).toContain(POLICY);
    expect(firm).toContain(DAY_BEFORE_SENTENCE);
    expect(warm).toContain('Thank you for letting me know');
  });

  it('leaves the policy out when there is none to state', () => {
    const body = draftMessage(input({ situation: 'noshow-firm', tone: 'firm', policyText: null })).body;
    expect(body).toContain(`(London).\n\n${DAY_BEFORE_SENTENCE}\n\nReply with`);
  });
});

describe('the other situations', () => {
  it('decline-now says no to today and repeats the offer, without apologising', () => {
    const body = draftMessage(input({ situation: 'decline-now' })).body;
    expect(body).toContain('My day is already committed');
    expect(body).toContain('Tue 10 Mar, 14:00–14:30 (London) / 10:00–10:30 (New York)');
    expect(body).not.toMatch(/sorry|apolog/i);
  });

  it('not-offered thanks the client, names the time, and repeats the open offer', () => {
    const body = draftMessage(input({ situation: 'not-offered' })).body;
    expect(body).toContain('Thank you for suggesting Thursday 12 March at 16:00 (London). That time is not available');
    expect(body).toContain('Wed 11 Mar, 10:00–10:30 (London) / 06:00–06:30 (New York)');
    expect(() => draftMessage(input({ situation: 'not-offered', proposed: null }))).toThrow(/proposed time/);
  });

  it('confirm is one line with the time in both zones and no other time', () => {
    const body = draftMessage(input({ situation: 'confirm' })).body;
    const lines = body.split('\n').filter((l) => /\d\d:\d\d/.test(l));
    expect(lines).toEqual(['Thank you: Tuesday 10 March, 14:00–14:30 (London) / 10:00–10:30 (New York) is confirmed, and the invitation is on its way.']);
    expect(() => draftMessage(input({ situation: 'confirm', confirmed: null }))).toThrow(EtiqError);
    // An empty offer is fine: confirm offers nothing.
    expect(() => draftMessage(input({ situation: 'confirm', offer: [] }))).not.toThrow();
  });

  it('host drafts take responsibility first and give the recorded reason exactly once', () => {
    for (const situation of ['host-cancelled', 'host-late', 'host-no-show'] as const) {
      const body = draftMessage(input({ situation, reason: 'my train was held outside the station' })).body;
      const firstSentence = body.split('\n\n')[1]!.split('. ')[0]!;
      expect(firstSentence, situation).toMatch(/^I am sorry that I /);
      expect(body.split('My train was held outside the station.').length - 1, situation).toBe(1);
    }
  });

  it('host drafts state no reason when none was recorded, and leave no gap', () => {
    expect(draftMessage(input({ situation: 'host-cancelled' })).body).toContain(
      'I am sorry that I had to cancel our meeting on Wednesday 4 March at 15:00 (London).\n\nI would be glad',
    );
    expect(draftMessage(input({ situation: 'host-late' })).body).toContain(
      'I am sorry that I was late for our meeting on Wednesday 4 March at 15:00 (London). Thank you for your patience.\n',
    );
    expect(draftMessage(input({ situation: 'host-no-show', reason: '  \r\n ' })).body).toContain('(London).\n\nI would be glad');
  });

  it('host-late offers no times, even when slots are handed in', () => {
    const body = draftMessage(input({ situation: 'host-late' })).body;
    expect(body).not.toMatch(/\d\d:\d\d–/);
    expect(body).not.toContain('I will keep these times');
    expect(() => draftMessage(input({ situation: 'host-late', offer: [] }))).not.toThrow();
  });

  it('says so when the offer is short because the working days barely overlap', () => {
    expect(draftMessage(input({ offerShort: true })).body).toContain('(Fewer times than usual: our working days barely overlap.)');
  });
});

describe('names', () => {
  const greetingOf = (name: string | null, email = 'anna.schmidt@example.com', firstName?: string | null) =>
    draftMessage(input({ client: { email, name, zone: 'Europe/London', firstName } })).body.split('\n')[0];

  it('greets by first name, else by full name, else without a name; never by address', () => {
    expect(greetingOf('Anna Schmidt')).toBe('Hi Anna,');
    expect(greetingOf('Schmidt, Anna')).toBe('Hi Anna,');
    expect(greetingOf('Oliver Grant, Globex')).toBe('Hi Oliver,');
    expect(greetingOf('Dr Anna Schmidt')).toBe('Hello Dr Anna Schmidt,');
    expect(greetingOf('Dr. Anna Schmidt', 'a@example.com', 'Anna')).toBe('Hi Anna,');
    expect(greetingOf(null)).toBe('Hello,');
    expect(greetingOf('anna.schmidt@example.com')).toBe('Hello,');
    expect(greetingOf('"Anna Schmidt"')).toBe('Hi Anna,');
    expect(greetingOf('Anna Schmidt <anna.schmidt@example.com>')).toBe('Hi Anna,');
    expect(greetingOf('<anna.schmidt@example.com>')).toBe('Hello,');
    expect(greetingOf('anna.schmidt')).toBe('Hello,');
    for (const name of [null, 'anna.schmidt@example.com', '  ']) {
      const d = draftMessage(input({ client: { email: 'anna.schmidt@example.com', name, zone: null } }));
      expect(d.body).not.toContain('anna.schmidt@example.com');
      expect(d.subject).not.toContain('anna.schmidt@example.com');
    }
  });

  it('reads first names plainly', () => {
    expect(firstNameOf('Anna')).toBe('Anna');
    expect(firstNameOf('Anna Maria Schmidt')).toBe('Anna');
    expect(firstNameOf('Prof Schmidt')).toBeNull();
    expect(firstNameOf('a@b.c')).toBeNull();
  });

  it("fills a user template's client placeholders, with spaces in the braces", () => {
    const template = parseTemplate('About {{ meeting.title }}\n\nDear {{ client.name }} ({{client.first_name}}),\n{{slots}}\n{{ me.name }}', 'mine.txt');
    const d = draftMessage(input({ template }));
    expect(d.subject).toBe('About Quarterly review');
    expect(d.body.split('\n').slice(0, 2)).toEqual(['Dear Anna Schmidt (Anna),', 'Tue 10 Mar, 14:00–14:30 (London) / 10:00–10:30 (New York)']);
    expect(d.body.trimEnd().endsWith('Sam Lee')).toBe(true);
  });

  it('inserts a value that looks like a placeholder as text', () => {
    const d = draftMessage(input({ client: { email: 'x@example.com', name: '{{me.name}}', zone: null }, meeting: { title: '{{slots}}', start: at('2026-03-04T15:00:00Z'), end: at('2026-03-04T15:30:00Z') } }));
    expect(d.body.split('\n')[0]).toBe('Hi {{me.name}},');
    expect(d.subject).toBe('Rescheduling {{slots}}');
  });
});

describe('hostile values', () => {
  const INJECT = 'Anna\r\nBcc: x@y';

  it('can never put a line break or control in the subject', () => {
    for (const c of ALL) {
      const d = draftMessage(
        input({
          ...c,
          reason: 'late\r\nBcc: x@y\u0000',
          client: { email: 'x@example.com', name: INJECT, zone: 'Europe/London' },
          me: { name: 'Sam\nBcc: z@y', email: 'sam@example.com', signature: 'Sig\u001b]0;pwned\u0007' },
          meeting: { title: 'Review\r\nBcc: x@y\n\nbody', start: at('2026-03-04T15:00:00Z'), end: at('2026-03-04T15:30:00Z') },
        }),
      );
      expect(d.subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      expect(d.subject.startsWith('Bcc')).toBe(false);
      expect(d.body).not.toMatch(/^Bcc:/m);
      expect(d.body).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
  });

  it('keeps such a value on its own line in the body', () => {
    const d = draftMessage(input({ situation: 'host-cancelled', reason: 'a\r\nBcc: x@y', client: { email: 'x@example.com', name: INJECT, zone: null } }));
    expect(d.subject).toBe('Rescheduling Quarterly review');
    expect(d.body.split('\n')[0]).toBe('Hi Anna,');
    expect(d.body).toContain('(New York). A Bcc: x@y.\n');
  });
});

describe('reasonSentence', () => {
  it('keeps the recorded words, as one sentence', () => {
    expect(reasonSentence(null)).toBe('');
    expect(reasonSentence('  ')).toBe('');
    expect(reasonSentence('a family emergency kept me away')).toBe('A family emergency kept me away.');
    expect(reasonSentence('My laptop died!')).toBe('My laptop died!');
    expect(reasonSentence('iPhone died')).toBe('iPhone died.');
    expect(reasonSentence('I was ill (flu).')).toBe('I was ill (flu).');
  });
});
