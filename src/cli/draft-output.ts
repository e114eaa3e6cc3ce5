/**
 * Where a follow-up draft goes besides the terminal (issue 10): `--eml FILE` (an RFC 5322
 * message to open in a mail program), `--mailto` (a `mailto:` URL), and `--holds FILE.ics`
 * (the held slots as tentative events to import). Shared by `noshow`, `log`, `offers`
 * (`--holds` only) and `reply`.
 *
 * A command uses it in three steps:
 *
 * 1. `addDraftOutputOptions(cmd)` (or `addHoldsOption(cmd)`, in options.ts) when wiring commander;
 * 2. `checkDraftOutputs(ctx, flags)` before anything is recorded: the paths (a regular
 *    file or a new one, in a folder that exists and can be written) and, for `--eml`, the
 *    sender address `[me] email`. Bad values are errors (exit 2) and nothing is written;
 * 3. `emitDraftOutputs(ctx, drafts, flags, extras)` after the drafts are made: it builds
 *    every file in memory first (a recipient address that is not valid stops it there,
 *    exit 2, with nothing written), then writes each file atomically (a temporary file
 *    in the same folder, then a rename). It prints nothing: the command shows the result
 *    with `draftOutputJson` / `holdsJson` (JSON) or `mailtoLine` and `writtenLines`
 *    (human), so that `--json` prints the JSON and nothing else.
 *
 * Several drafts with `--eml FILE` (a meeting with several clients): one file per client,
 * named by inserting the client's address before the extension (`followup.eml` ->
 * `followup-tom@northwind.example.eml`); with one draft, FILE itself.
 *
 * nodemailer and ical.js are imported only when `--eml` or `--holds` is given.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inputError, runtimeError, usageError } from '../core/errors.js';
import { multiLine, singleLine } from '../core/draft/template.js';
import { visible } from '../core/visible.js';
import type { EmlAddress } from '../adapters/mime.js';
import type { HeldOffer } from '../adapters/ics-write.js';
import { describeFileType } from '../adapters/sources.js';
import type { FollowUpDraft } from '../core/draft/draft.js';
import type { Context } from './context.js';
import { isEmailAddress } from './flag-values.js';

export interface DraftOutputFlags {
  eml?: string;
  mailto?: boolean;
  holds?: string;
}

/** The first of `--eml`, `--mailto`, `--holds` given, or null: for "X is for the follow-up draft". */
export function draftOutputFlagGiven(flags: DraftOutputFlags): '--eml' | '--mailto' | '--holds' | null {
  if (flags.eml !== undefined) return '--eml';
  if (flags.mailto === true) return '--mailto';
  if (flags.holds !== undefined) return '--holds';
  return null;
}

/** What the flags ask for, checked: absolute paths, and the sender for `--eml`. */
export interface DraftOutputRequest {
  eml: string | null;
  mailto: boolean;
  holds: string | null;
  /** `[me]`: the From of the .eml (null without --eml). */
  from: EmlAddress | null;
}

/**
 * Checks the flags before anything is recorded or written. A FIFO, a device or a folder
 * named as the file, a folder that does not exist, both flags naming one file, or an
 * `[me] email` that is missing or not an address: exit 2. A folder that cannot be
 * written to: exit 1 (as for the database).
 */
export function checkDraftOutputs(ctx: Context, flags: DraftOutputFlags): DraftOutputRequest {
  const eml = flags.eml !== undefined ? checkTarget(ctx, '--eml', flags.eml) : null;
  const holds = flags.holds !== undefined ? checkTarget(ctx, '--holds', flags.holds) : null;
  if (eml !== null && eml === holds) throw usageError(`--eml and --holds name the same file (${visible(eml)}): give each its own`);
  let from: EmlAddress | null = null;
  if (eml !== null) {
    const me = ctx.settings.me;
    if (me.email === null) throw usageError('--eml needs your address for the From header: set `email` under [me] in the config');
    if (!isEmailAddress(me.email)) throw inputError(`[me] email ${JSON.stringify(visible(me.email))} is not an email address; the --eml draft needs it for the From header`);
    from = { email: me.email, name: me.name };
  }
  return { eml, mailto: flags.mailto === true, holds, from };
}

/** What goes into a draft's .eml besides the draft itself. */
export interface DraftOutputExtras {
  /**
   * The offers whose held slots `--holds` writes: for noshow and log the offers just made,
   * for `etiq offers` all open ones. A draft's .eml carries, with `--holds`, the slots of
   * its own offer (`draft.offerId`).
   */
  offers?: readonly HeldOffer[];
  /**
   * The invitation for one confirmed meeting (METHOD:REQUEST, see `invitationCalendar` in
   * adapters/ics-write.ts) by recipient address: that draft's .eml carries it (`reply`'s
   * confirm).
   */
  invitations?: ReadonlyMap<string, string>;
}

export interface DraftOutput {
  draft: FollowUpDraft;
  /** The .eml written for this draft (absolute path), or null. */
  eml: string | null;
  /** The mailto: URL, or null without --mailto. */
  mailto: string | null;
}

export interface DraftOutputs {
  drafts: DraftOutput[];
  /** The .ics written with --holds, and how many held slots it has. */
  holds: { path: string; slots: number } | null;
}

/**
 * Builds, then writes, what the flags ask for. Prints nothing (see the file comment).
 * Without any of the flags it returns at once and loads nothing.
 */
export async function emitDraftOutputs(ctx: Context, drafts: readonly FollowUpDraft[], flags: DraftOutputFlags, extras: DraftOutputExtras = {}): Promise<DraftOutputs> {
  const req = checkDraftOutputs(ctx, flags);
  if (req.eml === null && req.holds === null && !req.mailto) return { drafts: drafts.map((draft) => ({ draft, eml: null, mailto: null })), holds: null };

  // Nothing is written until everything is built: a bad address stops it with no file.
  if (req.eml !== null || req.mailto) {
    const bad = drafts.find((d) => !isEmailAddress(d.to.email));
    if (bad) throw inputError(`the recipient address ${JSON.stringify(visible(bad.to.email))} is not an email address; no message was written`);
  }
  const offers = extras.offers ?? [];
  const files: { path: string; data: Buffer | string }[] = [];
  let holds: DraftOutputs['holds'] = null;
  const ics = req.holds !== null || req.eml !== null ? await import('../adapters/ics-write.js') : null;
  if (req.holds !== null) {
    files.push({ path: req.holds, data: ics!.holdsCalendar(offers, { now: ctx.now, zone: ctx.settings.timezone }) });
    holds = { path: req.holds, slots: ics!.heldSlotCount(offers) };
  }
  const emlPaths = req.eml !== null ? emlPathsFor(req.eml, drafts) : [];
  const mime = req.eml !== null ? await import('../adapters/mime.js') : null;
  const out: DraftOutput[] = [];
  for (const [i, draft] of drafts.entries()) {
    let eml: string | null = null;
    if (req.eml !== null) {
      eml = emlPaths[i]!;
      if (eml !== req.eml) checkTarget(ctx, '--eml', eml);
      if (eml === req.holds) throw usageError(`--eml and --holds name the same file (${visible(eml)}): give each its own`);
      const own = req.holds !== null && draft.offerId !== null ? offers.filter((o) => o.id === draft.offerId) : [];
      const ids = messageIds(ctx.now, req.from!, draft);
      const data = await mime!.buildEml({
        from: req.from!,
        to: draft.to,
        subject: draft.subject,
        text: draft.body,
        date: new Date(ctx.now),
        messageId: ids.messageId,
        baseBoundary: ids.baseBoundary,
        holds: own.length > 0 ? ics!.holdsCalendar(own, { now: ctx.now, zone: ctx.settings.timezone }) : null,
        invitation: extras.invitations?.get(draft.to.email) ?? null,
      });
      files.push({ path: eml, data });
    }
    out.push({ draft, eml, mailto: req.mailto ? mailtoUrl(draft.to.email, draft.subject, draft.body) : null });
  }
  for (const f of files) writeFileAtomically(f.path, f.data);
  return { drafts: out, holds };
}

/** The fields a draft's JSON object gains: `"eml"` and `"mailto"`, each only when asked. */
export function draftOutputJson(outputs: DraftOutputs | null, draft: FollowUpDraft | null): { eml?: string; mailto?: string } {
  const o = draft ? outputs?.drafts.find((x) => x.draft === draft) : undefined;
  return { ...(o?.eml ? { eml: o.eml } : {}), ...(o?.mailto ? { mailto: o.mailto } : {}) };
}

/** The field a command's JSON gains with `--holds`: `"holds": "<path>"`. */
export function holdsJson(outputs: DraftOutputs | null): { holds?: string } {
  return outputs?.holds ? { holds: outputs.holds.path } : {};
}

/** The mailto: URL to print after a draft (human output), or null. */
export function mailtoLine(outputs: DraftOutputs | null, draft: FollowUpDraft): string | null {
  return outputs?.drafts.find((x) => x.draft === draft)?.mailto ?? null;
}

/** One line per file written, for human output. */
export function writtenLines(outputs: DraftOutputs | null): string[] {
  if (!outputs) return [];
  const emls = outputs.drafts.filter((d) => d.eml !== null);
  const lines = emls.map((d) => (emls.length === 1 ? `Wrote draft to ${d.eml}` : `Wrote draft for ${d.draft.to.email} to ${d.eml}`));
  if (outputs.holds) {
    const n = outputs.holds.slots;
    const what = n === 0 ? 'no slot is held' : 'import it to show the holds in your calendar';
    lines.push(`Wrote ${n} held slot${n === 1 ? '' : 's'} to ${outputs.holds.path} (${what})`);
  }
  return lines;
}

/**
 * `mailto:ADDRESS?subject=...&body=...` (RFC 6068): each part percent-encoded as UTF-8,
 * line breaks in the body as `%0D%0A`. The subject is one line.
 */
export function mailtoUrl(to: string, subject: string, body: string): string {
  const at = to.lastIndexOf('@');
  const address = `${encodeURIComponent(to.slice(0, at))}@${encodeURIComponent(to.slice(at + 1))}`;
  const text = multiLine(body).replace(/\n/g, '\r\n');
  return `mailto:${address}?subject=${encodeURIComponent(singleLine(subject))}&body=${encodeURIComponent(text)}`;
}

/**
 * The .eml file of each draft: FILE for one draft; for several, the address inserted
 * before the extension (characters other than letters, digits and `.@+_-` become `_`,
 * so an address never names a folder), numbered if two would still be the same.
 */
export function emlPathsFor(file: string, drafts: readonly { to: { email: string } }[]): string[] {
  if (drafts.length <= 1) return drafts.map(() => file);
  const ext = path.extname(file);
  const stem = file.slice(0, file.length - ext.length);
  const seen = new Set<string>();
  return drafts.map((d) => {
    const safe = d.to.email.replace(/[^A-Za-z0-9.@+_-]/g, '_').slice(0, 120);
    let candidate = `${stem}-${safe}${ext}`;
    for (let n = 2; seen.has(candidate); n++) candidate = `${stem}-${safe}-${n}${ext}`;
    seen.add(candidate);
    return candidate;
  });
}

/** Message-ID and boundary from the clock and the draft: the same input, the same bytes. */
function messageIds(now: number, from: EmlAddress, draft: FollowUpDraft): { messageId: string; baseBoundary: string } {
  const hash = createHash('sha256').update(JSON.stringify([now, from.email, draft.to.email, draft.subject, draft.offerId])).digest('hex');
  // Only the characters of a host name: the Message-ID is a structured header.
  const domain = from.email.slice(from.email.lastIndexOf('@') + 1).replace(/[^A-Za-z0-9.-]/g, '') || 'etiq.invalid';
  return { messageId: `<etiq.${hash.slice(0, 24)}@${domain}>`, baseBoundary: `etiq-${hash.slice(24, 40)}` };
}

/**
 * The absolute path of a file to write, checked: it is a regular file or does not exist
 * yet (a FIFO or a device would hang or swallow the write, a folder cannot be replaced),
 * and its folder exists and can be written to.
 */
function checkTarget(ctx: Context, flag: string, given: string): string {
  if (given.trim() === '') throw usageError(`${flag} is empty: give the file to write`);
  const file = path.resolve(ctx.io.cwd, given);
  let st: fs.Stats | null = null;
  try {
    st = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      if (code === 'ENOTDIR') throw usageError(`${flag} ${visible(file)}: a part of the path is not a folder`);
      throw runtimeError(`${flag} ${visible(file)}: ${(err as Error).message}`, err);
    }
  }
  if (st && !st.isFile()) throw usageError(`${flag} ${visible(file)} is ${describeFileType(st)}; etiq writes only to a regular file or a new one`);
  const dir = path.dirname(file);
  let dirSt: fs.Stats;
  try {
    dirSt = fs.statSync(dir);
  } catch {
    throw usageError(`${flag} ${visible(file)}: the folder ${visible(dir)} does not exist`);
  }
  if (!dirSt.isDirectory()) throw usageError(`${flag} ${visible(file)}: ${visible(dir)} is not a folder`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw runtimeError(`${flag} ${visible(file)} cannot be written: the folder ${visible(dir)} is not writable`);
  }
  return file;
}

/**
 * Writes the whole file or nothing: a new temporary file beside it (O_EXCL, never through
 * a link), flushed, then renamed over the target. A reader never sees half a file, and a
 * failure leaves the old file as it was. The target is checked again just before; a file
 * that is replaced keeps its permissions. (A symbolic link named as the target is
 * replaced by the file, as editors that save atomically do.)
 */
function writeFileAtomically(file: string, data: Buffer | string): void {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (st && !st.isFile()) throw usageError(`${visible(file)} is ${describeFileType(st)}; etiq writes only to a regular file or a new one`);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o666);
    if (st) fs.fchmodSync(fd, st.mode & 0o777);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (err as Error).message;
    throw runtimeError(`cannot write ${visible(file)}: ${why}`, err);
  }
}
