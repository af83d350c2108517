/** Folds Arabic spelling variants so search matches what readers type, not how the newsroom typed it. */

/** Limits applied to a search query; anything beyond them is ignored, not an error. */
export const SEARCH_LIMITS = {
  /** Characters (UTF-16 code units) of the raw query that are looked at. */
  maxQueryLength: 200,
  /** Distinct query tokens that are kept, in query order. */
  maxTokens: 10,
  /** Shorter query tokens (in code points, after normalisation) are dropped: "و" or "a" would match almost anything. */
  minTokenLength: 2,
} as const;

// Presentation forms (old PDFs, legacy encodings) fold to base letters; NFKC only here, so the rest of the text keeps
// its compatibility characters.
const PRESENTATION_FORMS = /[\uFB50-\uFDFF\uFE70-\uFEFE]/gu;
// Tashkeel U+064B–U+0652 and superscript alef U+0670, plus the other Arabic marks that never change which word it is:
// honorific signs U+0610–U+061A, maddah/hamza/other marks U+0653–U+065F, Quranic annotation marks.
const MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]/gu;
// Tatweel, bidi controls, ZWNJ/ZWJ, BOM and soft hyphen are invisible formatting: searching "كـــورونا" or text pasted
// with RLM marks must find the plain word. ZWNJ/ZWJ only change how letters join, never the word, so they go too.
const INVISIBLE = /[\u0640\u00AD\u061C\u200C-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
// A zero-width space separates words, so it becomes a space rather than disappearing.
const ZERO_WIDTH_SPACE = /\u200B/gu;
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  "\u0622": "\u0627", // آ
  "\u0623": "\u0627", // أ
  "\u0625": "\u0627", // إ
  "\u0671": "\u0627", // ٱ
  "\u0672": "\u0627", // ٲ
  "\u0673": "\u0627", // ٳ
  "\u0649": "\u064A", // ى → ي
  "\u06CC": "\u064A", // Persian ی → ي
  "\u06A9": "\u0643", // Keheh ک → ك
  "\u0629": "\u0647", // ة → ه
};
const FOLDABLE = /[\u0622\u0623\u0625\u0671-\u0673\u0649\u06CC\u06A9\u0629]/gu;
const DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

function asciiDigit(digit: string): string {
  const cp = digit.codePointAt(0) ?? 0;
  return String(cp >= 0x06f0 ? cp - 0x06f0 : cp - 0x0660);
}

/**
 * Normalises text for search comparison (never for display): NFC; Arabic presentation forms folded to letters;
 * lowercase; أ إ آ ٱ → ا, ى → ي, ة → ه (also Persian ی → ي, ک → ك); tashkeel and other Arabic marks removed; tatweel,
 * bidi controls, ZWJ/ZWNJ, BOM and soft hyphens removed; Arabic-Indic and Eastern Arabic-Indic digits → ASCII;
 * white space collapsed to single spaces and trimmed. Hamza on و/ي (ؤ ئ) is kept: those are distinct spellings.
 */
export function normalizeArabicForSearch(s: string): string {
  return s
    .normalize("NFC")
    .replace(PRESENTATION_FORMS, (c) => c.normalize("NFKC"))
    .toLowerCase()
    .replace(FOLDABLE, (c) => LETTER_FOLDS[c] ?? c)
    .replace(MARKS, "")
    .replace(INVISIBLE, "")
    .replace(ZERO_WIDTH_SPACE, " ")
    .replace(DIGITS, asciiDigit)
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * Splits text into normalised words: runs of letters, digits and marks. Punctuation and spaces separate words.
 * No stemming: clitics stay attached ("والمدرسة" is one token).
 */
export function searchTokens(s: string): string[] {
  return normalizeArabicForSearch(s).match(WORD) ?? [];
}

/**
 * The tokens a query searches for, within `SEARCH_LIMITS`: the first 200 characters, tokens of at least 2 code points,
 * duplicates removed, at most 10.
 */
export function queryTokens(query: string): string[] {
  const tokens = searchTokens(query.slice(0, SEARCH_LIMITS.maxQueryLength)).filter(
    (token) => [...token].length >= SEARCH_LIMITS.minTokenLength,
  );
  return [...new Set(tokens)].slice(0, SEARCH_LIMITS.maxTokens);
}

/**
 * True when every query token is a prefix of some token in the text fields (so "مدرس" finds "مدرسة").
 * A query with no usable token (empty, or only one-letter words) matches nothing.
 */
export function matchesQuery(textFields: string[], query: string): boolean {
  const wanted = queryTokens(query);
  if (wanted.length === 0) return false;
  const words = new Set(textFields.flatMap(searchTokens));
  return wanted.every((prefix) => {
    for (const word of words) if (word.startsWith(prefix)) return true;
    return false;
  });
}
