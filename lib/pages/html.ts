/** Safe HTML building: a tagged template that escapes every interpolated value unless marked trusted. */
import { cleanText } from "../text/xml-chars.ts";

/** A string of HTML that is already safe to emit as-is (escaped by `html` or trusted via `raw`). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated into `html`: nullish and `false` render nothing, arrays are concatenated. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for element content or a quoted attribute, after dropping XML-forbidden characters. */
export function escapeHtml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Marks already-sanitised HTML (e.g. an article's contentHtml, cleaned at write time) as trusted. */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`; nest `html`/`raw` results to keep them as markup. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
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
