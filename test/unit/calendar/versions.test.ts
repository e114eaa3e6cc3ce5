// newestVersions keeps a group whose components all modify different instances as it is
// (a fast path): its answer must be the plain path's (versionsByRid) for every group of
// the fixtures and the corpus, and for groups built to trip it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestVersions, versionsByRid, type Versions } from '../../../src/core/calendar/read.js';
import { scanCalendar, type RawComponent } from '../../../src/core/calendar/scan.js';
import { allIcs, ev, ics, repoFixtures } from './helpers.js';

const ridOf = (c: RawComponent): string => c.firstKeyValue('RECURRENCE-ID')?.trim() ?? '';
const lines = (v: Versions) => ({ kept: v.kept.map((c) => c.line), dropped: v.dropped.map((c) => c.line), duplicateOverrides: v.duplicateOverrides.map((c) => c.line) });

/** Groups of two or more VEVENTs by UID, as readText makes them. */
function groups(text: string): RawComponent[][] {
  const byUid = new Map<string, RawComponent[]>();
  for (const c of scanCalendar(text).components) {
    if (c.name !== 'VEVENT') continue;
    const uid = c.firstKeyValue('UID')?.trim() ?? '';
    if (uid === '') continue;
    byUid.set(uid, [...(byUid.get(uid) ?? []), c]);
  }
  return [...byUid.values()].filter((g) => g.length > 1);
}

/** Compares the two paths on every group of `text`; returns how many groups the fast path kept whole. */
function check(text: string, where: string): number {
  let whole = 0;
  for (const g of groups(text)) {
    const fast = newestVersions(g);
    expect(lines(fast), `${where} line ${g[0]!.line}`).toEqual(lines(versionsByRid(g, g.map(ridOf))));
    if (fast.kept === g) whole++;
  }
  return whole;
}

describe('newestVersions', () => {
  it('answers as its plain path on groups built to trip the fast path', () => {
    const master = (seq: number, extra: string[] = []) => ev('UID:s', `SEQUENCE:${seq}`, 'DTSTART:20260302T090000Z', 'RRULE:FREQ=DAILY', ...extra);
    const override = (rid: string, seq = 0) => ev('UID:s', `SEQUENCE:${seq}`, `RECURRENCE-ID${rid}`, 'DTSTART:20260303T100000Z');
    const cases: [string, string, boolean][] = [
      ['overrides before the master', ics(...override(':20260303T090000Z'), ...override(':20260304T090000Z'), ...master(0)), true],
      ['the same instance, written with blanks', ics(...master(0), ...override(':20260303T090000Z'), ...override(': 20260303T090000Z ', 1)), false],
      ['the same value, once with a TZID', ics(...master(0), ...override(':20260303T090000Z'), ...override(';TZID=UTC:20260303T090000Z')), false],
      ['another value of the same instant (not the same text: both kept)', ics(...master(0), ...override(':20260303T090000Z'), ...override(';TZID=Europe/Berlin:20260303T100000')), true],
      ['two masters of different versions', ics(...master(0), ...master(2)), false],
      ['two masters of one version', ics(...master(1), ...master(1)), false],
      ['twelve overrides, all different (the set)', ics(...master(0), ...Array.from({ length: 12 }, (_, i) => override(`:202603${String(10 + i)}T090000Z`)).flat()), true],
      ['twelve overrides, the last of an instance already modified (the set)', ics(...master(0), ...Array.from({ length: 11 }, (_, i) => override(`:202603${String(10 + i)}T090000Z`)).flat(), ...override(':20260310T090000Z', 3)), false],
    ];
    for (const [what, text, whole] of cases) {
      const [g] = groups(text);
      expect(lines(newestVersions(g!)), what).toEqual(lines(versionsByRid(g!, g!.map(ridOf))));
      expect(newestVersions(g!).kept === g, what).toBe(whole);
    }
  });

  it('answers as its plain path on every group of the fixtures', () => {
    let whole = 0;
    for (const f of allIcs(repoFixtures)) whole += check(fs.readFileSync(f, 'utf8'), f);
    expect(whole).toBeGreaterThan(3);
  });

  const corpus = process.env['ETIQ_CORPUS'] ?? path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
  const hasCorpus = fs.existsSync(path.join(corpus, 'files'));
  if (!hasCorpus) console.warn(`versions corpus test skipped: no corpus at ${corpus}`);
  it.skipIf(!hasCorpus)('answers as its plain path on every group of the corpus', () => {
    let whole = 0;
    for (const f of allIcs(path.join(corpus, 'files'))) whole += check(fs.readFileSync(f, 'utf8'), f);
    expect(whole).toBeGreaterThan(50);
  });
});
