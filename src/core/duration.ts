/**
 * Durations as users write them: `90m`, `1h30m`, `2d`, `1w`, ISO 8601 (`PT45M`, `P1D`),
 * or bare minutes (`45`). Returns milliseconds, or null when the text is not a duration.
 */
const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
const HUMAN_RE = /^(?:(\d+(?:\.\d+)?)\s*([wdhms])\s*)+$/i;
const HUMAN_PART_RE = /(\d+(?:\.\d+)?)\s*([wdhms])/gi;
const ISO_RE = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

export function parseDuration(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? Math.round(input * 60_000) : null;
  const text = input.trim();
  if (text === '') return null;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 60_000);
  const iso = ISO_RE.exec(text);
  if (iso && /\d/.test(text)) {
    const [, w, d, h, m, s] = iso;
    return (
      Number(w ?? 0) * UNIT_MS['w']! +
      Number(d ?? 0) * UNIT_MS['d']! +
      Number(h ?? 0) * UNIT_MS['h']! +
      Number(m ?? 0) * UNIT_MS['m']! +
      Number(s ?? 0) * UNIT_MS['s']!
    );
  }
  if (!HUMAN_RE.test(text.replace(/\s+/g, ''))) return null;
  let total = 0;
  for (const part of text.matchAll(HUMAN_PART_RE)) total += Number(part[1]) * UNIT_MS[part[2]!.toLowerCase()]!;
  return Math.round(total);
}

/**
 * The longest duration etiq accepts anywhere (config or flag): 366 days. Longer values
 * are mistakes, and `1e308` minutes would overflow every date computed from it.
 */
export const MAX_DURATION_MS = 366 * 86_400_000;

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1000, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3 };

/** Sizes as users write them: `64MiB`, `500KB`, `1.5 GB`, or a number of bytes. Null when not a size. */
export function parseSize(input: string | number): number | null {
  if (typeof input === 'number') return Number.isSafeInteger(input) && input >= 0 ? input : null;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(input.trim());
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) return null;
  const bytes = Math.round(Number(m[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** `64MiB`, `1.5KiB`, `900 bytes`: a byte count for messages, written as the config writes sizes. */
export function formatSize(bytes: number): string {
  for (const [unit, n] of [['TiB', 1024 ** 4], ['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= n) return `${Number((bytes / n).toFixed(1))}${unit}`;
  }
  return `${Math.max(0, Math.round(bytes))} bytes`;
}

/**
 * The number of days when a duration is written in whole days or weeks only (`7d`, `2w`,
 * `1w2d`, `P7D`, `P2W`), else null. Such a duration means calendar days: 7d from 09:00
 * is 09:00 a week later on the wall clock, also across a daylight-saving change (where
 * 168h would end an hour off).
 */
export function wholeDays(input: string | number): number | null {
  if (typeof input !== 'string') return null;
  const text = input.trim();
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?$/i.exec(text);
  if (iso && (iso[1] !== undefined || iso[2] !== undefined)) return Number(iso[1] ?? 0) * 7 + Number(iso[2] ?? 0);
  if (!/^(?:\d+\s*[wd]\s*)+$/i.test(text)) return null;
  let days = 0;
  for (const part of text.matchAll(/(\d+)\s*([wd])/gi)) days += Number(part[1]) * (part[2]!.toLowerCase() === 'w' ? 7 : 1);
  return days;
}

/** `1h30m`, `45m`, `2d`: the shortest readable form of a duration. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0m';
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, secs] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / secs);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * secs;
  }
  return parts.join('');
}
