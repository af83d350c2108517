/** Types shared by the page renderers and the site's own URL paths. */
import type { FeedFormat } from "../feeds/formats.ts";

/** Path prefix of files in `public/`, as served by the HTTP layer. */
export const STATIC_PREFIX = "/static";

/** The publisher, as shown in every page's header. */
export interface SiteInfo {
  /** e.g. "أنا برس" */
  title: string;
  description: string;
  /** Absolute origin (and optional path) of this service, e.g. "https://news.example". */
  baseUrl: string;
  /** IANA time zone for displayed dates and times, default "Asia/Damascus". */
  timeZone?: string;
}

/** Absolute (or site-relative) urls of one feed in each format. */
export type FeedLinks = Readonly<Record<FeedFormat, string>>;

/** The feeds of one category. */
export type CategoryFeedLinks = FeedLinks & { readonly category: string };

/** Site-relative path of an article page: /articles/<id>, id percent-encoded. */
export function articlePath(id: string): string {
  return `/articles/${encodeURIComponent(id)}`;
}

/** Site-relative path of a category page: /category/<name>, Arabic names percent-encoded. */
export function categoryPath(category: string): string {
  return `/category/${encodeURIComponent(category)}`;
}

/** Resolves a site-relative path against `baseUrl` (for og:url and other places that need absolute urls). */
export function absoluteUrl(baseUrl: string, path: string): string {
  return new URL(path, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString();
}
