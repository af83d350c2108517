/** /feeds/…: the headline list in every feed format (lib/feeds/formats.ts) — overall, per category, per tag and for a search. */
import { Hono, type Context } from "hono";
import { z } from "../validation.ts";
import type { Article } from "../model/article.ts";
import { buildFeedDocument, lastChange } from "../feeds/document.ts";
import { feedPath } from "../feeds/feed-paths.ts";
import { eachFormat, FORMATS, formatFromFile, type FeedFormat } from "../feeds/formats.ts";
import type { LoadResult, RenderCache, RenderedDocument } from "../feeds/render-cache.ts";
import { matchesQuery, SEARCH_LIMITS } from "../text/arabic-search.ts";
import type { Store } from "../store/index.ts";
import { ALL_FEED, categoryFeed, tagFeed, type FeedKey } from "../store/keys.ts";
import { cachedResponse, type CachePolicy } from "./cached-response.ts";
import { feedCacheKey, feedProfiles } from "./feed-responses.ts";
import { badRequest, notFound } from "./problem.ts";
import { requestIdHeader } from "./request-id.ts";

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
              path: feedPath(feed, format),
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

function withFormat(c: Context, serve: (format: FeedFormat) => Promise<Response>): Promise<Response> | Response {
  const format = formatFromFile(c.req.param("file") ?? "");
  return format ? serve(format) : notFound(`No such feed format: use ${eachFormat((f) => f.file)}.`);
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

