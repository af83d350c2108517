/** The sitemap index (sitemaps.org `sitemapindex`): the news sitemap, then one article sitemap per publication day. */
import { rfc3339Date } from "../feeds/dates.ts";
import { parentElement, textElement, type XmlElement } from "../feeds/xml.ts";
import { SITEMAP_NAMESPACE, sitemapFile, sitemapLoc } from "./xml-file.ts";

export interface SitemapRef {
  loc: string;
  /** ISO instant of the sitemap's last change, when known. */
  lastmod?: string;
}

/** Serialises the references in the order given, within the protocol's 50,000 entries and 50 MiB. */
export function renderSitemapIndex(refs: readonly SitemapRef[]): string {
  return sitemapFile("sitemapindex", { xmlns: SITEMAP_NAMESPACE }, entries(refs));
}

function* entries(refs: readonly SitemapRef[]): Generator<XmlElement> {
  for (const ref of refs) {
    const loc = sitemapLoc(ref.loc);
    if (loc === undefined) continue;
    const lastmod = rfc3339Date(ref.lastmod);
    yield parentElement("sitemap", {}, [textElement("loc", {}, loc), ...(lastmod ? [textElement("lastmod", {}, lastmod)] : [])]);
  }
}
