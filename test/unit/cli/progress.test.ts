import stringWidth from 'string-width';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERASE_LINE, clearProgress, writeHuman, writeJson } from '../../../src/cli/output.js';
import { calendarName, createProgress, fitLine, progressWanted, readStatusText } from '../../../src/cli/progress.js';

function sink(columns?: number): NodeJS.WritableStream & { text: string; columns?: number } {
  const s = {
    text: '',
    columns,
    write(chunk: string): boolean {
      s.text += chunk;
      return true;
    },
  };
  return s as unknown as NodeJS.WritableStream & { text: string; columns?: number };
}

/** The lines drawn: each frame starts with the erase sequence. */
function frames(text: string): string[] {
  return text.split(ERASE_LINE).filter((f) => f !== '');
}

describe('the progress line', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    clearProgress();
    vi.useRealTimers();
  });

  it('draws nothing before the delay, then redraws at most every interval, and erases at the end', () => {
    const err = sink();
    const p = createProgress(err, { clock: Date.now });
    p.begin();
    let n = 0;
    p.set(() => `Fetching… ${n}`);
    vi.advanceTimersByTime(200);
    expect(err.text).toBe('');
    vi.advanceTimersByTime(60); // 260 ms: past the delay
    expect(frames(err.text)).toEqual(['Fetching… 0']);
    // Ten updates within 50 ms: none drawn at once, the latest drawn once the interval has passed.
    for (let i = 1; i <= 10; i++) {
      n = i;
      p.set(() => `Fetching… ${n}`);
      vi.advanceTimersByTime(5);
    }
    expect(frames(err.text)).toEqual(['Fetching… 0']);
    vi.advanceTimersByTime(60);
    expect(frames(err.text)).toEqual(['Fetching… 0', 'Fetching… 10']);
    p.end();
    expect(err.text.endsWith(`Fetching… 10${ERASE_LINE}`)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a run that ends before the delay shows nothing and leaves no timer', () => {
    const err = sink();
    const p = createProgress(err);
    p.begin();
    p.set(() => 'Fetching…');
    vi.advanceTimersByTime(100);
    p.end();
    expect(err.text).toBe('');
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(err.text).toBe('');
  });

  it('immediate: drawn at once (before synchronous work); null erases it', () => {
    const err = sink();
    const p = createProgress(err);
    p.begin();
    p.set(() => 'Reading work.ics (48MiB)…', { immediate: true });
    expect(err.text).toBe(`${ERASE_LINE}Reading work.ics (48MiB)…`);
    p.set(null);
    expect(err.text).toBe(`${ERASE_LINE}Reading work.ics (48MiB)…${ERASE_LINE}`);
    p.end();
    expect(err.text).toBe(`${ERASE_LINE}Reading work.ics (48MiB)…${ERASE_LINE}`); // erased once, not twice
  });

  it('any other output erases the line first, on either stream', () => {
    const err = sink();
    const out = sink();
    const p = createProgress(err);
    p.begin();
    p.set(() => 'Reading big.ics (4MiB)…', { immediate: true });
    writeHuman(out, 'Agenda\n', false);
    expect(err.text.endsWith(ERASE_LINE)).toBe(true);
    expect(out.text).toBe('Agenda\n');
    p.set(() => 'Reading big.ics (4MiB)…', { immediate: true });
    writeHuman(err, 'warning: x\n', false);
    expect(err.text.endsWith(`${ERASE_LINE}warning: x\n`)).toBe(true);
    writeJson(out, {});
    p.end();
    // Nothing left to erase: no stray sequence after the warning.
    expect(err.text.endsWith(`${ERASE_LINE}warning: x\n`)).toBe(true);
  });

  it('nested begin/end share the line: erased when the last ends', () => {
    const err = sink();
    const p = createProgress(err);
    p.begin();
    p.begin();
    p.set(() => 'Reading a.ics (5MiB)…', { immediate: true });
    p.end();
    expect(err.text.endsWith(ERASE_LINE)).toBe(false);
    p.end();
    expect(err.text.endsWith(ERASE_LINE)).toBe(true);
    p.set(() => 'after the end', { immediate: true });
    expect(err.text).not.toContain('after the end');
  });

  it('fits the terminal: at most 79 cells of an 80-column terminal, fewer on a narrow one', () => {
    const long = `Reading ${'x'.repeat(200)}.ics (5MiB)…`;
    const err = sink();
    const p = createProgress(err);
    p.begin();
    p.set(() => long, { immediate: true });
    expect(stringWidth(frames(err.text)[0]!)).toBeLessThanOrEqual(79);
    p.end();
    const narrow = sink(40);
    const q = createProgress(narrow);
    q.begin();
    q.set((columns) => readStatusText({ kind: 'read', calendar: `/data/${'y'.repeat(100)}.ics`, bytes: 5 * 1024 * 1024 }, columns), { immediate: true });
    const frame = frames(narrow.text)[0]!;
    expect(stringWidth(frame)).toBeLessThanOrEqual(39);
    expect(frame).toMatch(/^Reading y+… \(5MiB\)…$/);
    q.end();
  });
});

describe('what the progress line says', () => {
  it('names a calendar by its file name, or a URL by host and path (no credentials, no query)', () => {
    expect(calendarName('/home/dana/cal/work.ics')).toBe('work.ics');
    expect(calendarName('C:\\Users\\dana\\work.ics')).toBe('work.ics');
    expect(calendarName('https://user:secret@cal.example.com/feeds/dana.ics?token=abc#x')).toBe('cal.example.com/feeds/dana.ics');
    expect(calendarName('webcal://p01.example.com:8443/public/basic.ics')).toBe('p01.example.com:8443/public/basic.ics');
  });

  it('fetching one URL, several, reading a large file', () => {
    expect(readStatusText({ kind: 'fetch', total: 1, done: 0, bytes: 0, calendar: 'http://127.0.0.1:8080/x.ics' })).toBe('Fetching 127.0.0.1:8080/x.ics…');
    expect(readStatusText({ kind: 'fetch', total: 1, done: 0, bytes: 1_300_000, calendar: 'http://127.0.0.1:8080/x.ics' })).toBe('Fetching 127.0.0.1:8080/x.ics… 1.2MiB');
    expect(readStatusText({ kind: 'fetch', total: 3, done: 1, bytes: 2048, calendar: null })).toBe('Fetching 3 calendars: 1 done… 2KiB');
    expect(readStatusText({ kind: 'read', calendar: '/data/work.ics', bytes: 48 * 1024 * 1024 })).toBe('Reading work.ics (48MiB)…');
  });

  it('shows controls in a name as text, and never goes past 79 cells, wide characters included', () => {
    const hostile = readStatusText({ kind: 'read', calendar: '/tmp/a\u001b]0;pwned\u0007\r\n.ics', bytes: 4 * 1024 * 1024 });
    expect(hostile).toBe('Reading a\\x1B]0;pwned\\x07\\x0D\\x0A.ics (4MiB)…');
    for (const name of ['会議'.repeat(60), '🦷'.repeat(70), 'é'.repeat(100), 'e\u0301'.repeat(100)]) {
      const line = readStatusText({ kind: 'read', calendar: `/x/${name}.ics`, bytes: 4 * 1024 * 1024 });
      expect(stringWidth(line)).toBeLessThanOrEqual(79);
      expect(line.endsWith('(4MiB)…')).toBe(true);
    }
    expect(stringWidth(fitLine('漢'.repeat(100), 79))).toBeLessThanOrEqual(79);
    expect(fitLine('short')).toBe('short');
  });
});

describe('when a run may show progress', () => {
  const tty = { isTTY: true };
  it('only when stderr is a terminal, for human output, on a capable terminal, outside CI', () => {
    expect(progressWanted({ stderr: tty, env: {} }, {})).toBe(true);
    expect(progressWanted({ stderr: { isTTY: false }, env: {} }, {})).toBe(false);
    expect(progressWanted({ stderr: {}, env: {} }, {})).toBe(false);
    expect(progressWanted({ stderr: tty, env: {} }, { json: true })).toBe(false);
    expect(progressWanted({ stderr: tty, env: {} }, { csv: true })).toBe(false);
    expect(progressWanted({ stderr: tty, env: { TERM: 'dumb' } }, {})).toBe(false);
    expect(progressWanted({ stderr: tty, env: { CI: 'true' } }, {})).toBe(false);
    expect(progressWanted({ stderr: tty, env: { CI: '1' } }, {})).toBe(false);
    expect(progressWanted({ stderr: tty, env: { CI: 'false' } }, {})).toBe(true);
    expect(progressWanted({ stderr: tty, env: { CI: '' } }, {})).toBe(true);
    // Colour has nothing to do with it: NO_COLOR turns colour off, not the progress line.
    expect(progressWanted({ stderr: tty, env: { NO_COLOR: '1' } }, {})).toBe(true);
  });
});
