/** Outlook's Windows time-zone names to IANA names (CLDR windowsZones, via windows-iana). */
import { WINDOWS_TO_IANA_MAP } from 'windows-iana';

const windowsNames = new Map<string, string>();
// windows-iana's table is CLDR's windowsZones: territory "001" holds the main IANA zone
// of each Windows name. Its own `findIana` is case-sensitive; Outlook's spelling varies.
for (const entry of WINDOWS_TO_IANA_MAP) {
  const key = entry.windowsName.toLowerCase();
  if (entry.iana.length > 0 && (entry.territory === '001' || !windowsNames.has(key))) windowsNames.set(key, entry.iana[0]!);
}

/** Windows zone name (`Pacific Standard Time`) to its IANA name, case-insensitively. */
export function windowsToIana(name: string): string | undefined {
  return windowsNames.get(name.trim().toLowerCase());
}
