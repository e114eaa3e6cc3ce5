/**
 * Bytes of a calendar file to text. RFC 5545 says UTF-8, and most files are; Outlook
 * sometimes saves UTF-16 (with a byte-order mark), and old exporters write Latin-1 or
 * Windows-1252. Pure: the caller reads the bytes.
 */
export interface DecodedText {
  text: string;
  /** Set when the bytes were not UTF-8 and a fallback was used. */
  note: string | null;
}

export function decodeCalendarBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), note: null };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), note: null };
  }
  // UTF-16 without a byte-order mark: "B\0E\0G\0I\0N\0" or "\0B\0E\0G...".
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) {
    return { text: new TextDecoder('utf-16le').decode(bytes), note: null };
  }
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) {
    return { text: new TextDecoder('utf-16be').decode(bytes), note: null };
  }
  const utf8 = (b: Uint8Array): string | null => {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(b);
    } catch {
      return null;
    }
  };
  const text = utf8(bytes) ?? mendSplitFolds(bytes, utf8);
  if (text !== null) return { text, note: null };
  return { text: new TextDecoder('windows-1252').decode(bytes), note: 'the file is not valid UTF-8; it was read as Windows-1252 (Latin-1)' };
}

const isContinuation = (b: number | undefined): boolean => b !== undefined && b >= 0x80 && b <= 0xbf;

/**
 * RFC 5545 §3.1 folds lines after 75 octets, and writers that count octets split a
 * multi-octet UTF-8 character there (`C3 CRLF SP A9` for "é"): the bytes are valid UTF-8
 * only once unfolded, and reading the file as Windows-1252 instead would garble every
 * non-ASCII character in it. Moves the first bytes of each split character after the fold
 * (`CRLF SP C3 A9`), which unfolds to the same text and keeps the line count, then decodes
 * again. Null when there is no such fold or the bytes are still not UTF-8.
 */
function mendSplitFolds(bytes: Uint8Array, utf8: (b: Uint8Array) => string | null): string | null {
  let out: Uint8Array | null = null; // same length as the input: bytes only move
  let done = 0; // bytes [0, done) are final in `out`
  for (let i = bytes.indexOf(0x0a); i >= 0 && i + 2 < bytes.length; i = bytes.indexOf(0x0a, i + 1)) {
    if ((bytes[i + 1] !== 0x20 && bytes[i + 1] !== 0x09) || !isContinuation(bytes[i + 2])) continue;
    const foldStart = i > 0 && bytes[i - 1] === 0x0d ? i - 1 : i;
    let lead = foldStart;
    while (lead > done && foldStart - lead < 3 && isContinuation(bytes[lead - 1])) lead--;
    if (lead <= done || bytes[lead - 1]! < 0xc0) continue;
    lead--;
    out ??= new Uint8Array(bytes.length);
    out.set(bytes.subarray(done, lead), done);
    const fold = bytes.subarray(foldStart, i + 2); // CRLF or LF, then the space or tab
    out.set(fold, lead);
    out.set(bytes.subarray(lead, foldStart), lead + fold.length);
    done = i + 2;
  }
  if (out === null) return null;
  out.set(bytes.subarray(done), done);
  return utf8(out);
}
