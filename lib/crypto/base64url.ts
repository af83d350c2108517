/** base64url (RFC 4648 §5) over bytes, with Web-standard globals only: written unpadded, read padded or not. */

export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = "";
  // In chunks: String.fromCharCode(...huge) would overflow the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** 6-bit value of each url-safe base64 character by char code; -1 for anything else. */
const SEXTETS = new Int8Array(128).fill(-1);
for (const [i, c] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"].entries()) SEXTETS[c.charCodeAt(0)] = i;
const sextet = (text: string, i: number): number => {
  const c = text.charCodeAt(i);
  return c < 128 ? (SEXTETS[c] as number) : -1;
};

/**
 * Decodes unpadded (or correctly padded) base64url; undefined for any character outside the url-safe alphabet or an
 * impossible length, so callers can say which field was bad. A table walk rather than atob: the push sender decodes
 * two subscriber keys per message.
 */
export function base64urlToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  let length = text.length;
  if (length > 0 && text.charCodeAt(length - 1) === 0x3d) length -= length > 1 && text.charCodeAt(length - 2) === 0x3d ? 2 : 1;
  if (length !== text.length && text.length % 4 !== 0) return undefined;
  if (length % 4 === 1) return undefined;
  const out = new Uint8Array((length * 3) >> 2);
  let o = 0;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    const n = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3);
    // Any -1 sets the sign bit.
    if (n < 0) return undefined;
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (i < length) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = length - i === 3 ? sextet(text, i + 2) : 0;
    if ((a | b | c) < 0) return undefined;
    out[o++] = ((a << 2) | (b >> 4)) & 0xff;
    if (length - i === 3) out[o++] = ((b << 4) | (c >> 2)) & 0xff;
  }
  return out;
}

export const textToBase64url = (text: string) => bytesToBase64url(new TextEncoder().encode(text));

export function base64urlToText(text: string): string | undefined {
  const bytes = base64urlToBytes(text);
  if (!bytes) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
