/** A follow-up draft as text (headers, then the body) and as JSON. Pure. */
import type { ChalkInstance } from 'chalk';
import { isoInZone } from '../core/time.js';
import { visible } from '../core/visible.js';
import type { FollowUpDraft } from '../core/draft/draft.js';

export interface DraftJson {
  situation: string;
  tone: string;
  to: string;
  subject: string;
  body: string;
  offer: { start: string; end: string }[];
  validUntil: string | null;
}

export function draftJson(d: FollowUpDraft | null, zone: string): DraftJson | null {
  if (!d) return null;
  return {
    situation: d.situation,
    tone: d.tone,
    to: d.to.email,
    subject: d.subject,
    body: d.body,
    offer: d.offer.map((s) => ({ start: isoInZone(s.start, zone), end: isoInZone(s.end, zone) })),
    validUntil: d.validUntil === null ? null : isoInZone(d.validUntil, zone),
  };
}

/** `To:` and `Subject:` then the body; a dim line says it is a draft, not sent. */
export function renderDraft(d: FollowUpDraft, style: ChalkInstance): string {
  const to = d.to.name ? `${visible(d.to.name)} <${visible(d.to.email)}>` : visible(d.to.email);
  const head = style.dim(`Draft (${d.situation}, ${d.tone} tone), not sent:`);
  // The body is several lines by design: each line is shown visibly on its own.
  const body = d.body.replace(/\n+$/, '').split('\n').map((l) => visible(l)).join('\n');
  return `${head}\nTo: ${to}\nSubject: ${visible(d.subject)}\n\n${body}`;
}
