// Snapshots and sources are UTF-8 (RFC 8259 for JSON; YAML 1.2 in practice). Decoding other bytes
// with replacement would turn them into U+FFFD in silence, and a rewrite would make that the
// committed text: they are refused, with the offset of the first byte that does not fit.
const STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of UTF-8 bytes; throws `NotUtf8Error` at the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return STRICT.decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    let line = 1;
    for (let at = 0; at < offset; at++) if (bytes[at] === 0x0a) line++;
    throw new NotUtf8Error(offset, bytes[offset] ?? 0, line);
  }
}

export class NotUtf8Error extends Error {
  override readonly name = 'NotUtf8Error';
  readonly offset: number;
  readonly line: number;
  constructor(offset: number, byte: number, line: number) {
    super(`is not UTF-8: the byte 0x${byte.toString(16).padStart(2, '0')} at offset ${offset} (line ${line}) does not fit UTF-8; save the file as UTF-8`);
    this.offset = offset;
    this.line = line;
  }
}

/** Offset of the first byte that starts no valid UTF-8 sequence, or starts one that is cut short. */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let at = 0; at < bytes.length; ) {
    const lead = bytes[at] as number;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return at;
    for (let next = 1; next < length; next++) {
      const byte = bytes[at + next];
      // The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, surrogates or code points past U+10FFFF).
      const low = next === 1 && lead === 0xe0 ? 0xa0 : next === 1 && lead === 0xf0 ? 0x90 : 0x80;
      const high = next === 1 && lead === 0xed ? 0x9f : next === 1 && lead === 0xf4 ? 0x8f : 0xbf;
      if (byte === undefined || byte < low || byte > high) return at;
    }
    at += length;
  }
  return bytes.length;
}
