/**
 * A draft: a situation and its facts in, a subject and a body out. Pure: no I/O, no
 * clock (`now` is passed in), no colour. The template in effect is handed in parsed;
 * without one the built-in template of the situation is used.
 *
 * Every value that comes from data (names, addresses, titles, reasons, the signature) is
 * made harmless on the way in: a single-line value has its line breaks and control
 * characters turned into one space, and the subject comes out as one line with none at
 * all, so no value can add a header or break the message.
 */
import { inputError } from '../errors.js';
import { DAY_BEFORE_SENTENCE, type Tone } from '../etiquette/tone.js';
import { builtinTemplate } from './builtin.js';
import { expiryLine, formatDeadline, formatSlot, formatWhen, offerBlock, type Interval, type OfferZones } from './offer-block.js';
import { fillTemplate, multiLine, singleLine, usesPlaceholder, type Situation, type Template, type TemplateValues } from './template.js';

export interface DraftClient {
  email: string;
  name: string | null;
  /** When known apart from the name; otherwise it is taken from the name (`firstNameOf`). */
  firstName?: string | null;
  /** The client's IANA zone; null when unknown (times are then shown in the user's zone only). */
  zone: string | null;
}

export interface DraftMe {
  name: string | null;
  email: string | null;
  /** `[me] signature`: may hold several lines. */
  signature: string | null;
}

export interface DraftInput {
  situation: Situation;
  tone: Tone;
  client: DraftClient;
  me: DraftMe;
  /** The meeting the draft is about: the missed, cancelled or late one. Epoch ms. */
  meeting: { title: string; start: number; end: number };
  userZone: string;
  now: number;
  /** The offered slots; empty for situations that offer none (confirm, host-late). */
  offer: readonly Interval[];
  /** Fewer slots than asked, because the two working days barely overlap: the draft says so. */
  offerShort?: boolean;
  /** When the offer expires; null for none. */
  validUntil: number | null;
  /** The RECORDED reason (host situations); null when none was recorded. Never invented. */
  reason: string | null;
  /** The policy sentence (`policySentence(policy.lateCancelMs)`); shown in the neutral and firm tones. */
  policyText: string | null;
  /** The slot the client took (confirm). */
  confirmed?: Interval | null;
  /** The time the client proposed (decline-now, not-offered). */
  proposed?: number | null;
  /** The template in effect; the built-in one of the situation when absent. */
  template?: Template;
}

export interface Draft {
  situation: Situation;
  tone: Tone;
  subject: string;
  body: string;
}

/** A draft with what it was made for: the recipient, the offer and its expiry. */
export interface FollowUpDraft extends Draft {
  to: { email: string; name: string | null };
  offer: readonly Interval[];
  validUntil: number | null;
  /** The stored offer that holds the slots, if any. */
  offerId: number | null;
}

export function draftMessage(input: DraftInput): Draft {
  const template = input.template ?? builtinTemplate(input.situation);
  if (usesPlaceholder(template, 'slots') && input.offer.length === 0) {
    throw inputError(
      `the ${input.situation} draft offers times, and there is no free time to offer`,
      'no slot is free inside both working days before the horizon, and etiq does not write a follow-up without concrete times',
    );
  }
  if (usesPlaceholder(template, 'confirmed.when') && !input.confirmed) {
    throw inputError(`the ${input.situation} draft confirms a time, and none was given`);
  }
  if (usesPlaceholder(template, 'proposed.when') && input.proposed == null) {
    throw inputError(`the ${input.situation} draft answers a proposed time, and none was given`);
  }
  const { subject, body } = fillTemplate(template, draftValues(input));
  return { situation: input.situation, tone: input.tone, subject, body };
}

/** What each placeholder renders for this input (see PLACEHOLDERS in template.ts). */
export function draftValues(input: DraftInput): TemplateValues {
  const zones: OfferZones = { clientZone: input.client.zone, userZone: input.userZone, now: input.now };
  const clientZone = input.client.zone ?? input.userZone;
  const name = clientName(input.client);
  const first = name === null ? null : clientFirstName(input.client, name);
  const hasOffer = input.offer.length > 0;
  const meName = singleLine(input.me.name ?? '');
  return {
    greeting: greeting(name, first),
    'client.name': name ?? '',
    'client.first_name': first ?? name ?? '',
    'me.name': meName,
    'meeting.title': singleLine(input.meeting.title) || 'our meeting',
    'missed.when': formatWhen(input.meeting.start, clientZone, input.now),
    'proposed.when': input.proposed == null ? '' : formatWhen(input.proposed, clientZone, input.now),
    'confirmed.when': input.confirmed ? formatSlot(input.confirmed, zones, true) : '',
    slots: offerBlock(input.offer, zones, input.offerShort ?? false),
    valid_until: input.validUntil === null ? '' : formatDeadline(input.validUntil, clientZone, input.now),
    expiry: input.validUntil === null || !hasOffer ? '' : expiryLine(input.validUntil, clientZone, input.now),
    reason: reasonSentence(input.reason),
    policy: input.tone !== 'warm' && input.policyText ? singleLine(input.policyText) : '',
    day_before: input.tone === 'firm' ? DAY_BEFORE_SENTENCE : '',
    signature: signatureBlock(meName, input.me.signature),
  };
}

/** The client's name, one line; null when unknown or when it is only an address. */
function clientName(client: DraftClient): string | null {
  const name = withoutAddresses(client.name ?? '');
  // A calendar's CN is sometimes the address, or its local part (`anna.schmidt`).
  const local = client.email.split('@')[0]!.toLowerCase();
  return name === '' || !/\p{L}/u.test(name) || name.toLowerCase() === local ? null : name;
}

function clientFirstName(client: DraftClient, name: string): string | null {
  const given = withoutAddresses(client.firstName ?? '');
  return given !== '' && /\p{L}/u.test(given) ? given : firstNameOf(name);
}

/**
 * A name, one line, without the parts that are addresses (`Anna <anna@example.com>` →
 * `Anna`; `anna@example.com` → empty) or quotes around it: a client is never greeted by
 * their address.
 */
function withoutAddresses(text: string): string {
  return singleLine(text)
    .split(' ')
    .filter((w) => !w.includes('@'))
    .join(' ')
    .replace(/^["'“‘]+|["'”’]+$/g, '')
    .trim();
}

const TITLES = /^(mr|mrs|ms|miss|mx|dr|prof|sir|dame|lord|lady|rev|fr)\.?$/i;

/**
 * The first name in a full name, or null when it cannot be told: `Anna Schmidt` → Anna;
 * `Schmidt, Anna` → Anna; `Oliver Grant, Globex` → Oliver; `Dr Anna Schmidt` → null (greet with the full name rather than
 * guess at a form of address).
 */
export function firstNameOf(name: string): string | null {
  const clean = withoutAddresses(name);
  if (clean === '') return null;
  // `Schmidt, Anna` (one word before the comma) is family name first; `Oliver Grant,
  // Globex` (a calendar CN with the organisation after it) is not.
  const comma = clean.split(',');
  const familyFirst = comma.length === 2 && comma[1]!.trim() !== '' && !comma[0]!.trim().includes(' ');
  const given = familyFirst ? comma[1]!.trim() : comma[0]!.trim();
  const word = given.split(' ')[0]!;
  if (TITLES.test(word) || !/\p{L}/u.test(word)) return null;
  return word;
}

/** `Hi Anna,` by first name, `Hello Anna Schmidt,` by full name, `Hello,` without a name. */
function greeting(name: string | null, first: string | null): string {
  if (first !== null) return `Hi ${first},`;
  if (name !== null) return `Hello ${name},`;
  return 'Hello,';
}

/**
 * The recorded reason as one sentence, in its own words: the first letter capitalised
 * (unless the first word is written with capitals inside, as in `iPhone`) and a full stop
 * added when it ends without one. Empty when there is no reason.
 */
export function reasonSentence(reason: string | null): string {
  const text = singleLine(reason ?? '');
  if (text === '') return '';
  const firstWord = text.split(' ')[0]!;
  const capital = /^\p{Ll}/u.test(text) && !/\p{Lu}/u.test(firstWord.slice(1)) ? text[0]!.toUpperCase() + text.slice(1) : text;
  return /[.!?…]["'”’)\]]*$/.test(capital) ? capital : `${capital}.`;
}

/** Your name, then the lines of your signature. */
function signatureBlock(meName: string, signature: string | null): string {
  const lines = multiLine(signature ?? '')
    .split('\n')
    .map((l) => singleLine(l));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return [...(meName ? [meName] : []), ...lines].join('\n');
}
