/** Per-attribute rules of the article sanitiser: which attributes each tag keeps and what values are valid. */

import { cleanText } from "../text/xml-chars.ts";

/** What an attribute rule needs to know besides the value. */
export interface AttributeContext {
  /** Absolute http(s) base for relative urls; without it, relative urls are dropped. */
  readonly base: URL | undefined;
}

/** Returns the value to keep, or undefined to drop the attribute. */
type AttributeRule = (value: string, context: AttributeContext) => string | undefined;

/** Attributes every allowed element may carry: Arabic must stay right-to-left. */
export const GLOBAL_ATTRIBUTES = ["dir", "lang"] as const;

/** Attributes allowed per tag, beyond the global ones. */
export const TAG_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ["href", "title", "rel", "hreflang"],
  img: ["src", "alt", "title", "width", "height", "loading"],
  time: ["datetime"],
  blockquote: ["cite"],
  th: ["colspan", "rowspan", "scope"],
  td: ["colspan", "rowspan"],
};

const LINK_SCHEMES = new Set(["http:", "https:", "mailto:"]);
const WEB_SCHEMES = new Set(["http:", "https:"]);
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;
const REL_TOKEN = /^[a-z][a-z0-9-]*$/;

/**
 * Resolves `raw` against `base` the way a browser would (which also removes tabs and newlines inside schemes such as
 * "java\nscript:") and keeps it only if its scheme is allowed. Relative urls without a base are dropped.
 */
function resolveUrl(raw: string, base: URL | undefined, schemes: ReadonlySet<string>): string | undefined {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return undefined;
  }
  return schemes.has(url.protocol) ? url.href : undefined;
}

function oneOf(...allowed: string[]): AttributeRule {
  return (value) => {
    const lower = value.trim().toLowerCase();
    return allowed.includes(lower) ? lower : undefined;
  };
}

function matching(pattern: RegExp): AttributeRule {
  return (value) => {
    const trimmed = value.trim();
    return pattern.test(trimmed) ? trimmed : undefined;
  };
}

function relTokens(value: string): string | undefined {
  const tokens = value.toLowerCase().split(/\s+/u).filter((token) => REL_TOKEN.test(token));
  const unique = [...new Set(tokens)];
  return unique.length > 0 ? unique.join(" ") : undefined;
}

const RULES: Readonly<Record<string, AttributeRule>> = {
  dir: oneOf("ltr", "rtl", "auto"),
  lang: matching(LANGUAGE_TAG),
  hreflang: matching(LANGUAGE_TAG),
  href: (value, { base }) => resolveUrl(value, base, LINK_SCHEMES),
  src: (value, { base }) => resolveUrl(value, base, WEB_SCHEMES),
  cite: (value, { base }) => resolveUrl(value, base, WEB_SCHEMES),
  title: cleanText,
  alt: cleanText,
  datetime: (value) => cleanText(value).trim() || undefined,
  rel: relTokens,
  width: matching(/^\d{1,5}$/),
  height: matching(/^\d{1,5}$/),
  loading: oneOf("lazy", "eager"),
  colspan: matching(/^[1-9]\d{0,3}$/),
  rowspan: matching(/^\d{1,4}$/),
  scope: oneOf("row", "col", "rowgroup", "colgroup"),
};

/** Links open without handing the article's window to the target (window.opener). */
function withNoopener(rel: string | undefined): string {
  return rel?.split(" ").includes("noopener") ? rel : rel ? `${rel} noopener` : "noopener";
}

/** Keeps only the allowed attributes of `tag`, each with a valid value. */
export function filterAttributes(
  tag: string,
  attributes: Readonly<Record<string, string>>,
  context: AttributeContext,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of [...GLOBAL_ATTRIBUTES, ...(TAG_ATTRIBUTES[tag] ?? [])]) {
    const raw = attributes[name];
    const rule = RULES[name];
    if (raw === undefined || rule === undefined) continue;
    const value = rule(raw, context);
    if (value !== undefined) kept[name] = value;
  }
  if (tag === "a" && kept.href !== undefined) kept.rel = withNoopener(kept.rel);
  return kept;
}
