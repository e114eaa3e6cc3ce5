/**
 * Terminal injection (issue 9, item 2): text from a calendar, a server, the database or the
 * command line reaches the terminal with its controls shown (`\x1B`, `\x9B`, `\u202E`),
 * never raw. JSON keeps the exact text. An address with controls or spaces is refused.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calendar, runEtiq, tempDir, vevent, writeIcs, type RunResult } from './helpers.js';

const ESC = '\u001b';
const OSC_TITLE = `${ESC}]0;pwned\u0007`;
const CLEAR = `${ESC}[2J`;
const CSI8 = '\u009b';
const RLO = '\u202e';
/** Anything a terminal would obey: C0 except newline, C1, bidi controls (no colour here: NO_COLOR). */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function clean(r: RunResult): RunResult {
  expect(r.stdout, 'stdout holds a raw control').not.toMatch(RAW);
  expect(r.stderr, 'stderr holds a raw control').not.toMatch(RAW);
  return r;
}

const dir = tempDir('etiq-inject-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ics = writeIcs(
  dir,
  'hostile.ics',
  calendar(
    vevent([
      'UID:hostile-1',
      `SUMMARY:Review ${OSC_TITLE}${CLEAR} with NUL \\n and ${CSI8}31m and ${RLO}fdp.exe`,
      'DTSTART:20260310T100000Z',
      'DTEND:20260310T110000Z',
      'ORGANIZER:mailto:me@example.com',
      'ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com',
      `ATTENDEE;CN=Evil ${CLEAR}Corp:mailto:evil${ESC}]0;x${'\u0007'}@client.example`,
    ]),
    vevent([
      'UID:plain-1',
      'SUMMARY:Plain call',
      'DTSTART:20260311T100000Z',
      'DTEND:20260311T110000Z',
      'ORGANIZER:mailto:me@example.com',
      'ATTENDEE;CN=Ann:mailto:ann@client.example',
    ]),
  ),
);
// A NUL inside a SUMMARY: ical.js keeps it as text.
fs.writeFileSync(ics, fs.readFileSync(ics, 'utf8').replace('with NUL', 'with NUL\u0000'));
const config = path.join(dir, 'config.toml');
fs.writeFileSync(config, `timezone = "UTC"\ncalendars = ["hostile.ics"]\n[me]\nemail = "me@example.com"\n`);
const db = path.join(dir, 'etiq.db');
const etiq = (...args: string[]) => runEtiq([...args, '--config', config, '--db', db, '--now', '2026-03-12T12:00']);

describe('human output shows controls from calendars, the database and arguments', () => {
  it('agenda shows a hostile SUMMARY visibly; --json keeps the exact text', async () => {
    const r = clean(await runEtiq(['agenda', '--config', config, '--now', '2026-03-10T08:00']));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\\x1B]0;pwned\\x07\\x1B[2J');
    expect(r.stdout).toContain('\\x9B31m');
    expect(r.stdout).toContain('\\u202Efdp.exe');
    expect(r.stdout).toContain('NUL\\x00');
    const j = await runEtiq(['agenda', '--config', config, '--now', '2026-03-10T08:00', '--json']);
    const summary = (JSON.parse(j.stdout) as { events: { summary: string }[] }).events[0]!.summary;
    expect(summary).toContain(OSC_TITLE + CLEAR);
    expect(summary).toContain(CSI8);
    expect(summary).toContain(RLO);
  });

  it('noshow refuses an ATTENDEE address holding an escape sequence, shows it visibly, and stores nothing', async () => {
    const r = clean(await etiq('noshow', '--at', '2026-03-10T10:00'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('evil\\x1B]0;x\\x07@client.example');
    expect(r.stderr).toContain('not an email address etiq can store');
    const h = clean(await etiq('history', '--json'));
    expect(JSON.parse(h.stdout).entries).toEqual([]);
  });

  it('--client with an escape sequence is a usage error, shown visibly', async () => {
    for (const bad of [`ann${CLEAR}@client.example`, `ann${ESC}]0;t\u0007@client.example`, `ann@client${CSI8}.example`, `ann${RLO}@client.example`, 'ann smith@client.example']) {
      const r = clean(await etiq('noshow', '--at', '2026-03-11T10:00', '--client', bad));
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/--client ".*" is not an email address/);
    }
  });

  it('an event SUMMARY with NUL and escapes is quoted visibly in "is not an attendee of"', async () => {
    const r = clean(await etiq('noshow', '--uid', 'hostile-1', '--client', 'ann@client.example'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ann@client.example is not an attendee of "Review \\x1B]0;pwned\\x07\\x1B[2J with NUL\\x00');
    expect(r.stderr).toContain('evil\\x1B]0;x\\x07@client.example');
  });

  it('clients set --name, notes, history and clients show stored controls visibly', async () => {
    const set = clean(await etiq('clients', 'set', 'ann@client.example', '--name', `Ann ${OSC_TITLE}${RLO}`));
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Saved: ann@client.example (Ann \\x1B]0;pwned\\x07\\u202E)');
    const rec = clean(await etiq('noshow', '--at', '2026-03-11T10:00', '--note', `said ${CLEAR}${CSI8}2J sorry ${RLO}`));
    expect(rec.code).toBe(0);
    expect(rec.stdout).toContain('Ann \\x1B]0;pwned\\x07\\u202E');
    const hist = clean(await etiq('history'));
    // The entry as one line (history word-wraps it at 80 columns).
    expect(hist.stdout.replace(/\n +/g, ' ')).toContain('\\x1B[2J\\x9B2J sorry \\u202E');
    const clients = clean(await etiq('clients'));
    expect(clients.stdout).toContain('Ann \\x1B]0;pwned');
    const json = await etiq('history', '--json');
    expect((JSON.parse(json.stdout) as { entries: { note: string }[] }).entries[0]!.note).toBe(`said ${CLEAR}${CSI8}2J sorry ${RLO}`);
  });

  it('an unknown option or outcome quoted back by the parser is shown visibly', async () => {
    const r1 = clean(await runEtiq(['agenda', `--bogus${CLEAR}`]));
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('--bogus\\x1B[2J');
    const r2 = clean(await etiq('log', `late${OSC_TITLE}`, '--at', '2026-03-11T10:00'));
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('late\\x1B]0;pwned\\x07');
  });
});

describe('text from a server is shown visibly', () => {
  it('the status text of a failed fetch', async () => {
    // A raw socket: node:http refuses to send a control character in a status message.
    const server = net.createServer((socket) => {
      socket.once('data', () => {
        socket.end(`HTTP/1.1 503 Busy ${OSC_TITLE}${CSI8}2J${RLO}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`, 'latin1');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const r = clean(await runEtiq(['agenda', '--calendar', `http://127.0.0.1:${port}/cal.ics`, '--now', '2026-03-10T08:00']));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`http://127.0.0.1:${port}/cal.ics`);
      expect(r.stderr).toContain('HTTP 503 Busy \\x1B]0;pwned\\x07');
    } finally {
      server.close();
    }
  });
});
