/**
 * The draft as an RFC 5322 message (`--eml`, issue 10). nodemailer lives here and only
 * here, and is imported when a message is built: `MailComposer` composes the MIME tree
 * (encoded headers, UTF-8 body, parts) without sending anything.
 *
 * - `X-Unsent: 1`: Outlook opens the file as a draft to edit and send.
 * - `date`, `messageId` and `baseBoundary` come from the caller, so the same input gives
 *   the same bytes (tests; the CLI derives them from the injected clock).
 * - `disableFileAccess` and `disableUrlAccess`: no content is ever read from a path or a URL.
 * - Names and the subject are made one line before they reach a header (a CR or LF in a
 *   client's name never starts a header: MailComposer would encode it, and a reader would
 *   still show the break); the body keeps its lines, without other control characters.
 * - `holds` (the held slots, METHOD:PUBLISH) travels as a `text/calendar; method=PUBLISH`
 *   attachment; `invitation` (one confirmed meeting, METHOD:REQUEST) as MailComposer's
 *   calendar event: a `text/calendar; method=REQUEST` alternative beside the text, which
 *   mail programs show as an invitation, plus an `invite.ics` attachment.
 *
 * The addresses are checked by the caller (cli/draft-output.ts); nodemailer is given them
 * as objects, never as text to parse.
 */
import { multiLine, singleLine } from '../core/draft/template.js';

export interface EmlAddress {
  email: string;
  name: string | null;
}

export interface EmlInput {
  from: EmlAddress;
  to: EmlAddress;
  subject: string;
  /** The plain-text body, lines separated by `\n`. */
  text: string;
  /** The Date header. */
  date: Date;
  /** The Message-ID, with or without the angle brackets. */
  messageId: string;
  /** The shared part of the multipart boundaries. */
  baseBoundary: string;
  /** The held slots as iCalendar text (METHOD:PUBLISH): a `text/calendar` attachment. */
  holds?: string | null;
  /** One confirmed meeting as iCalendar text (METHOD:REQUEST): the invitation part. */
  invitation?: string | null;
}

/** The message, CRLF line breaks throughout. */
export async function buildEml(input: EmlInput): Promise<Buffer> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
  const composer = new MailComposer({
    from: address(input.from),
    to: address(input.to),
    subject: singleLine(input.subject),
    text: multiLine(input.text),
    date: input.date,
    messageId: input.messageId,
    baseBoundary: input.baseBoundary,
    headers: { 'X-Unsent': '1' },
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
    ...(input.holds ? { attachments: [{ filename: 'holds.ics', content: input.holds, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }] } : {}),
    ...(input.invitation ? { icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: input.invitation } } : {}),
  });
  return composer.compile().build();
}

function address(a: EmlAddress): { name: string; address: string } {
  return { name: singleLine(a.name ?? ''), address: a.email };
}
