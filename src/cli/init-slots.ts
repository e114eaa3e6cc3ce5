/**
 * `etiq init`: the slot and follow-up settings it asks for (issue 12) — the meeting
 * length, the buffer, the minimum notice, how many slots a follow-up offers and how long
 * an offer is held. Each has a flag named after its config key.
 *
 * A value is checked by the settings reader itself (resolveSettings on a one-key config),
 * so init accepts exactly what etiq accepts in the file, with the same limits, and never
 * keeps a second copy of them. A value equal to etiq's default stays commented out in the
 * file; another one is written as a real key.
 */
import { EtiqError, usageError } from '../core/errors.js';
import { InvalidSettingError, resolveSettings, type Settings } from '../core/settings.js';
import type { Io } from './context.js';
import { askText, confirm } from './prompt.js';

/** The flags of the settings below, as commander names them. */
export interface SlotSettingFlags {
  slotDuration?: string;
  buffer?: string;
  notice?: string;
  offer?: string;
  validFor?: string;
}

export type SlotSettingId = 'slots.duration' | 'slots.buffer' | 'slots.notice' | 'followup.offer' | 'followup.valid_for';

export interface SlotSetting {
  id: SlotSettingId;
  section: 'slots' | 'followup';
  key: string;
  flag: string;
  prop: keyof SlotSettingFlags;
  /** A number (`offer = 3`) or a duration string (`duration = "30m"`) in the file. */
  kind: 'count' | 'duration';
  /** etiq's default, as the file shows it (a test checks it reads as the default). */
  defaultText: string;
  /** The wizard's question. */
  question: string;
  /** The comment beside the key in the file. */
  comment: string;
  /** A short phrase for the summary line, with the value in it. */
  summary: (text: string) => string;
  /** What etiq makes of the key: compared to tell a default from a change. */
  read: (s: Settings) => unknown;
}

/** In the order the wizard asks them. */
export const SLOT_SETTINGS: readonly SlotSetting[] = [
  {
    id: 'slots.duration',
    section: 'slots',
    key: 'duration',
    flag: '--slot-duration',
    prop: 'slotDuration',
    kind: 'duration',
    defaultText: '30m',
    question: 'Meeting length (slot duration):',
    comment: 'meeting length',
    summary: (t) => `${t} meetings`,
    read: (s) => s.slots.durationMs,
  },
  {
    id: 'slots.buffer',
    section: 'slots',
    key: 'buffer',
    flag: '--buffer',
    prop: 'buffer',
    kind: 'duration',
    defaultText: '10m',
    question: 'Free time before and after each meeting (buffer; 0 for none):',
    comment: 'free time required before and after the new meeting',
    summary: (t) => `${t} buffer`,
    read: (s) => s.slots.bufferMs,
  },
  {
    id: 'slots.notice',
    section: 'slots',
    key: 'notice',
    flag: '--notice',
    prop: 'notice',
    kind: 'duration',
    defaultText: '18h',
    question: 'Minimum notice (no slot starts sooner than this from now):',
    comment: 'minimum notice: no slot starts before now + notice',
    summary: (t) => `${t} notice`,
    // `7d` and `168h` are the same length but not the same rule (calendar days).
    read: (s) => [s.slots.noticeMs, s.slots.noticeDays ?? null],
  },
  {
    id: 'followup.offer',
    section: 'followup',
    key: 'offer',
    flag: '--offer',
    prop: 'offer',
    kind: 'count',
    defaultText: '3',
    question: 'How many slots a follow-up offers:',
    comment: 'slots a follow-up offers',
    summary: (t) => `a follow-up offers ${t} slot${t === '1' ? '' : 's'}`,
    read: (s) => s.followup.offer,
  },
  {
    id: 'followup.valid_for',
    section: 'followup',
    key: 'valid_for',
    flag: '--valid-for',
    prop: 'validFor',
    kind: 'duration',
    defaultText: '48h',
    question: 'How long an offer holds its slots:',
    comment: "how long an offer's slots are held",
    summary: (t) => `held for ${t}`,
    read: (s) => s.followup.validForMs,
  },
];

/** The settings that differ from etiq's defaults, as written by the user (trimmed). */
export type SlotSettingAnswers = Partial<Record<SlotSettingId, string>>;

/** The settings etiq reads from a config holding only `table` (pure: no file, no zone lookup). */
function settingsOf(table: Record<string, unknown>): Settings {
  return resolveSettings({
    file: { path: 'init', text: '', parseToml: () => table },
    flags: {},
    cwd: '/',
    systemZone: () => 'UTC',
    resolvePath: (_base, p) => p,
    dirname: () => '/',
    home: null,
  });
}

let defaults: Settings | undefined;
function defaultSettings(): Settings {
  defaults ??= settingsOf({});
  return defaults;
}

/** The value as it goes into the file: a number for a count given in digits, else the text. */
function tomlValue(s: SlotSetting, text: string): string | number {
  const t = text.trim();
  return s.kind === 'count' && /^\d{1,9}$/.test(t) ? Number(t) : t;
}

export type SlotSettingCheck = { ok: true; text: string; isDefault: boolean } | { ok: false; reason: string };

/** Checks one answer as the settings reader would read it in the file. */
export function checkSlotSetting(s: SlotSetting, text: string): SlotSettingCheck {
  let read: Settings;
  try {
    read = settingsOf({ [s.section]: { [s.key]: tomlValue(s, text) } });
  } catch (err) {
    if (err instanceof InvalidSettingError) return { ok: false, reason: `expected ${err.expected}` };
    if (!(err instanceof EtiqError)) throw err;
    return { ok: false, reason: err.message };
  }
  const isDefault = JSON.stringify(s.read(read)) === JSON.stringify(s.read(defaultSettings()));
  return { ok: true, text: text.trim(), isDefault };
}

/** The settings the flags gave: those that differ from the defaults, and which flags were given at all. */
export interface SlotSettingsFromFlags {
  changed: SlotSettingAnswers;
  given: ReadonlySet<SlotSettingId>;
}

/** The settings given as flags: a bad value is a usage error (exit 2) naming the flag. */
export function slotSettingFlags(flags: SlotSettingFlags): SlotSettingsFromFlags {
  const changed: SlotSettingAnswers = {};
  const given = new Set<SlotSettingId>();
  for (const s of SLOT_SETTINGS) {
    const value = flags[s.prop];
    if (value === undefined) continue;
    const check = checkSlotSetting(s, value);
    if (!check.ok) throw usageError(`${s.flag} ${JSON.stringify(value)} is not valid: ${check.reason}`, `e.g. ${s.flag} ${s.defaultText} (the default)`);
    given.add(s.id);
    if (!check.isDefault) changed[s.id] = check.text;
  }
  return { changed, given };
}

/** The value in effect for one setting: the answer, else the default. */
export function slotSettingText(answers: SlotSettingAnswers, s: SlotSetting): string {
  return answers[s.id] ?? s.defaultText;
}

/** `30m meetings, 10m buffer, 18h notice; a follow-up offers 3 slots, held for 48h`. */
export function slotSettingsSummary(answers: SlotSettingAnswers): string {
  const phrase = (id: SlotSettingId) => {
    const s = SLOT_SETTINGS.find((x) => x.id === id)!;
    return s.summary(slotSettingText(answers, s));
  };
  return `${phrase('slots.duration')}, ${phrase('slots.buffer')}, ${phrase('slots.notice')}; ${phrase('followup.offer')}, ${phrase('followup.valid_for')}`;
}

/**
 * The file's line for a setting: commented out with the default, or the real key with the
 * default named in its comment. `width` is the column where the comment starts.
 */
export function slotSettingLine(answers: SlotSettingAnswers, id: SlotSettingId, width: number, tomlString: (s: string) => string): string {
  const s = SLOT_SETTINGS.find((x) => x.id === id)!;
  const literal = (text: string) => {
    const v = tomlValue(s, text);
    return typeof v === 'number' ? String(v) : tomlString(v);
  };
  const given = answers[id];
  const defaultLiteral = literal(s.defaultText);
  if (given === undefined) return `${`# ${s.key} = ${defaultLiteral}`.padEnd(width)}# ${s.comment}`;
  return `${`${s.key} = ${literal(given)}`.padEnd(width)}# ${s.comment} (default ${defaultLiteral})`;
}

/** Whether the settings read back from the written file are the ones answered; the first that is not, else null. */
export function slotSettingMismatch(read: Settings, answers: SlotSettingAnswers): SlotSetting | null {
  for (const s of SLOT_SETTINGS) {
    const given = answers[s.id];
    const expected = given === undefined ? s.read(defaultSettings()) : s.read(settingsOf({ [s.section]: { [s.key]: tomlValue(s, given) } }));
    if (JSON.stringify(s.read(read)) !== JSON.stringify(expected)) return s;
  }
  return null;
}

/**
 * The wizard's questions: one "use these?" for all of them (Enter keeps the defaults), and
 * only when declined, one question each with its default shown (Enter keeps it), each
 * answer checked on the spot. Settings given as flags are not asked.
 */
export async function askSlotSettings(io: Io, fromFlags: SlotSettingsFromFlags): Promise<SlotSettingAnswers> {
  const answers: SlotSettingAnswers = { ...fromFlags.changed };
  const open = SLOT_SETTINGS.filter((s) => !fromFlags.given.has(s.id));
  if (open.length === 0) return answers;
  const hint = `give them as flags (${open.map((s) => s.flag).join(', ')}) with --no-input`;
  const question =
    fromFlags.given.size === 0
      ? `Use the usual slot and follow-up settings (${slotSettingsSummary(answers)})?`
      : `Use these slot and follow-up settings (${slotSettingsSummary(answers)})?`;
  if (await confirm(io, question, true, hint)) return answers;
  for (const s of open) {
    const text = await askText(
      io,
      s.question,
      {
        default: s.defaultText,
        validate: (v) => {
          const c = checkSlotSetting(s, v);
          return c.ok ? true : c.reason;
        },
      },
      s.flag,
    );
    const c = checkSlotSetting(s, text);
    if (!c.ok) throw usageError(`${s.flag}: ${c.reason}`); // the prompt checked it already
    if (!c.isDefault) answers[s.id] = c.text;
  }
  return answers;
}
