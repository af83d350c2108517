/** Removes what XML 1.0 forbids, so any stored text can go into any feed. */

// XML 1.0 Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// The `u` flag makes lone surrogates single code points, so they match the class too.
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Drops every character XML 1.0 forbids: C0 controls, lone surrogates, U+FFFE and U+FFFF. */
export function stripXmlForbidden(text: string): string {
  return text.replace(FORBIDDEN, "");
}

/** NFC plus XML-safe: the one normalisation applied to every text field at the door. */
export function cleanText(text: string): string {
  return stripXmlForbidden(text).normalize("NFC");
}
