/** `etiq templates`: the draft situations and the template in effect for each; `templates show SITUATION`. Their flags: templates.ts. */
import { BUILTIN_TEXT } from '../../core/draft/builtin.js';
import { PLACEHOLDERS, SITUATIONS, isSituation } from '../../core/draft/template.js';
import { usageError } from '../../core/errors.js';
import { visible } from '../../core/visible.js';
import { wrapWords } from '../../render/wrap.js';
import { templateFor, templatesFolder } from '../../adapters/templates.js';
import { buildContext, type CommonFlags, type Io } from '../context.js';

export async function runTemplates(flags: CommonFlags, io: Io): Promise<number> {
  const ctx = await buildContext(flags, io);
  const folder = templatesFolder(ctx.settings, io.env);
  // Each user file is read and parsed: a broken one is reported here, not at the next no-show.
  const rows = SITUATIONS.map((situation) => ({ situation, file: templateFor(situation, ctx.settings, io.env).file }));
  if (ctx.json) {
    ctx.printJson({ folder, templates: rows.map((r) => ({ situation: r.situation, source: r.file ? 'user' : 'built-in', file: r.file })), placeholders: PLACEHOLDERS });
  } else {
    const width = Math.max(...SITUATIONS.map((s) => s.length));
    // Within 80 columns: the folder goes on the next line when the heading is too long, never broken.
    const heading = 'Draft templates';
    const [first, ...rest] = wrapWords(`${heading} (yours go in ${visible(folder)}/<situation>.txt)`, { keep: [visible(folder)] }).split('\n');
    const lines = [ctx.style.bold(heading) + ctx.style.dim(first!.slice(heading.length)), ...rest.map((l) => ctx.style.dim(l))];
    for (const r of rows) {
      if (r.file) lines.push(wrapWords(`  ${r.situation.padEnd(width)}  yours: ${visible(r.file)}`, { indent: 2 + width + 2, keep: [visible(r.file)] }));
      else lines.push(`  ${r.situation.padEnd(width)}  ${ctx.style.dim('built-in')}`);
    }
    ctx.print(lines.join('\n'));
  }
  return 0;
}

export async function runTemplateShow(situation: string, flags: CommonFlags, io: Io): Promise<number> {
  const ctx = await buildContext(flags, io);
  if (!isSituation(situation)) throw usageError(`"${visible(situation)}" is not a situation; use one of: ${SITUATIONS.join(', ')}`);
  const { template, file } = templateFor(situation, ctx.settings, io.env);
  const text = file ? template.text : BUILTIN_TEXT[situation];
  if (ctx.json) ctx.printJson({ situation, source: file ? 'user' : 'built-in', file, text });
  else ctx.print(text.replace(/\n+$/, ''));
  return 0;
}
