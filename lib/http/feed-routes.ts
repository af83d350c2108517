/** /feeds/…: RSS, Atom and JSON Feed of the headline list — overall, per category, per tag and for a search. */
import { Hono, type Context } from "hono";
import { LRUCache } from "lru-cache";
import { z } from "../validation.ts";
import type { Article } from "../model/article.ts";
import { buildFeedDocument, lastChange } from "../feeds/document.ts";
import { feedDirectory } from "../feeds/feed-paths.ts";
import { FORMATS, formatFromFile, type FeedFormat } from "../feeds/formats.ts";
import type { LoadResult, RenderCache, RenderedDocument } from "../feeds/render-cache.ts";
import { matchesQuery, SEARCH_LIMITS } from "../text/arabic-search.ts";
import type { Store } from "../store/index.ts";
import { ALL_FEED, categoryFeed, tagFeed, type FeedKey } from "../store/keys.ts";
import type { Logger } from "../log.ts";
import { cachedResponse, planCachedResponse, responseProfile, type CachePolicy, type ResponseProfile } from "./cached-response.ts";
import { badRequest, notFound } from "./problem.ts";
import { requestIdFor, requestIdHeader } from "./request-log.ts";
import { CONTENT_SECURITY_POLICY } from "./security-headers.ts";

export interface FeedRoutesDeps {
  store: Store;
  cache: RenderCache;
  /** `timeZone`: the one the browser view of a feed shows dates in, as the site's pages do. */
  site: { title: string; description: string; baseUrl: string; timeZone?: string };
  policy: CachePolicy;
  hubUrl?: string;
  pageSize: number;
  /** How many of the newest articles a search looks through. */
  searchWindow: number;
}

const pageQuery = z.object({
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
});

/** Public feeds may be read from any origin (web-based readers fetch them from the browser). */
const PUBLIC_GET = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "ETag, Last-Modified",
  "x-content-type-options": "nosniff",
};

export function feedRoutes(deps: FeedRoutesDeps) {
  const app = new Hono();
  const profiles = feedProfiles(deps.policy);

  app.get("/search/:file", (c) => withFormat(c, (format) => serveSearch(c, format)));
  app.get("/category/:name/:file", (c) => withFormat(c, (format) => serveFeed(c, categoryFeed(c.req.param("name")), format)));
  app.get("/tag/:name/:file", (c) => withFormat(c, (format) => serveFeed(c, tagFeed(c.req.param("name")), format)));
  app.get("/:file", (c) => withFormat(c, (format) => serveFeed(c, ALL_FEED, format)));

  async function serveFeed(c: Context, feed: FeedKey, format: FeedFormat): Promise<Response> {
    // Most polls carry no query string: skip parsing for them.
    const query = c.req.url.includes("?") ? c.req.query() : undefined;
    const parsed = query ? pageQuery.safeParse(query) : ({ success: true, data: {} as { limit?: number; cursor?: string } } as const);
    if (!parsed.success) return badRequest("Invalid paging parameters.", [{ pointer: `/${String(parsed.error.issues[0]?.path[0] ?? "")}`, detail: parsed.error.issues[0]?.message ?? "invalid" }]);
    const limit = parsed.data.limit ?? deps.pageSize;
    const cursor = parsed.data.cursor;
    const self = query ? selfQuery(Object.keys(query), parsed.data) : "";
    // The self link is part of the bytes, so it is part of the key: `?limit=3&cursor=…` and `?cursor=…&limit=3` are
    // two documents. Only the canonical form of the known parameters counts, so the variants stay few.
    const key = feedCacheKey(format, feed, self);
    const doc = await deps.cache.get(key, [feed], async (): Promise<LoadResult> => {
      const page = await deps.store.articles.list(feed, { limit, ...(cursor ? { cursor } : {}) });
      if (page === "bad-cursor") return { error: "bad-cursor" };
      if (!cursor && !page.version && page.items.length === 0) return { error: "no-feed" };
      const extra = limit === deps.pageSize ? "" : `limit=${limit}&`;
      return {
        version: `${page.version?.stamp ?? ""}|${fingerprint(page.items)}|${page.nextCursor ?? ""}`,
        lastModified: lastChange(page.items, page.version?.changedAt),
        render: () =>
          FORMATS[format].render(
            buildFeedDocument({
              ...siteFields(),
              ...feedTitles(feed),
              path: `${feedDirectory(feed)}/${FORMATS[format].file}`,
              ...(self ? { query: self } : {}),
              ...(cursor ? { firstQuery: extra.slice(0, -1) } : {}),
              ...(page.nextCursor ? { nextQuery: `${extra}cursor=${encodeURIComponent(page.nextCursor)}` } : {}),
              items: page.items,
              ...(page.version ? { changedAt: page.version.changedAt } : {}),
            }),
          ),
      };
    });
    if ("error" in doc) {
      return doc.error === "bad-cursor"
        ? badRequest("The cursor is not one this feed handed out.", [{ pointer: "/cursor", detail: "is invalid or was tampered with" }])
        : notFound("No such feed.");
    }
    return respond(c, doc, format);
  }

  async function serveSearch(c: Context, format: FeedFormat): Promise<Response> {
    const q = c.req.query("q") ?? "";
    if (!q.trim() || q.length > SEARCH_LIMITS.maxQueryLength) {
      return badRequest(`Give a search query of 1 to ${SEARCH_LIMITS.maxQueryLength} characters.`, [{ pointer: "/q", detail: "is missing or too long" }]);
    }
    // Keyed by q as sent, not as folded: the subtitle and the self link show it, so two spellings are two documents.
    const key = `search|${format}|${q}`;
    const doc = await deps.cache.get(key, [ALL_FEED], async (): Promise<LoadResult> => {
      const window = await deps.store.articles.list(ALL_FEED, { limit: deps.searchWindow });
      if (window === "bad-cursor") return { error: "bad-cursor" };
      const items = window.items
        .filter((a) => matchesQuery([a.title, a.summary, a.category ?? "", a.author ?? "", ...a.tags], q))
        .slice(0, deps.pageSize);
      return {
        version: `${window.version?.stamp ?? ""}|${fingerprint(items)}`,
        lastModified: lastChange(items, window.version?.changedAt),
        render: () =>
          FORMATS[format].render(
            buildFeedDocument({
              ...siteFields(),
              subtitle: `بحث: ${q.trim()}`,
              homePath: "/",
              path: `/feeds/search/${FORMATS[format].file}`,
              query: `q=${encodeURIComponent(q)}`,
              items,
              ...(window.version ? { changedAt: window.version.changedAt } : {}),
            }),
          ),
      };
    });
    if ("error" in doc) return notFound("No such feed.");
    return respond(c, doc, format);
  }

  function respond(c: Context, doc: RenderedDocument, format: FeedFormat): Response {
    return cachedResponse(c.req.raw, doc, profiles.of(format, c.req.header("accept")), requestIdHeader(c));
  }

  function siteFields() {
    return {
      siteTitle: deps.site.title,
      siteDescription: deps.site.description,
      baseUrl: deps.site.baseUrl,
      ...(deps.site.timeZone ? { timeZone: deps.site.timeZone } : {}),
      ...(deps.hubUrl ? { hubUrl: deps.hubUrl } : {}),
    };
  }

  return app;
}

/**
 * The query of the page's self link: the URL asked for, in canonical form — `limit` and `cursor` in the order they
 * were sent, each value re-encoded, anything else left out — so `?limit=3` names itself `?limit=3` (the W3C
 * validator checks that rel="self" is the address it fetched) while odd spellings cannot multiply cache entries.
 */
function selfQuery(sent: string[], page: { limit?: number | undefined; cursor?: string | undefined }): string {
  const parts: string[] = [];
  for (const name of sent) {
    if (name === "limit" && page.limit !== undefined) parts.push(`limit=${page.limit}`);
    else if (name === "cursor" && page.cursor !== undefined) parts.push(`cursor=${encodeURIComponent(page.cursor)}`);
  }
  return parts.join("&");
}

/** The cache key of one page of one feed in one format, by its self query ("" for the first page); shared with the fast path. */
function feedCacheKey(format: FeedFormat, feed: FeedKey, query: string): string {
  return `feed|${format}|${feed}|${query}`;
}

/**
 * The response profiles of feeds under one policy: per format, and for XML formats a second one for browser
 * navigations. Browsers show application/rss+xml as plain text or a download and only style and script XML types; a
 * navigation (Accept: text/html, no feed type) gets the same bytes labelled application/xml. XML feeds carry the
 * pages' strict CSP: opened in a browser they run the view script (same origin) and nothing else.
 */
function feedProfiles(policy: CachePolicy) {
  const xmlHeaders = { ...PUBLIC_GET, vary: "Accept, Accept-Encoding", "content-security-policy": CONTENT_SECURITY_POLICY };
  const byFormat: Record<FeedFormat, { feed: ResponseProfile; navigation: ResponseProfile }> = {
    rss: { feed: responseProfile(FORMATS.rss.contentType, policy, xmlHeaders), navigation: responseProfile("application/xml; charset=utf-8", policy, xmlHeaders) },
    atom: { feed: responseProfile(FORMATS.atom.contentType, policy, xmlHeaders), navigation: responseProfile("application/xml; charset=utf-8", policy, xmlHeaders) },
    json: { feed: responseProfile(FORMATS.json.contentType, policy, PUBLIC_GET), navigation: responseProfile(FORMATS.json.contentType, policy, PUBLIC_GET) },
  };
  return {
    of(format: FeedFormat, accept: string | undefined): ResponseProfile {
      const profiles = byFormat[format];
      return accept !== undefined && isBrowserNavigation(accept) ? profiles.navigation : profiles.feed;
    },
  };
}

const FEED_PATH = /^\/feeds\/(?:(category|tag)\/([^/]+)\/)?(rss\.xml|atom\.xml|feed\.json)$/;

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

export interface FeedFastPathDeps extends Pick<FeedRoutesDeps, "cache" | "policy"> {
  /** Gets the request log line the app would write (feed hits are routine reads: debug). Leave out unless logging at debug. */
  debugLog?: Logger;
}

/**
 * Answers a poll of a feed's first page straight from the render cache when the cached document is fresh, without
 * the framework: the Node server calls it before Hono, because a 304 is then a few microseconds of work. Anything
 * else (a query string, a stale or missing document) returns undefined and goes through the app as usual.
 * The answer is the one the app would give (same response variants, same request id rule, same log line): a test
 * compares the two header by header (tests/http/feed-fast-path.test.ts).
 */
export function createFeedFastPath(deps: FeedFastPathDeps) {
  const profiles = feedProfiles(deps.policy);
  /** Feed urls already routed (a regex, a decode and a key per poll otherwise); bounded, and only short urls. */
  const routes = new LRUCache<string, { format: FeedFormat; key: string }>({ max: 256 });

  function route(url: string): { format: FeedFormat; key: string } | null {
    if (!url.startsWith("/feeds/")) return null;
    const known = routes.get(url);
    if (known !== undefined) return known;
    const parsed = parseFeedUrl(url);
    if (parsed && url.length <= 512) routes.set(url, parsed);
    return parsed;
  }

  return function feedFastPath(method: string, url: string, headers: NodeRequestHeaders): FastResponse | undefined {
    if (method !== "GET" && method !== "HEAD") return undefined;
    const target = route(url);
    if (target === null) return undefined;
    const doc = deps.cache.peek(target.key);
    if (doc === undefined) return undefined;
    const started = deps.debugLog ? performance.now() : 0;
    const plan = planCachedResponse(
      { method, ifNoneMatch: one(headers["if-none-match"]), ifModifiedSince: one(headers["if-modified-since"]), acceptEncoding: one(headers["accept-encoding"]) },
      doc,
      profiles.of(target.format, one(headers.accept)),
    );
    const id = requestIdFor(one(headers["x-request-id"]));
    const out = plan.flatHeaders.slice();
    out[out.length - 1] = id;
    if (deps.debugLog) logHit(deps.debugLog, id, method, url, plan.status, started);
    return plan.body === undefined ? { status: plan.status, headers: out } : { status: plan.status, headers: out, body: plan.body };
  };
}

/** The cache key and format of a feed's first page, or null for anything the fast path leaves to the app. */
function parseFeedUrl(url: string): { format: FeedFormat; key: string } | null {
  // A query string (paging, search) always goes through the app.
  const match = url.includes("?") ? null : FEED_PATH.exec(url);
  if (!match) return null;
  const [, kind, encodedName, file] = match;
  let feed: FeedKey = ALL_FEED;
  if (kind) {
    let name: string;
    try {
      name = decodeURIComponent(encodedName!);
    } catch {
      return null;
    }
    feed = kind === "category" ? categoryFeed(name) : tagFeed(name);
  }
  const format = formatFromFile(file!)!;
  return { format, key: feedCacheKey(format, feed, "") };
}

function one(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" || value === undefined ? value : value.join(", ");
}

/** The line requestLog writes for the same request (a routine read: debug), path decoded as Hono decodes it. */
function logHit(logger: Logger, requestId: string, method: string, url: string, status: number, started: number): void {
  let path = url;
  try {
    path = decodeURI(url.includes("%25") ? url.replace(/%25/g, "%2525") : url);
  } catch {
    // Kept as sent, as Hono does with a malformed escape.
  }
  logger.debug("request", { requestId, method, path, status, ms: Math.round((performance.now() - started) * 10) / 10 });
}

function isBrowserNavigation(accept: string | undefined): boolean {
  return accept !== undefined && accept.includes("text/html") && !/rss|atom|feed\+json/.test(accept);
}

function withFormat(c: Context, serve: (format: FeedFormat) => Promise<Response>): Promise<Response> | Response {
  const format = formatFromFile(c.req.param("file") ?? "");
  return format ? serve(format) : notFound("No such feed format: use rss.xml, atom.xml or feed.json.");
}

/** Title suffix and human page of a feed. */
function feedTitles(feed: FeedKey): { subtitle?: string; homePath: string } {
  if (feed === ALL_FEED) return { homePath: "/" };
  const name = feed.slice(2);
  return feed.startsWith("c:")
    ? { subtitle: name, homePath: `/category/${encodeURIComponent(name)}` }
    : { subtitle: `#${name}`, homePath: "/" };
}

/** What the feeds show of each item; a change to any of it (not to the view count) is a new version. */
function fingerprint(items: Article[]): string {
  return items.map((a) => `${a.id}@${a.updatedAt}`).join(",");
}

