/** Cleans article HTML at write time: an allowlist of news markup that keeps Arabic right-to-left. */

import sanitizeHtml from "sanitize-html";
import { cleanText, stripXmlForbidden } from "../text/xml-chars.ts";
import { GLOBAL_ATTRIBUTES, TAG_ATTRIBUTES, filterAttributes } from "./attributes.ts";

const ALLOWED_TAGS = [
  "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
  "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark", "q", "cite", "abbr", "time",
  "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption", "pre", "code",
  "table", "thead", "tbody", "tfoot", "tr", "th", "td",
  "a", "img", "span", "div", "bdi", "bdo",
];

// Elements whose content is code, media fallback or UI, never article text: they go with everything inside.
const DROPPED_WITH_CONTENT = [
  "script", "style", "iframe", "object", "embed", "form", "noscript", "template", "textarea", "select", "option",
  "button", "title", "head", "svg", "math", "xmp", "noembed", "noframes", "video", "audio", "canvas",
];

function sanitizeOptions(base: URL | undefined): sanitizeHtml.IOptions {
  const allowedAttributes: Record<string, string[]> = { "*": [...GLOBAL_ATTRIBUTES] };
  for (const [tag, names] of Object.entries(TAG_ATTRIBUTES)) allowedAttributes[tag] = [...names];
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes,
    // filterAttributes already resolved and checked every url; these are a second line of defence.
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"], blockquote: ["http", "https"] },
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    nonTextTags: DROPPED_WITH_CONTENT,
    transformTags: {
      "*": (tagName, attribs) => ({ tagName, attribs: filterAttributes(tagName, attribs, { base }) }),
    },
    // An image whose src was dropped shows nothing but a broken-image box.
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
  };
}

function parseBase(baseUrl: string | undefined): URL | undefined {
  if (baseUrl === undefined) return undefined;
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  return url && (url.protocol === "http:" || url.protocol === "https:") ? url : undefined;
}

// NFC per text run rather than over the whole string: ">" followed by U+0338 would compose to "≯" and eat the
// tag's closing bracket. A run that starts with U+0338 gets it as a character reference instead.
function normalizeTextRuns(html: string): string {
  return html.replace(/(^|>)([^<]+)/g, (_, bracket: string, text: string) => {
    const clean = cleanText(text);
    return bracket + (clean.startsWith("\u0338") ? "&#x338;" + clean.slice(1) : clean);
  });
}

/**
 * Sanitises article HTML for storage and syndication. Keeps an allowlist of news markup (paragraphs, h2–h6, lists,
 * quotes, tables, figures, links, images, bdi/bdo) with `dir` (ltr|rtl|auto) and `lang` on every element. Links keep
 * http, https and mailto urls and get rel="noopener"; images and citations keep http and https only. Relative urls are
 * resolved against `baseUrl` (the article's canonical url); without a usable base they are dropped, as is an image
 * left without src. Scripts, styles, iframes, objects, embeds, forms and the like are removed with their content.
 * The output has no XML-forbidden characters, its text is NFC, and sanitising it again changes nothing.
 * A `baseUrl` that is not an absolute http(s) url is ignored.
 */
export function sanitizeArticleHtml(html: string, baseUrl?: string): string {
  const clean = sanitizeHtml(stripXmlForbidden(html), sanitizeOptions(parseBase(baseUrl)));
  return normalizeTextRuns(clean);
}
