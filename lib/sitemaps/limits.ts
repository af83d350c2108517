/** The sitemaps.org and Google News limits every sitemap file here keeps. */

/** URLs (or sitemaps, in an index) per file, by the sitemaps.org protocol. */
export const MAX_URLS_PER_FILE = 50_000;
/** Uncompressed bytes per file, by the sitemaps.org protocol (50 MiB). */
export const MAX_BYTES_PER_FILE = 50 * 1024 * 1024;
/** `loc` length, by the sitemaps.org schema (tLoc: 12 to 2,048 characters). */
export const MIN_LOC_LENGTH = 12;
export const MAX_LOC_LENGTH = 2048;
/** Google News: at most 1,000 articles per news sitemap, published in the last two days. */
export const MAX_NEWS_URLS = 1000;
export const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;
