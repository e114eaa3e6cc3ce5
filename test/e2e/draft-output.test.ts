/**
 * Where a draft goes besides the terminal (issue 10): `--eml` (parsed back with
 * mailparser), `--mailto`, and `--holds` on noshow, log and `etiq offers` (parsed back
 * with ical.js). Header injection through a client's name, an event summary and a
 * --reason; bad addresses and special files refused with nothing written.
 *
 * The Berlin fixture (see followup.test.ts): Tom missed Mon 2 Mar 10:00 (Berlin, +01:00);
 * at 11:00 the follow-up offers Tue 3 09:00, Wed 4 12:00 and Thu 5 09:00 (Berlin), that
 * is 08:00Z, 11:00Z and 08:00Z, each an hour long, held until Wed 4 Mar 11:00 (10:00Z).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildEml } from '../../src/adapters/mime.js';
import { holdsCalendar, invitationCalendar, invitationUid } from '../../src/adapters/ics-write.js';
import { emlPathsFor, mailtoUrl } from '../../src/cli/draft-output.js';
import type { DraftJson } from '../../src/render/draft.js';
import { calendar, fixtures, runEtiq, tempDir, vevent, writeIcs, type RunResult } from './helpers.js';

const config = path.join(fixtures, 'records', 'berlin.toml');
const AFTER_MISS = '2026-03-02T11:00';
const TOM_SLOTS = ['2026-03-03T08:00:00.000Z', '2026-03-04T11:00:00.000Z', '2026-03-05T08:00:00.000Z'];

type Draft = DraftJson & { eml?: string; mailto?: string };
interface Recorded {
  draft: Draft | null;
  holds?: string;
}

const etiq = (db: string, ...args: string[]) => runEtiq([...args, '--config', config, '--db', db]);

function setup(): { dir: string; db: string } {
  const dir = tempDir('etiq-draft-output-');
  return { dir, db: path.join(dir, 'etiq.db') };
}

function json<T>(r: RunResult): T {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

/** The header block of a raw message, unfolded: one entry per header. */
function headerLines(raw: Buffer): string[] {
  const text = raw.toString('utf8');
  const head = text.slice(0, text.indexOf('\r\n\r\n'));
  return head.replace(/\r\n[ \t]/g, ' ').split('\r\n');
}

function countHeader(raw: Buffer, name: string): number {
  return headerLines(raw).filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)).length;
}

/** One To, no Bcc or Cc, a one-line subject: what no value may change. */
function expectIntactHeaders(raw: Buffer, mail: ParsedMail, to: string): void {
  expect(countHeader(raw, 'To')).toBe(1);
  expect(countHeader(raw, 'From')).toBe(1);
  expect(countHeader(raw, 'Subject')).toBe(1);
  expect(countHeader(raw, 'Bcc')).toBe(0);
  expect(countHeader(raw, 'Cc')).toBe(0);
  expect(mail.bcc).toBeUndefined();
  expect(mail.cc).toBeUndefined();
  const toList = Array.isArray(mail.to) ? mail.to : [mail.to!];
  expect(toList).toHaveLength(1);
  expect(toList[0]!.value.map((a) => a.address)).toEqual([to]);
  expect(toList[0]!.value[0]!.name).not.toMatch(/[\r\n]/);
  expect(mail.subject).not.toMatch(/[\r\n]/);
  // Every header line is printable ASCII: names and subject are encoded words.
  for (const l of headerLines(raw)) expect(l).toMatch(/^[\x20-\x7e]*$/);
}

function veventsOf(ics: string): ICAL.Component[] {
  return new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
}

function startsOf(events: ICAL.Component[]): string[] {
  return events.map((e) => new ICAL.Event(e).startDate.toJSDate().toISOString()).sort();
}

describe('--eml', () => {
  it('writes the draft as a message: headers, X-Unsent, the body as the text part, and the holds as a text/calendar part', async () => {
    const { dir, db } = setup();
    const eml = path.join(dir, 'tom.eml');
    const ics = path.join(dir, 'holds.ics');
    const r = await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json', '--eml', eml, '--holds', ics);
    const out = json<Recorded>(r);
    expect(out.draft!.eml).toBe(eml);
    expect(out.holds).toBe(ics);
    expect(out.draft).not.toHaveProperty('mailto');
    expect(r.stderr).toBe('');

    const raw = fs.readFileSync(eml);
    const mail = await simpleParser(raw);
    expect(mail.from!.value).toEqual([{ address: 'lena@vogel-consulting.example', name: 'Lena Vogel' }]);
    expect(headerLines(raw)).toContain('From: Lena Vogel <lena@vogel-consulting.example>');
    expect(headerLines(raw)).toContain('To: Tom Berger <tom@northwind.example>');
    expect(headerLines(raw)).toContain('X-Unsent: 1');
    expectIntactHeaders(raw, mail, 'tom@northwind.example');
    expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0]!.name).toBe('Tom Berger');
    expect(mail.subject).toBe('Rescheduling Northwind weekly');
    expect(mail.headers.get('x-unsent')).toBe('1');
    expect(mail.date!.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(mail.text).toBe(out.draft!.body);
    expect(raw.toString('utf8')).not.toMatch(/[^\r]\n/);

    // The holds: a text/calendar part with method=PUBLISH, the three offered slots, tentative.
    expect(mail.attachments).toHaveLength(1);
    const part = mail.attachments[0]!;
    expect(part.contentType).toBe('text/calendar');
    expect((part.headers.get('content-type') as { params: Record<string, string> }).params['method']).toBe('PUBLISH');
    const text = part.content.toString('utf8');
    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    const events = cal.getAllSubcomponents('vevent');
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.getFirstPropertyValue('status') === 'TENTATIVE')).toBe(true);
    expect(startsOf(events)).toEqual(TOM_SLOTS);
    expect(events.map((e) => new ICAL.Event(e).endDate.toJSDate().getTime() - new ICAL.Event(e).startDate.toJSDate().getTime())).toEqual([3_600_000, 3_600_000, 3_600_000]);

    // The --holds file: the same slots.
    expect(startsOf(veventsOf(fs.readFileSync(ics, 'utf8')))).toEqual(TOM_SLOTS);
    // Written atomically: no temporary file is left beside them.
    expect(fs.readdirSync(dir).sort()).toEqual(['etiq.db', 'holds.ics', 'tom.eml']);
  });

  it('human output: the draft, then one line per file written', async () => {
    const { dir, db } = setup();
    const eml = path.join(dir, 'tom.eml');
    const ics = path.join(dir, 'holds.ics');
    const r = await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--eml', eml, '--holds', ics);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Subject: Rescheduling Northwind weekly');
    expect(r.stdout).toMatch(new RegExp(`\\nWrote draft to ${eml.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\nWrote 3 held slots to .*holds\\.ics \\(import it to show the holds in your calendar\\)\\n$`));
  });

  it('the same input gives the same bytes (date, Message-ID and boundary from the clock)', async () => {
    const a = setup();
    const b = setup();
    for (const s of [a, b]) {
      const r = await etiq(s.db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json', '--eml', path.join(s.dir, 'd.eml'), '--holds', path.join(s.dir, 'h.ics'));
      expect(r.code, r.stderr).toBe(0);
    }
    expect(fs.readFileSync(path.join(a.dir, 'd.eml')).equals(fs.readFileSync(path.join(b.dir, 'd.eml')))).toBe(true);
    expect(fs.readFileSync(path.join(a.dir, 'h.ics'), 'utf8')).toBe(fs.readFileSync(path.join(b.dir, 'h.ics'), 'utf8'));
  });

  it('a client name with CR LF cannot add a header', async () => {
    const { dir, db } = setup();
    const set = await etiq(db, 'clients', 'set', 'tom@northwind.example', '--name', 'Tom\r\nBcc: evil@x.example');
    expect(set.code, set.stderr).toBe(0);
    const eml = path.join(dir, 'tom.eml');
    const out = json<Recorded>(await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json', '--eml', eml));
    const raw = fs.readFileSync(eml);
    const mail = await simpleParser(raw);
    expectIntactHeaders(raw, mail, 'tom@northwind.example');
    expect(mail.subject).toBe('Rescheduling Northwind weekly');
    expect(mail.text).toBe(out.draft!.body);
    expect(raw.toString('utf8')).not.toMatch(/^bcc:/im);
  });

  it('an event summary with a line break cannot add a header, and the holds stay one event per slot', async () => {
    const { dir, db } = setup();
    const cal = writeIcs(
      dir,
      'evil.ics',
      calendar(
        vevent([
          'UID:evil-summary@example.com',
          'DTSTAMP:20260201T090000Z',
          'DTSTART:20260302T090000Z',
          'DTEND:20260302T100000Z',
          'SUMMARY:Weekly\\nBcc: evil@x.example\\nEND:VEVENT',
          'ORGANIZER;CN=Lena Vogel:mailto:lena@vogel-consulting.example',
          'ATTENDEE;CN=Tom Berger;PARTSTAT=ACCEPTED:mailto:tom@northwind.example',
        ]),
      ),
    );
    const eml = path.join(dir, 'tom.eml');
    const ics = path.join(dir, 'holds.ics');
    const out = json<Recorded>(await etiq(db, 'noshow', '--calendar', cal, '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json', '--eml', eml, '--holds', ics));
    const raw = fs.readFileSync(eml);
    const mail = await simpleParser(raw);
    expectIntactHeaders(raw, mail, 'tom@northwind.example');
    expect(mail.subject).toBe('Rescheduling Weekly Bcc: evil@x.example END:VEVENT');
    expect(mail.text).toBe(out.draft!.body);
    expect(veventsOf(fs.readFileSync(ics, 'utf8'))).toHaveLength(3);
    expect(veventsOf(mail.attachments[0]!.content.toString('utf8'))).toHaveLength(3);
  });

  it('a --reason with CR LF cannot add a header; the body gives it on one line', async () => {
    const { dir, db } = setup();
    const eml = path.join(dir, 'jo.eml');
    const out = json<Recorded>(
      await etiq(db, 'log', 'host-cancelled', '--at', '2026-03-05T16:00', '--now', '2026-03-02T12:00', '--reason', 'I have to be in court\r\nBcc: evil@x.example', '--json', '--eml', eml),
    );
    const raw = fs.readFileSync(eml);
    const mail = await simpleParser(raw);
    expectIntactHeaders(raw, mail, 'jo@fabrikam.example');
    expect(mail.text).toBe(out.draft!.body);
    expect(mail.text).toContain('I have to be in court Bcc: evil@x.example.');
  });

  it('a sender address that is not valid: the config is refused (exit 2 naming it), nothing written and nothing recorded', async () => {
    const { dir, db } = setup();
    const bad = path.join(dir, 'bad.toml');
    fs.writeFileSync(
      bad,
      fs.readFileSync(config, 'utf8')
        .replace('calendars = ["berlin.ics"]', `calendars = [${JSON.stringify(path.join(fixtures, 'records', 'berlin.ics'))}]`)
        .replace('email = "lena@vogel-consulting.example"', 'email = "lena vogel@vogel-consulting.example"'),
    );
    const eml = path.join(dir, 'tom.eml');
    const r = await runEtiq(['noshow', '--config', bad, '--db', db, '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--eml', eml, '--holds', path.join(dir, 'h.ics')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('me.email = "lena vogel@vogel-consulting.example" is not valid: expected an email address');
    expect(fs.readdirSync(dir)).toEqual(['bad.toml']);
  });

  it('a recipient address that is not valid: exit 2 naming it, nothing written', async () => {
    const { dir, db } = setup();
    const cal = writeIcs(
      dir,
      'bad-attendee.ics',
      calendar(
        vevent([
          'UID:bad-attendee@example.com',
          'DTSTAMP:20260201T090000Z',
          'DTSTART:20260302T090000Z',
          'DTEND:20260302T100000Z',
          'SUMMARY:Weekly',
          'ORGANIZER;CN=Lena Vogel:mailto:lena@vogel-consulting.example',
          'ATTENDEE;CN=Tom;PARTSTAT=ACCEPTED:mailto:tom berger@northwind.example',
        ]),
      ),
    );
    const eml = path.join(dir, 'tom.eml');
    const r = await etiq(db, 'noshow', '--calendar', cal, '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--eml', eml, '--holds', path.join(dir, 'h.ics'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"tom berger@northwind.example"');
    expect(fs.readdirSync(dir).sort()).toEqual(['bad-attendee.ics']);
  });

  it('is refused through a FIFO, into a missing folder, and without a draft', async () => {
    const { dir, db } = setup();
    const fifo = path.join(dir, 'pipe.eml');
    execFileSync('mkfifo', [fifo]);
    const r = await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--eml', fifo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a named pipe (FIFO); etiq writes only to a regular file or a new one');
    expect(fs.existsSync(db)).toBe(false);
    const missing = await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--eml', path.join(dir, 'no', 'such', 'x.eml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    const none = await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--no-draft', '--eml', path.join(dir, 'x.eml'));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--eml is for the follow-up draft, and --no-draft makes none');
    const attended = await etiq(db, 'log', 'attended', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--holds', path.join(dir, 'h.ics'));
    expect(attended.code).toBe(2);
    expect(attended.stderr).toContain('--holds is for the follow-up draft, and attended makes none');
    expect(fs.readdirSync(dir)).toEqual(['pipe.eml']);
  });

  it('replaces an existing regular file, keeping its permissions', async () => {
    const { dir, db } = setup();
    const eml = path.join(dir, 'tom.eml');
    fs.writeFileSync(eml, 'old');
    fs.chmodSync(eml, 0o600);
    const r = await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--eml', eml);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(eml, 'utf8')).toMatch(/^X-Unsent: 1\r\n/);
    expect(fs.statSync(eml).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).sort()).toEqual(['etiq.db', 'tom.eml']);
  });

  it('several clients: one file each, the address before the extension (never a folder)', () => {
    const drafts = [{ to: { email: 'ann@one.example' } }, { to: { email: 'bob/../x@two.example' } }];
    expect(emlPathsFor('/tmp/out/followup.eml', drafts)).toEqual(['/tmp/out/followup-ann@one.example.eml', '/tmp/out/followup-bob_.._x@two.example.eml']);
    expect(emlPathsFor('/tmp/out/followup', drafts.slice(0, 1))).toEqual(['/tmp/out/followup']);
    expect(emlPathsFor('/tmp/d', [{ to: { email: 'a@b.c' } }, { to: { email: 'a@b.c' } }])).toEqual(['/tmp/d-a@b.c', '/tmp/d-a@b.c-2']);
  });

  it('carries a METHOD:REQUEST invitation for one confirmed meeting (for `etiq reply`)', async () => {
    const start = Date.UTC(2026, 2, 3, 8, 0);
    const now = Date.UTC(2026, 2, 2, 12, 0);
    const invitation = invitationCalendar({
      uid: invitationUid(4, start),
      start,
      end: start + 3_600_000,
      summary: 'Northwind weekly',
      organizer: { email: 'lena@vogel-consulting.example', name: 'Lena Vogel' },
      attendee: { email: 'tom@northwind.example', name: 'Tom Berger' },
      now,
    });
    const input = {
      from: { email: 'lena@vogel-consulting.example', name: 'Lena Vogel' },
      to: { email: 'tom@northwind.example', name: 'Tom\nBerger' },
      subject: 'Confirmed: Tuesday 3 March',
      text: 'Hi Tom,\n\nSee you then.\n\nLena Vogel\n',
      date: new Date(now),
      messageId: '<etiq.test@vogel-consulting.example>',
      baseBoundary: 'etiq-test',
      invitation,
    };
    const raw = await buildEml(input);
    expect((await buildEml(input)).equals(raw)).toBe(true);
    const mail = await simpleParser(raw);
    expectIntactHeaders(raw, mail, 'tom@northwind.example');
    expect(mail.messageId).toBe('<etiq.test@vogel-consulting.example>');
    expect(mail.text).toBe(input.text);
    const calendars = mail.attachments.filter((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics');
    expect(calendars.length).toBeGreaterThan(0);
    for (const c of calendars) {
      const cal = new ICAL.Component(ICAL.parse(c.content.toString('utf8')));
      expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(cal.getAllSubcomponents('vevent')).toHaveLength(1);
    }
    expect(raw.toString('utf8')).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
    // No content is read from a path or a URL.
    await expect(buildEml({ ...input, holds: null, invitation: null, text: 'x' })).resolves.toBeInstanceOf(Buffer);
    const holds = holdsCalendar([], { now, zone: 'Europe/Berlin' });
    expect((await buildEml({ ...input, invitation: null, holds })).toString('utf8')).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=PUBLISH/);
  });
});

describe('--mailto', () => {
  function decode(url: string): { to: string; subject: string; body: string } {
    const m = /^mailto:([^?]*)\?subject=([^&]*)&body=([^&]*)$/.exec(url);
    expect(m).not.toBeNull();
    return { to: decodeURIComponent(m![1]!), subject: decodeURIComponent(m![2]!), body: decodeURIComponent(m![3]!) };
  }

  it('in --json: a "mailto" field that decodes back to the subject and body (CRLF line breaks)', async () => {
    const { db } = setup();
    const out = json<Recorded>(await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json', '--mailto'));
    const url = out.draft!.mailto!;
    expect(url).toMatch(/^mailto:tom@northwind\.example\?subject=Rescheduling%20Northwind%20weekly&body=Hi%20Tom%2C%0D%0A/);
    expect(url).not.toMatch(/[\s\u0080-\uffff]/);
    const back = decode(url);
    expect(back.to).toBe('tom@northwind.example');
    expect(back.subject).toBe(out.draft!.subject);
    expect(back.body).toBe(out.draft!.body.replace(/\n/g, '\r\n'));
    expect(out.draft).not.toHaveProperty('eml');
  });

  it('human output: the URL after the draft', async () => {
    const { db } = setup();
    const r = await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--mailto');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[lines.length - 2]).toBe('');
    expect(decode(lines[lines.length - 1]!).subject).toBe('Rescheduling Northwind weekly');
  });

  it('encodes what could end the URL or start another parameter', () => {
    const url = mailtoUrl('tom+x@northwind.example', 'A & B? #1 = 100%', 'Line one\nLine two & more\n');
    expect(url).toBe('mailto:tom%2Bx@northwind.example?subject=A%20%26%20B%3F%20%231%20%3D%20100%25&body=Line%20one%0D%0ALine%20two%20%26%20more%0D%0A');
  });
});

describe('etiq offers --holds', () => {
  it('writes every open offer as tentative events, with the same UIDs on every run', async () => {
    const { dir, db } = setup();
    json<Recorded>(await etiq(db, 'noshow', '--at', '2026-03-02T10:00', '--now', AFTER_MISS, '--json'));
    json<Recorded>(await etiq(db, 'log', 'host-cancelled', '--at', '2026-03-05T16:00', '--now', '2026-03-02T12:00', '--reason', 'I have to be in court', '--json'));
    const a = path.join(dir, 'a.ics');
    const b = path.join(dir, 'b.ics');
    const first = json<{ offers: { id: number }[]; holds: string }>(await etiq(db, 'offers', '--now', '2026-03-02T12:30', '--json', '--holds', a));
    expect(first.holds).toBe(a);
    expect(first.offers).toHaveLength(2);
    const human = await etiq(db, 'offers', '--now', '2026-03-02T13:00', '--holds', b);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`Wrote 6 held slots to ${b} (import it to show the holds in your calendar)`);

    const evA = veventsOf(fs.readFileSync(a, 'utf8'));
    const evB = veventsOf(fs.readFileSync(b, 'utf8'));
    expect(evA).toHaveLength(6);
    const uids = (evs: ICAL.Component[]) => evs.map((e) => new ICAL.Event(e).uid);
    expect(uids(evB)).toEqual(uids(evA));
    expect(new Set(uids(evA)).size).toBe(6);
    const [tomOffer] = first.offers;
    expect(uids(evA)).toContain(`etiq-hold-${tomOffer!.id}-20260303T080000Z@etiq`);
    expect(evA.every((e) => e.getFirstPropertyValue('status') === 'TENTATIVE' && e.getFirstPropertyValue('transp') === 'OPAQUE')).toBe(true);
    // DTSTAMP follows the clock; the rest does not change.
    expect((evB[0]!.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString()).toBe('2026-03-02T12:00:00.000Z');
    expect(startsOf(evA).filter((s) => TOM_SLOTS.includes(s))).toEqual(TOM_SLOTS);
    expect(new ICAL.Event(evA.find((e) => new ICAL.Event(e).uid.startsWith(`etiq-hold-${tomOffer!.id}-`))!).summary).toBe(`Held for Tom Berger (offer ${tomOffer!.id})`);
  });

  it('with no open offer: a calendar without events; a FIFO is refused', async () => {
    const { dir, db } = setup();
    const empty = path.join(dir, 'empty.ics');
    const r = await etiq(db, 'offers', '--now', AFTER_MISS, '--holds', empty);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Wrote 0 held slots');
    expect(veventsOf(fs.readFileSync(empty, 'utf8'))).toEqual([]);
    const fifo = path.join(dir, 'pipe.ics');
    execFileSync('mkfifo', [fifo]);
    const f = await etiq(db, 'offers', '--now', AFTER_MISS, '--holds', fifo);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('named pipe');
  });
});
