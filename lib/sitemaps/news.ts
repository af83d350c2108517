/** A Google News sitemap: the articles of the last 48 hours, newest first, at most 1,000. */
import type { SitemapLine } from "../store/index.ts";
import { rfc3339Date } from "../feeds/dates.ts";
import { parentElement, textElement, type XmlElement } from "../feeds/xml.ts";
import { MAX_NEWS_URLS } from "./limits.ts";
import { NEWS_NAMESPACE, SITEMAP_NAMESPACE, sitemapFile, sitemapLoc } from "./xml-file.ts";

export interface NewsSitemapInput {
  /** `news:name`: the publication's name as Google News knows it (the site title). */
  publication: string;
  /** `news:language`: ISO 639 code of the publication. */
  language: string;
  /** Live lines, newest first; tombstones are skipped. */
  lines: readonly SitemapLine[];
}

/** Serialises the news sitemap; pure: the caller picks the window, so the same lines give the same bytes. */
export function renderNewsSitemap(input: NewsSitemapInput): string {
  return sitemapFile("urlset", { xmlns: SITEMAP_NAMESPACE, "xmlns:news": NEWS_NAMESPACE }, urls(input), { urls: MAX_NEWS_URLS, bytes: Number.POSITIVE_INFINITY });
}

function* urls(input: NewsSitemapInput): Generator<XmlElement> {
  for (const line of input.lines) {
    if (!line.live) continue;
    const loc = sitemapLoc(line.url);
    // W3C datetime with a zone ("Z"), whole seconds.
    const published = rfc3339Date(line.publishedAt);
    if (loc === undefined || published === undefined) continue;
    yield parentElement("url", {}, [
      textElement("loc", {}, loc),
      parentElement("news:news", {}, [
        parentElement("news:publication", {}, [textElement("news:name", {}, input.publication), textElement("news:language", {}, input.language)]),
        textElement("news:publication_date", {}, published),
        textElement("news:title", {}, line.title),
      ]),
    ]);
  }
}
