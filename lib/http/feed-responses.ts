/**
 * What a feed response is made of, shared by the feed routes and the Node fast path (functions/node/feed-fast-path.ts)
 * so the two cannot disagree: the render-cache key of a feed page and the response profile per format and Accept.
 */
import type { Config } from "../config.ts";
import { FEED_FORMATS, FORMATS, perFormat, type FeedFormat } from "../feeds/formats.ts";
import type { FeedKey } from "../store/keys.ts";
import { PUBLIC_READ_EXPOSED_HEADERS } from "./public-cors.ts";
import { responseProfile, type CachePolicy, type ResponseProfile } from "./cached-response.ts";
import { CONTENT_SECURITY_POLICY } from "./security-headers.ts";

/** Public feeds may be read from any origin (web-based readers fetch them from the browser). */
const PUBLIC_GET = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": PUBLIC_READ_EXPOSED_HEADERS,
  "x-content-type-options": "nosniff",
};

const NAVIGATION_CONTENT_TYPE = "application/xml; charset=utf-8";

/** Cache-Control values for feeds (and, capped, pages and sitemaps), from configuration. */
export function feedCachePolicy(config: Config): CachePolicy {
  return {
    maxAge: config.feeds.maxAge,
    sMaxAge: config.feeds.sMaxAge,
    staleWhileRevalidate: config.feeds.staleWhileRevalidate,
    staleIfError: config.feeds.staleIfError,
  };
}

/** The cache key of one page of one feed in one format, by its self query ("" for the first page). */
export function feedCacheKey(format: FeedFormat, feed: FeedKey, query: string): string {
  return `feed|${format}|${feed}|${query}`;
}

/**
 * The response profiles of feeds under one policy: per format, and for XML formats a second one for browser
 * navigations (see FormatInfo.xml). XML feeds carry the pages' strict CSP: opened in a browser they run the view
 * script (same origin) and nothing else.
 */
export function feedProfiles(policy: CachePolicy) {
  const xmlHeaders = { ...PUBLIC_GET, vary: "Accept, Accept-Encoding", "content-security-policy": CONTENT_SECURITY_POLICY };
  const byFormat = perFormat((_, info): { feed: ResponseProfile; navigation: ResponseProfile } => {
    const headers = info.xml ? xmlHeaders : PUBLIC_GET;
    const feed = responseProfile(info.contentType, policy, headers);
    return { feed, navigation: info.xml ? responseProfile(NAVIGATION_CONTENT_TYPE, policy, headers) : feed };
  });
  return {
    of(format: FeedFormat, accept: string | undefined): ResponseProfile {
      const profiles = byFormat[format];
      return accept !== undefined && isBrowserNavigation(accept) ? profiles.navigation : profiles.feed;
    },
  };
}

/** Any feed format's media type subtype ("rss+xml", "feed+json") in an Accept header marks a feed reader. */
const FEED_SUBTYPES = new RegExp(FEED_FORMATS.map((f) => FORMATS[f].mediaType.split("/")[1]!.replace(/[+.]/g, "\\$&")).join("|"));

/** A browser opening the feed: it asks for HTML and for no feed format. */
function isBrowserNavigation(accept: string): boolean {
  return accept.includes("text/html") && !FEED_SUBTYPES.test(accept);
}
