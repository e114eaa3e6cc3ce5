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
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), note: null };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), note: 'the file is not valid UTF-8; it was read as Windows-1252 (Latin-1)' };
  }
}
