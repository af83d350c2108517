/** Sitemaps for search engines and news aggregators: pure writers from sitemap index lines to XML text, and robots.txt. */
export { renderNewsSitemap, type NewsSitemapInput } from "./news.ts";
export { renderUrlSet } from "./urlset.ts";
export { renderSitemapIndex, type SitemapRef } from "./sitemap-index.ts";
export { renderRobots } from "./robots.ts";
export { articleSitemapPath, dayOfSitemapFile, NEWS_SITEMAP_PATH, ROBOTS_PATH, SITEMAP_INDEX_PATH } from "./paths.ts";
export { MAX_NEWS_URLS, MAX_URLS_PER_FILE, MAX_BYTES_PER_FILE, NEWS_WINDOW_MS } from "./limits.ts";
export { NEWS_NAMESPACE, SITEMAP_NAMESPACE } from "./xml-file.ts";
