/** Public API of the text helpers: XML-safe cleaning, Arabic search folding, truncation, visible-text checks and article ids. */

export { cleanText, stripXmlForbidden } from "./xml-chars.ts";
export { SEARCH_LIMITS, matchesQuery, normalizeArabicForSearch, queryTokens, searchTokens } from "./arabic-search.ts";
export { truncateChars, truncateGraphemes } from "./truncate.ts";
export { utf8ByteLength } from "./utf8.ts";
export { hasVisibleText } from "./visible.ts";
export { articleIdFromUrl, canonicalizeUrl, isValidArticleId } from "./article-id.ts";
