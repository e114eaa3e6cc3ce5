/**
 * The built-in template of every situation, in the house style of ETIQUETTE.md: short,
 * warm, concrete, no blame, one ask at the end. The subject names the meeting, never the
 * incident. Users replace any of them with `<config dir>/templates/<situation>.txt`.
 *
 * How the optional parts stay clean (see template.ts): `{{reason}}` is a whole sentence
 * or nothing, and sits at the end of the apology's line; `{{policy}}`, `{{day_before}}`
 * and `{{expiry}}` sit on lines of their own, which are left out when they are empty.
 */
import { DAY_BEFORE_SENTENCE } from '../etiquette/tone.js';
import { parseTemplate, type Situation, type Template } from './template.js';

const ASK = 'Reply with the time that works and I will send the invitation.';
const SIGN_OFF = 'Best regards,\n{{signature}}';
const OFFER = `{{slots}}

{{expiry}}`;

export const BUILTIN_TEXT: Readonly<Record<Situation, string>> = Object.freeze({
  noshow: `Rescheduling {{meeting.title}}

{{greeting}}

We did not manage to connect on {{missed.when}}. I hope all is well, and I would be glad to find another time. These times are free on my side:
${OFFER}

${ASK}

${SIGN_OFF}
`,

  'noshow-repeat': `Rescheduling {{meeting.title}}

{{greeting}}

We did not manage to connect on {{missed.when}}. I would be glad to find another time. These times are free on my side:
${OFFER}

{{policy}}

${ASK}

${SIGN_OFF}
`,

  'noshow-firm': `Rescheduling {{meeting.title}}

{{greeting}}

We did not manage to connect on {{missed.when}}. I would still like to meet, and these times are free on my side:
${OFFER}

{{policy}}
${DAY_BEFORE_SENTENCE}

${ASK}

${SIGN_OFF}
`,

  'late-cancel': `Rescheduling {{meeting.title}}

{{greeting}}

Thank you for letting me know you could not make our meeting on {{missed.when}}. These other times are free on my side:
${OFFER}

{{policy}}
{{day_before}}

${ASK}

${SIGN_OFF}
`,

  'decline-now': `Rescheduling {{meeting.title}}

{{greeting}}

Thank you for suggesting we meet today. My day is already committed, but these times are free on my side:
${OFFER}

${ASK}

${SIGN_OFF}
`,

  'not-offered': `Rescheduling {{meeting.title}}

{{greeting}}

Thank you for suggesting {{proposed.when}}. That time is not available, but these times are still free on my side:
${OFFER}

${ASK}

${SIGN_OFF}
`,

  confirm: `Confirmed: {{meeting.title}}

{{greeting}}

Thank you: {{confirmed.when}} is confirmed, and the invitation is on its way.

${SIGN_OFF}
`,

  'host-cancelled': `Rescheduling {{meeting.title}}

{{greeting}}

I am sorry that I had to cancel our meeting on {{missed.when}}. {{reason}}

I would be glad to find another time. These times are free on my side:
${OFFER}

${ASK}

${SIGN_OFF}
`,

  'host-late': `Following up on {{meeting.title}}

{{greeting}}

I am sorry that I was late for our meeting on {{missed.when}}. {{reason}} Thank you for your patience.

If there is anything we did not get to, reply and I will pick it up.

${SIGN_OFF}
`,

  'host-no-show': `Rescheduling {{meeting.title}}

{{greeting}}

I am sorry that I missed our meeting on {{missed.when}}. {{reason}}

I would be glad to find another time. These times are free on my side:
${OFFER}

${ASK}

${SIGN_OFF}
`,
});

const parsed = new Map<Situation, Template>();

/** The built-in template of a situation, parsed (once). */
export function builtinTemplate(situation: Situation): Template {
  let t = parsed.get(situation);
  if (!t) {
    t = parseTemplate(BUILTIN_TEXT[situation], `built-in ${situation}`);
    parsed.set(situation, t);
  }
  return t;
}
