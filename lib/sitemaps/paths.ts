/** Where the sitemaps live: the one mapping between publication days and sitemap URLs. */

export const SITEMAP_INDEX_PATH = "/sitemap.xml";
export const NEWS_SITEMAP_PATH = "/sitemap-news.xml";
export const ROBOTS_PATH = "/robots.txt";

/** `/sitemap-articles-2020-07-08.xml`: at the root, since a sitemap may only list URLs at or below its own path. */
export const articleSitemapPath = (day: string) => `/sitemap-articles-${day}.xml`;

const DAY_FILE = /^sitemap-articles-(\d{4})-(\d{2})-(\d{2})\.xml$/;

/** The UTC day ("2020-07-08") an article sitemap file names, or undefined for anything else or a date that does not exist. */
export function dayOfSitemapFile(file: string): string | undefined {
  const match = DAY_FILE.exec(file);
  if (!match) return undefined;
  const day = `${match[1]}-${match[2]}-${match[3]}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(day) ? day : undefined;
}
