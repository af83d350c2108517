/** Language tags and writing direction for feed text and HTML content. */

// The shape RFC 4287's schema accepts for xml:lang (a practical subset of BCP 47).
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

// Languages written right to left by default, and scripts that are right to left whatever the language.
const RTL_LANGUAGES = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ps", "sd", "syr", "ug", "ur", "yi"]);
const RTL_SCRIPTS = new Set(["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "mand", "samr"]);
const LTR_SCRIPTS = new Set(["latn", "cyrl", "grek"]);

/** `tag` trimmed when it is a well-formed language tag, else `fallback`. */
export function languageTag(tag: string | undefined, fallback: string): string {
  const trimmed = tag?.trim() ?? "";
  return LANGUAGE_TAG.test(trimmed) ? trimmed : fallback;
}

/** `"rtl"` for Arabic, Persian, Urdu, Hebrew and the like (or an explicit RTL script subtag), else `"ltr"`. */
export function textDirection(tag: string): "rtl" | "ltr" {
  const [language = "", ...subtags] = tag.toLowerCase().split("-");
  const script = subtags.find((s) => s.length === 4);
  if (script !== undefined && RTL_SCRIPTS.has(script)) return "rtl";
  if (script !== undefined && LTR_SCRIPTS.has(script)) return "ltr";
  return RTL_LANGUAGES.has(language) ? "rtl" : "ltr";
}

/** Wraps an HTML fragment so readers lay it out in the article's direction: `<div dir="rtl" lang="ar">…</div>`. */
export function directedHtml(html: string, tag: string): string {
  // `tag` passed languageTag, so it holds only letters, digits and "-": safe inside the attribute.
  return `<div dir="${textDirection(tag)}" lang="${tag}">${html}</div>`;
}
