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

/** The `loc` form of a url: absolute http(s), normalised, within the schema's length; undefined otherwise. */
export function sitemapLoc(url: string): string | undefined {
  const loc = httpUrl(url);
  return loc !== undefined && loc.length >= MIN_LOC_LENGTH && loc.length <= MAX_LOC_LENGTH ? loc : undefined;
}
