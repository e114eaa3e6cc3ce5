/**
 * Where etiq keeps things, per platform (XDG base directories on Linux and other Unixes,
 * ~/Library on macOS, %APPDATA%/%LOCALAPPDATA% on Windows).
 *
 * - config: $XDG_CONFIG_HOME/etiq/config.toml (~/.config/etiq/config.toml)
 * - data:   $XDG_DATA_HOME/etiq/etiq.db        (~/.local/share/etiq/etiq.db)
 * - cache:  $ETIQ_CACHE_DIR, else $XDG_CACHE_HOME/etiq (~/.cache/etiq): fetched calendars
 *           and expanded occurrences; safe to delete at any time.
 */
import os from 'node:os';
import path from 'node:path';

type Env = NodeJS.ProcessEnv;

function home(env: Env): string {
  return env['HOME'] || os.homedir();
}

function xdg(env: Env, variable: string, fallback: string[]): string {
  const v = env[variable];
  // The XDG spec: a relative path in these variables is invalid and is ignored.
  if (v && path.isAbsolute(v)) return v;
  return path.join(home(env), ...fallback);
}

export function configDir(env: Env = process.env): string {
  if (process.platform === 'darwin' && !env['XDG_CONFIG_HOME']) return path.join(home(env), 'Library', 'Preferences', 'etiq');
  if (process.platform === 'win32') return path.join(env['APPDATA'] || path.join(home(env), 'AppData', 'Roaming'), 'etiq');
  return path.join(xdg(env, 'XDG_CONFIG_HOME', ['.config']), 'etiq');
}

export function dataDir(env: Env = process.env): string {
  if (process.platform === 'darwin' && !env['XDG_DATA_HOME']) return path.join(home(env), 'Library', 'Application Support', 'etiq');
  if (process.platform === 'win32') return path.join(env['LOCALAPPDATA'] || path.join(home(env), 'AppData', 'Local'), 'etiq');
  return path.join(xdg(env, 'XDG_DATA_HOME', ['.local', 'share']), 'etiq');
}

export function cacheDir(env: Env = process.env): string {
  const explicit = env['ETIQ_CACHE_DIR'];
  if (explicit) return path.resolve(explicit);
  if (process.platform === 'darwin' && !env['XDG_CACHE_HOME']) return path.join(home(env), 'Library', 'Caches', 'etiq');
  if (process.platform === 'win32') return path.join(env['LOCALAPPDATA'] || path.join(home(env), 'AppData', 'Local'), 'etiq', 'Cache');
  return path.join(xdg(env, 'XDG_CACHE_HOME', ['.cache']), 'etiq');
}

export function defaultConfigPath(env: Env = process.env): string {
  return path.join(configDir(env), 'config.toml');
}

export function homeDir(env: Env = process.env): string {
  return home(env);
}
