/**
 * Users' own templates (issue 10): listed by `etiq templates`, used by the drafts, checked
 * before anything is recorded. Values are inserted as text, never interpreted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, runEtiq, tempDir } from './helpers.js';

/** The Berlin config in a fresh folder (its calendar by absolute path), with a templates/ folder beside it. */
function setup(): { config: string; templates: string; db: string } {
  const dir = tempDir('etiq-templates-');
  const text = fs.readFileSync(path.join(fixtures, 'records', 'berlin.toml'), 'utf8').replace('calendars = ["berlin.ics"]', `calendars = [${JSON.stringify(path.join(fixtures, 'records', 'berlin.ics'))}]`);
  const config = path.join(dir, 'config.toml');
  fs.writeFileSync(config, text);
  const templates = path.join(dir, 'templates');
  fs.mkdirSync(templates);
  return { config, templates, db: path.join(dir, 'etiq.db') };
}

describe('etiq templates', () => {
  it('lists every situation as built-in until a file replaces it', async () => {
    const { config, templates } = setup();
    const before = JSON.parse((await runEtiq(['templates', '--config', config, '--json'])).stdout) as { folder: string; templates: { situation: string; source: string }[] };
    expect(before.folder).toBe(templates);
    expect(before.templates.map((t) => t.situation)).toEqual([
      'noshow', 'noshow-repeat', 'noshow-firm', 'late-cancel', 'decline-now', 'not-offered', 'confirm', 'host-cancelled', 'host-late', 'host-no-show',
    ]);
    expect(new Set(before.templates.map((t) => t.source))).toEqual(new Set(['built-in']));
    fs.writeFileSync(path.join(templates, 'noshow.txt'), 'Our call: {{meeting.title}}\n\n{{greeting}}\n{{slots}}\n');
    const after = await runEtiq(['templates', '--config', config]);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(new RegExp(`noshow +yours: ${templates.replace(/[/.]/g, '\\$&')}/noshow\\.txt`));
    expect(after.stdout).toMatch(/noshow-repeat +built-in/);
  });

  it('templates show prints the template in effect', async () => {
    const { config, templates } = setup();
    const builtin = await runEtiq(['templates', 'show', 'noshow', '--config', config]);
    expect(builtin.stdout).toMatch(/^Rescheduling \{\{meeting\.title\}\}\n\n\{\{greeting\}\}\n/);
    fs.writeFileSync(path.join(templates, 'noshow.txt'), 'Mine\n\nBody\n');
    expect((await runEtiq(['templates', 'show', 'noshow', '--config', config])).stdout).toBe('Mine\n\nBody\n');
    const bad = await runEtiq(['templates', 'show', 'noshw', '--config', config]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"noshw" is not a situation');
  });
});

describe('a user template in a draft', () => {
  it('fills the named placeholders; a value holding a placeholder stays as text', async () => {
    const { config, templates, db } = setup();
    fs.writeFileSync(path.join(templates, 'noshow.txt'), 'Our call: {{meeting.title}}\n\n{{greeting}} ({{client.name}})\n{{slots}}\nUntil {{valid_until}}.\n{{me.name}}\n');
    expect((await runEtiq(['clients', 'set', 'tom@northwind.example', '--name', 'Tom {{me.name}} Berger', '--config', config, '--db', db])).code).toBe(0);
    const r = await runEtiq(['noshow', '--at', '2026-03-02T10:00', '--now', '2026-03-02T11:00', '--config', config, '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const draft = (JSON.parse(r.stdout) as { draft: { subject: string; body: string } }).draft;
    expect(draft.subject).toBe('Our call: Northwind weekly');
    expect(draft.body).toBe(
      'Hi Tom, (Tom {{me.name}} Berger)\nTue 3 Mar, 09:00–10:00 (Berlin)\nWed 4 Mar, 12:00–13:00 (Berlin)\nThu 5 Mar, 09:00–10:00 (Berlin)\nUntil Wednesday 4 March, 11:00 (Berlin).\nLena Vogel\n',
    );
  });

  it('an unknown placeholder stops the command before anything is recorded, naming it and its line', async () => {
    const { config, templates, db } = setup();
    fs.writeFileSync(path.join(templates, 'noshow.txt'), 'Subject\n\n{{greeting}}\n{{slots}}\nSee you {{client.nickname}}\n');
    const r = await runEtiq(['noshow', '--at', '2026-03-02T10:00', '--now', '2026-03-02T11:00', '--config', config, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path.join(templates, 'noshow.txt'));
    expect(r.stderr).toMatch(/line 5/);
    expect(r.stderr).toContain('client.nickname');
    const h = await runEtiq(['history', '--config', config, '--db', db, '--json']);
    expect(h.code === 0 ? (JSON.parse(h.stdout) as { entries: unknown[] }).entries : []).toEqual([]);
    const list = await runEtiq(['templates', '--config', config]);
    expect(list.code).toBe(2);
  });
});
