/** Counts UTF-8 bytes without encoding, for byte budgets (push payloads, titles). */

/**
 * The number of bytes `TextEncoder` would produce for `s`.
 * Lone surrogates count as 3 bytes, because the encoder replaces them with U+FFFD.
 */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (const char of s) {
    const cp = char.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}
