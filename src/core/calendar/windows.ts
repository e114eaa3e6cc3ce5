/** Outlook's Windows time-zone names to IANA names (CLDR windowsZones, via windows-iana). */
import { createRequire } from 'node:module';

let windowsNames: Map<string, string> | null = null;

/**
 * The table is loaded on the first Windows name seen (~13 ms): most calendars use IANA
 * names only. windows-iana's own `findIana` is case-sensitive and Outlook's spelling
 * varies, so the map is keyed in lower case; territory "001" holds the main IANA zone.
 */
function table(): Map<string, string> {
  if (windowsNames) return windowsNames;
  const require = createRequire(import.meta.url);
  const { WINDOWS_TO_IANA_MAP } = require('windows-iana') as typeof import('windows-iana');
  windowsNames = new Map();
  for (const entry of WINDOWS_TO_IANA_MAP) {
    const key = entry.windowsName.toLowerCase();
    if (entry.iana.length > 0 && (entry.territory === '001' || !windowsNames.has(key))) windowsNames.set(key, entry.iana[0]!);
  }
  return windowsNames;
}

/** Windows zone name (`Pacific Standard Time`) to its IANA name, case-insensitively. */
export function windowsToIana(name: string): string | undefined {
  return table().get(name.trim().toLowerCase());
}
