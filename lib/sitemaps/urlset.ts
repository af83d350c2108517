/** An article sitemap (sitemaps.org `urlset`): one `url` per live article, with its last modification. */
import type { SitemapLine } from "../store/index.ts";
import { rfc3339Date } from "../feeds/dates.ts";
import { parentElement, textElement, type XmlElement } from "../feeds/xml.ts";
import { SITEMAP_NAMESPACE, sitemapFile, sitemapLoc } from "./xml-file.ts";

type LiveLine = Extract<SitemapLine, { live: true }>;

/** Serialises the live lines, in the order given, as a `urlset` within the protocol's limits. */
export function renderUrlSet(lines: readonly SitemapLine[]): string {
  return sitemapFile("urlset", { xmlns: SITEMAP_NAMESPACE }, urls(lines));
}

function* urls(lines: readonly SitemapLine[]): Generator<XmlElement> {
  for (const line of lines) {
    if (!line.live) continue;
    const element = urlElement(line);
    if (element) yield element;
  }
}

function urlElement(line: LiveLine): XmlElement | undefined {
  const loc = sitemapLoc(line.url);
  if (loc === undefined) return undefined;
  const lastmod = rfc3339Date(line.updatedAt);
  return parentElement("url", {}, [textElement("loc", {}, loc), ...(lastmod ? [textElement("lastmod", {}, lastmod)] : [])]);
}
