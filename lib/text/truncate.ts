/** Shortens text at grapheme cluster boundaries, so no mark, emoji or flag is ever split. */

import { segmentGraphemes } from "./graphemes.ts";
import { utf8ByteLength } from "./utf8.ts";

function splitGraphemes(s: string): string[] {
  return Array.from(segmentGraphemes(s), (part) => part.segment);
}

// A cut that ends in a space would show "word …"; drop trailing white space graphemes instead.
function trimEndGraphemes(parts: string[], end: number): number {
  while (end > 0 && /^\s+$/u.test(parts[end - 1] ?? "")) end--;
  return end;
}

/**
 * Returns `s` unchanged if it fits in `maxBytesUtf8` UTF-8 bytes; otherwise the longest prefix that ends at a
 * grapheme cluster boundary (trailing white space dropped) followed by `ellipsis`, within `maxBytesUtf8` bytes in
 * total. If not even the ellipsis fits, the prefix is returned without it. A negative or NaN budget counts as 0.
 */
export function truncateGraphemes(s: string, maxBytesUtf8: number, ellipsis = "…"): string {
  const budget = Number.isNaN(maxBytesUtf8) ? 0 : Math.max(0, Math.floor(maxBytesUtf8));
  if (utf8ByteLength(s) <= budget) return s;
  const ellipsisBytes = utf8ByteLength(ellipsis);
  const suffix = ellipsisBytes <= budget ? ellipsis : "";
  const room = budget - (suffix ? ellipsisBytes : 0);
  const parts = splitGraphemes(s);
  let used = 0;
  let end = 0;
  for (const part of parts) {
    const size = utf8ByteLength(part);
    if (used + size > room) break;
    used += size;
    end++;
  }
  return parts.slice(0, trimEndGraphemes(parts, end)).join("") + suffix;
}

/**
 * Returns `s` unchanged if it has at most `maxGraphemes` grapheme clusters; otherwise a prefix cut at a grapheme
 * boundary (trailing white space dropped) plus `ellipsis`, with at most `maxGraphemes` clusters in total.
 * If the ellipsis alone is longer than the budget, the prefix is returned without it.
 */
export function truncateChars(s: string, maxGraphemes: number, ellipsis = "…"): string {
  const budget = Number.isNaN(maxGraphemes) ? 0 : Math.max(0, Math.floor(maxGraphemes));
  const parts = splitGraphemes(s);
  if (parts.length <= budget) return s;
  const ellipsisLength = splitGraphemes(ellipsis).length;
  const suffix = ellipsisLength <= budget ? ellipsis : "";
  const room = budget - (suffix ? ellipsisLength : 0);
  return parts.slice(0, trimEndGraphemes(parts, room)).join("") + suffix;
}
