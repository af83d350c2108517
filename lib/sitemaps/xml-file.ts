/** Assembles a sitemap file from pre-serialised entries, stopping before the sitemaps.org count or size limit. */
import { serializeXml, xmlProlog, type XmlElement } from "../feeds/xml.ts";
import { httpUrl } from "../feeds/urls.ts";
import { MAX_BYTES_PER_FILE, MAX_LOC_LENGTH, MAX_URLS_PER_FILE, MIN_LOC_LENGTH } from "./limits.ts";

export const SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";
export const NEWS_NAMESPACE = "http://www.google.com/schemas/sitemap-news/0.9";

const encoder = new TextEncoder();

/** `<root attrs>` + as many children as the limits allow + `</root>`, indented as the feeds are. */
export function sitemapFile(root: string, attrs: Record<string, string>, children: Iterable<XmlElement>, limits = { urls: MAX_URLS_PER_FILE, bytes: MAX_BYTES_PER_FILE }): string {
  const open = serializeXml({ name: root, attrs, children: [] }).replace(/\n<\/[^>]+>$/, "");
  const close = `</${root}>\n`;
  let bytes = encoder.encode(xmlProlog(undefined) + open + close).byteLength + 1;
  let count = 0;
  const parts = [xmlProlog(undefined), open, "\n"];
  for (const child of children) {
    if (count >= limits.urls) break;
    const text = `${serializeXml(child, 1)}\n`;
    const size = encoder.encode(text).byteLength;
    if (bytes + size > limits.bytes) break;
    parts.push(text);
    bytes += size;
    count++;
  }
  parts.push(close);
  return parts.join("");
}

/**
 * The `loc` form of a url: absolute http(s), normalised, a strict RFC 3986 URI (the schema's anyURI), within the
 * schema's length; undefined otherwise.
 */
export function sitemapLoc(url: string): string | undefined {
  const normalised = httpUrl(url);
  if (normalised === undefined) return undefined;
  const loc = strictUri(normalised);
  return loc.length >= MIN_LOC_LENGTH && loc.length <= MAX_LOC_LENGTH ? loc : undefined;
}

/** Characters RFC 3986 allows after the authority (unreserved, reserved but the brackets, and "%"). */
const NOT_URI = /[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/g;

/**
 * The WHATWG serialisation leaves a few characters RFC 3986 forbids ("|", "^", "{", a stray "%"…) where a browser would
 * send them as typed; a validating crawler refuses them. Percent-encode those after the origin, as the browser's
 * request would carry them, and a "%" that starts no escape as "%25".
 */
function strictUri(href: string): string {
  const { origin } = new URL(href);
  const rest = href.slice(origin.length).replace(/%(?![0-9A-Fa-f]{2})/g, "%25");
  return origin + rest.replace(NOT_URI, (c) => encodeURIComponent(c));
}
