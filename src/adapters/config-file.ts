/** Finding and reading the config file: --config, else $ETIQ_CONFIG, else the platform's config dir. */
import fs from 'node:fs';
import path from 'node:path';
import { inputError } from '../core/errors.js';
import { resolveSettings, type Settings } from '../core/settings.js';
import { systemZone } from '../core/time.js';
import { defaultConfigPath, homeDir } from './paths.js';

export interface ConfigFlags {
  config?: string;
  calendar?: string[];
  tz?: string;
}

export function readConfigFile(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): { path: string; text: string } | null {
  let file: string;
  let explicit: string | null = null;
  if (flags.config !== undefined) {
    file = path.resolve(cwd, flags.config);
    explicit = '--config';
  } else if (env['ETIQ_CONFIG']) {
    file = path.resolve(cwd, env['ETIQ_CONFIG']);
    explicit = 'ETIQ_CONFIG';
  } else {
    file = defaultConfigPath(env);
  }
  try {
    return { path: file, text: fs.readFileSync(file, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return null; // no config file: fine for reading commands
    if (code === 'ENOENT') throw inputError(`config file ${file} (from ${explicit}) does not exist`);
    if (code === 'EISDIR') throw inputError(`config file ${file} is a folder, not a file`);
    if (code === 'EACCES') throw inputError(`config file ${file} cannot be read (permission denied)`);
    throw inputError(`config file ${file} cannot be read (${(err as Error).message})`);
  }
}

export async function loadSettings(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<Settings> {
  const file = readConfigFile(flags, env, cwd);
  // smol-toml is loaded only when there is a file to parse (it costs ~10 ms at start-up).
  const parseToml = file ? (await import('smol-toml')).parse : null;
  return resolveSettings({
    file: file && parseToml ? { ...file, parseToml } : null,
    flags: { calendars: flags.calendar, tz: flags.tz },
    cwd,
    systemZone: () => systemZone(env),
    resolvePath: (base, p) => path.resolve(base, p),
    dirname: (p) => path.dirname(p),
    home: homeDir(env),
  });
}
