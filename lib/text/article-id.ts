/** Derives a stable, URL-safe article id from the article's canonical url. */

import { cleanText } from "./xml-chars.ts";

// Click trackers added by newsletters, ads and social sites; they never change which article a url points to.
const TRACKING_PARAMS = new Set([
  "fbclid",
  "gclid",
  "dclid",
  "gbraid",
  "wbraid",
  "msclkid",
  "yclid",
  "igshid",
  "mc_cid",
  "mc_eid",
  "_hsenc",
  "_hsmi",
]);
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const ARTICLE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function isTracking(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith("utm_") || TRACKING_PARAMS.has(lower);
}

/**
 * The form of an article url used for identity: NFC, scheme and host lowercased, default port, credentials and
 * fragment dropped, tracking parameters (utm_*, fbclid, gclid, …) removed, the remaining query parameters sorted by
 * name (stable), percent-escapes uppercased. The path is otherwise kept as-is (no trailing-slash folding).
 * Throws a TypeError for anything that is not an absolute http(s) url: callers validate input first.
 */
export function canonicalizeUrl(url: string): string {
  const parsed = new URL(cleanText(url.trim()));
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new TypeError(`text: article url must be http(s), got ${parsed.protocol}`);
  }
  parsed.username = "";
  parsed.password = "";
  parsed.hash = "";
  for (const name of [...parsed.searchParams.keys()]) {
    if (isTracking(name)) parsed.searchParams.delete(name);
  }
  if (parsed.search) parsed.searchParams.sort();
  parsed.pathname = parsed.pathname.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
  return parsed.href;
}

function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * "u" + the first 20 bytes of SHA-256(canonicalizeUrl(url)) in lowercase RFC 4648 base32 without padding:
 * 33 characters, the same for every spelling of the same canonical url. Throws like `canonicalizeUrl`.
 */
export async function articleIdFromUrl(url: string): Promise<string> {
  const data = new TextEncoder().encode(canonicalizeUrl(url));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return "u" + base32(digest.subarray(0, 20));
}

/** True for ids the store accepts: 1–128 characters of [A-Za-z0-9._-], starting with a letter or digit. */
export function isValidArticleId(id: string): boolean {
  return ARTICLE_ID.test(id);
}
