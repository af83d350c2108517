/**
 * Safe HTML building with Hono's `html` tagged template, which escapes every interpolated string unless it is
 * already markup (an `html` result or `raw`). Two things Hono does not do stay here: interpolated text first loses the
 * characters XML forbids (NUL, lone surrogates, U+FFFF; cleanText), and safeUrl keeps script URLs out of href/src.
 */
import { html as honoHtml, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { cleanText } from "../text/xml-chars.ts";

/** A string of HTML that is already safe to emit as-is (escaped by `html` or trusted via `raw`). */
export type SafeHtml = HtmlEscapedString;

/** What may be interpolated into `html`: nullish and `false` render nothing, arrays are concatenated. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

/** Marks already-sanitised HTML (e.g. an article's contentHtml, cleaned at write time) as trusted. */
export { raw };

function cleaned(value: HtmlValue): HtmlValue {
  if (typeof value === "string") return cleanText(value);
  return Array.isArray(value) ? value.map(cleaned) : value;
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`; nest `html`/`raw` results to keep them as markup. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  const out = honoHtml(strings, ...values.map(cleaned));
  // Hono returns a promise only when given one, and HtmlValue holds none.
  if (out instanceof Promise) throw new TypeError("html: asynchronous values are not supported");
  return out;
}

/** Escapes text for element content or a quoted attribute, after dropping XML-forbidden characters. */
export function escapeHtml(text: string): string {
  return html`${text}`.toString();
}

/**
 * Keeps a URL only if it is http(s) or site-relative; anything else (javascript:, data:, garbage) becomes "#".
 * Escaping stops markup injection; this stops script URLs in href/src from data we did not write ourselves.
 */
export function safeUrl(url: string): string {
  if (url.startsWith("/") && !url.startsWith("//")) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? url : "#";
  } catch {
    return "#";
  }
}
