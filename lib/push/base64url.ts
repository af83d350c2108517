/** Base64url (RFC 4648 §5, unpadded) encoding with Web-standard globals only. */

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/** Encodes bytes as unpadded base64url. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Encodes a string's UTF-8 bytes as unpadded base64url. */
export function stringToBase64Url(text: string): string {
  return toBase64Url(new TextEncoder().encode(text));
}

/**
 * Decodes unpadded (or correctly padded) base64url; returns undefined on any character outside
 * the url-safe alphabet or an impossible length, so callers can report which field was bad.
 */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  const unpadded = text.replace(/={1,2}$/, "");
  if (!ALPHABET.test(unpadded) || unpadded.length % 4 === 1) return undefined;
  if (unpadded.length !== text.length && text.length % 4 !== 0) return undefined;
  const binary = atob(unpadded.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
