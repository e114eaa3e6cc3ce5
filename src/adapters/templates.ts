/**
 * The template in effect for a situation: the user's `<templates folder>/<situation>.txt`
 * when it exists, else the built-in one. The folder is `followup.templates`, else
 * `templates/` beside the config file (or the default config folder).
 */
import path from 'node:path';
import { builtinTemplate } from '../core/draft/builtin.js';
import { parseTemplate, type Situation, type Template } from '../core/draft/template.js';
import { inputError } from '../core/errors.js';
import type { Settings } from '../core/settings.js';
import { defaultConfigPath } from './paths.js';
import { FileReadError, readRegularFile } from './sources.js';

/** A template is a short text: anything bigger is a mistake. */
const MAX_TEMPLATE_BYTES = 64 * 1024;

export function templatesFolder(settings: Settings, env: NodeJS.ProcessEnv): string {
  return settings.followup.templates ?? path.join(path.dirname(settings.configPath ?? defaultConfigPath(env)), 'templates');
}

export interface TemplateInEffect {
  template: Template;
  /** The user's file, or null for the built-in template. */
  file: string | null;
}

export function templateFor(situation: Situation, settings: Settings, env: NodeJS.ProcessEnv): TemplateInEffect {
  const file = path.join(templatesFolder(settings, env), `${situation}.txt`);
  let bytes: Buffer;
  try {
    bytes = readRegularFile(file, MAX_TEMPLATE_BYTES);
  } catch (err) {
    if (err instanceof FileReadError && err.reason === 'missing') return { template: builtinTemplate(situation), file: null };
    const why = err instanceof FileReadError ? (err.reason === 'too-big' ? `larger than ${MAX_TEMPLATE_BYTES / 1024}KiB` : err.detail) : (err as Error).message;
    throw inputError(`template ${file} cannot be read (${why})`);
  }
  return { template: parseTemplate(bytes.toString('utf8'), file), file };
}
