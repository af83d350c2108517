/** robots.txt: crawlers may read the pages and feeds, not the API, and find the sitemaps by absolute URL. */

/** The file, listing these absolute sitemap URLs; robots.txt rules only count at a host's root (RFC 9309). */
export function renderRobots(sitemapUrls: readonly string[]): string {
  return [
    "# Pages, feeds and sitemaps are for crawlers; the JSON API is not.",
    "User-agent: *",
    "Allow: /",
    "Allow: /feeds/",
    "Disallow: /api/",
    "",
    ...sitemapUrls.map((url) => `Sitemap: ${url}`),
    "",
  ].join("\n");
}
