/** base64url (RFC 4648 §5) over bytes, with Web-standard globals only: written unpadded, read padded or not. */

const ALPHABET = /^[A-Za-z0-9_-]*$/;

export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = "";
  // In chunks: String.fromCharCode(...huge) would overflow the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Decodes unpadded (or correctly padded) base64url; undefined for any character outside the url-safe alphabet or an
 * impossible length, so callers can say which field was bad.
 */
export function base64urlToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  const unpadded = text.replace(/={1,2}$/, "");
  if (!ALPHABET.test(unpadded) || unpadded.length % 4 === 1) return undefined;
  if (unpadded.length !== text.length && text.length % 4 !== 0) return undefined;
  const binary = atob(unpadded.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
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
