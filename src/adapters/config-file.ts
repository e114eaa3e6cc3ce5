/** Finding and reading the config file: --config, else $ETIQ_CONFIG, else the platform's config dir. */
import path from 'node:path';
import { formatSize } from '../core/duration.js';
import { inputError } from '../core/errors.js';
import { resolveSettings, type Settings, type SettingsInput } from '../core/settings.js';
import { systemZone } from '../core/time.js';
import { defaultConfigPath, homeDir } from './paths.js';
import { FileReadError, readRegularFile } from './sources.js';

/** The largest config file read: a real one is a few KiB. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

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
    // Only a regular file is read, and a bounded one: --config naming a FIFO or a device
    // must not hang or fill memory (see readRegularFile).
    return { path: file, text: readRegularFile(file, MAX_CONFIG_BYTES).toString('utf8') };
  } catch (err) {
    if (!(err instanceof FileReadError)) throw err;
    const e = err;
    if (e.reason === 'missing' && !explicit) return null; // no config file: fine for reading commands
    if (e.reason === 'missing') throw inputError(`config file ${file} (from ${explicit}) does not exist`);
    if (e.reason === 'not-a-file') throw inputError(`config file ${file} is ${e.detail}, not a file`);
    if (e.reason === 'denied') throw inputError(`config file ${file} cannot be read (permission denied)`);
    if (e.reason === 'too-big') throw inputError(`config file ${file} is larger than ${formatSize(MAX_CONFIG_BYTES)}, too big for a config file`);
    throw inputError(`config file ${file} cannot be read (${e.detail})`);
  }
}

/** The settings without any config file: defaults and flags (for `etiq doctor` when the file is broken). */
export function defaultSettings(flags: Omit<ConfigFlags, 'config'>, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Settings {
  return settingsFrom(null, flags, env, cwd);
}

export async function loadSettings(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<Settings> {
  const file = readConfigFile(flags, env, cwd);
  // smol-toml is loaded only when there is a file to parse (it costs ~10 ms at start-up).
  const parseToml = file ? (await import('smol-toml')).parse : null;
  return settingsFrom(file && parseToml ? { ...file, parseToml } : null, flags, env, cwd);
}

function settingsFrom(file: SettingsInput['file'], flags: Omit<ConfigFlags, 'config'>, env: NodeJS.ProcessEnv, cwd: string): Settings {
  return resolveSettings({
    file,
    flags: { calendars: flags.calendar, tz: flags.tz },
    cwd,
    systemZone: () => systemZone(env),
    resolvePath: (base, p) => path.resolve(base, p),
    dirname: (p) => path.dirname(p),
    home: homeDir(env),
  });
}
