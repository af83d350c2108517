/**
 * Answers a poll of a feed's first page straight from the render cache when the cached document is fresh, without
 * the framework: the Node server calls it before Hono, because a 304 is then a few microseconds of work. Anything
 * else (a query string, a stale or missing document) returns undefined and goes through the app as usual.
 * It lives with the Node server, not in lib/, because it speaks node:http's shapes (raw url, header record, a flat
 * header list for writeHead); what it answers with comes from lib/http, shared with the feed routes: the cache key,
 * the response profiles and variants, the request id rule and the log line. A test compares the two header by header
 * (tests/http/feed-fast-path-parity.test.ts).
 */
import { LRUCache } from "lru-cache";
import type { Config } from "../../lib/config.ts";
import { feedOfPath } from "../../lib/feeds/feed-paths.ts";
import type { FeedFormat } from "../../lib/feeds/formats.ts";
import type { RenderCache } from "../../lib/feeds/render-cache.ts";
import { planCachedResponse } from "../../lib/http/cached-response.ts";
import { feedCachePolicy, feedCacheKey, feedProfiles } from "../../lib/http/feed-responses.ts";
import { requestIdFor, REQUEST_ID_HEADER } from "../../lib/http/request-id.ts";
import { logRequest } from "../../lib/http/request-log.ts";
import type { Logger } from "../../lib/log.ts";

/** Request headers as node:http hands them over (lower-case names; repeated ones joined, set-cookie an array). */
export type NodeRequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** A response for node:http's `writeHead(status, headers)` then `end(body)`. */
export interface FastResponse {
  status: 200 | 304;
  /** Flat `[name, value, …]`, request id included. */
  headers: string[];
  /** Absent for 304 and HEAD. */
  body?: Uint8Array;
}

export type FeedFastPath = (method: string, url: string, headers: NodeRequestHeaders) => FastResponse | undefined;

export interface FeedFastPathDeps {
  /** The app's render cache (createServices' `cache`). */
  cache: Pick<RenderCache, "peek">;
  /** The feeds' caching policy and the log level, as the app has them. */
  config: Config;
  /** Gets the app's request log line for each hit (feed hits are routine reads: debug), when logging at debug. */
  logger: Logger;
}

export function createFeedFastPath(deps: FeedFastPathDeps): FeedFastPath {
  const profiles = feedProfiles(feedCachePolicy(deps.config));
  const debugLog = deps.config.logLevel === "debug" ? deps.logger : undefined;
  /** Feed urls already routed (a split, a decode and a key per poll otherwise); bounded, and only short urls. */
  const routes = new LRUCache<string, { format: FeedFormat; key: string }>({ max: 256 });

  function route(url: string): { format: FeedFormat; key: string } | undefined {
    if (!url.startsWith("/feeds/")) return undefined;
    const known = routes.get(url);
    if (known !== undefined) return known;
    // A query string (paging, search) always goes through the app.
    const target = url.includes("?") ? undefined : feedOfPath(url);
    if (target === undefined) return undefined;
    const routed = { format: target.format, key: feedCacheKey(target.format, target.feed, "") };
    if (url.length <= 512) routes.set(url, routed);
    return routed;
  }

  return function feedFastPath(method, url, headers) {
    if (method !== "GET" && method !== "HEAD") return undefined;
    const target = route(url);
    if (target === undefined) return undefined;
    const doc = deps.cache.peek(target.key);
    if (doc === undefined) return undefined;
    const started = debugLog ? performance.now() : 0;
    const plan = planCachedResponse(
      { method, ifNoneMatch: one(headers["if-none-match"]), ifModifiedSince: one(headers["if-modified-since"]), acceptEncoding: one(headers["accept-encoding"]) },
      doc,
      profiles.of(target.format, one(headers.accept)),
    );
    const requestId = requestIdFor(one(headers[REQUEST_ID_HEADER]));
    const out = plan.flatHeaders.slice();
    out[out.length - 1] = requestId;
    if (debugLog) logRequest(debugLog, { requestId, method, path: decodedPath(url), status: plan.status, started });
    return plan.body === undefined ? { status: plan.status, headers: out } : { status: plan.status, headers: out, body: plan.body };
  };
}

function one(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" || value === undefined ? value : value.join(", ");
}

/** The path as Hono's c.req.path shows it (what the app's log line holds): decoded, "%25" kept as is. */
function decodedPath(url: string): string {
  try {
    return decodeURI(url.includes("%25") ? url.replace(/%25/g, "%2525") : url);
  } catch {
    // Kept as sent, as Hono does with a malformed escape.
    return url;
  }
}
