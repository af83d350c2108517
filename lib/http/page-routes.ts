/** The human side: the Arabic headline page, category pages and article pages, behind a strict CSP. */
import { Hono, type Context } from "hono";
import { z } from "../validation.ts";
import { lastChange } from "../feeds/document.ts";
import { feedUrls } from "../feeds/feed-paths.ts";
import type { LoadResult, RenderCache } from "../feeds/render-cache.ts";
import { renderArticlePage, renderCategoryPage, renderGonePage, renderHomePage, renderNotFoundPage, type SiteInfo } from "../pages/index.ts";
import { articleIdSchema } from "../articles/schema.ts";
import type { Store } from "../store/index.ts";
import { ALL_FEED, categoryFeed, type FeedKey } from "../store/keys.ts";
import { cachedResponse, responseProfile, type CachePolicy } from "./cached-response.ts";
import { requestIdHeader } from "./request-id.ts";
import { HTML_SECURITY_HEADERS } from "./security-headers.ts";
import { SECTIONS_KEY, type SectionsSource } from "./sections.ts";

export interface PageRoutesDeps {
  store: Store;
  cache: RenderCache;
  site: SiteInfo;
  policy: CachePolicy;
  pageSize: number;
  vapidPublicKey?: string;
  /** The sections menu every page carries. */
  sections: SectionsSource;
  now: () => Date;
}

const HTML = "text/html; charset=utf-8";
const cursorQuery = z.object({ cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))) });

export function pageRoutes(deps: PageRoutesDeps) {
  const app = new Hono();

  // Pages show view counts, so the CDN keeps them at most a minute whatever the feeds' s-maxage.
  const pagePolicy: CachePolicy = { ...deps.policy, sMaxAge: Math.min(deps.policy.sMaxAge, 60) };
  const listProfile = responseProfile(HTML, pagePolicy, HTML_SECURITY_HEADERS);

  app.get("/", (c) => serveList(c, ALL_FEED));
  app.get("/category/:name", (c) => serveList(c, categoryFeed(c.req.param("name")), c.req.param("name")));

  app.get("/articles/:id", async (c) => {
    const id = articleIdSchema.safeParse(c.req.param("id"));
    const [result, sections] = await Promise.all([
      id.success ? deps.store.articles.get(id.data) : ({ kind: "missing" } as const),
      deps.sections.sections(),
    ]);
    if (result.kind === "missing") return htmlPage(renderNotFoundPage(deps.site, sections.names), 404);
    if (result.kind === "gone") return htmlPage(renderGonePage(deps.site, sections.names), 410);
    const category = result.article.category;
    const body = renderArticlePage({
      site: deps.site,
      article: result.article,
      feeds: feedUrls(deps.site.baseUrl, ALL_FEED),
      ...(category ? { categoryFeeds: [{ category, ...feedUrls(deps.site.baseUrl, categoryFeed(category)) }] } : {}),
      categories: sections.names,
      now: deps.now(),
    });
    return htmlPage(body, 200, { "cache-control": "public, max-age=30, s-maxage=30, stale-while-revalidate=300" });
  });

  async function serveList(c: Context, feed: FeedKey, category?: string): Promise<Response> {
    const parsed = cursorQuery.safeParse(c.req.query());
    const cursor = parsed.success ? parsed.data.cursor : undefined;
    const key = `page|${feed}|${cursor ?? ""}`;
    const doc = await deps.cache.get(key, [feed, SECTIONS_KEY], async (): Promise<LoadResult> => {
      const [page, sections] = await Promise.all([
        deps.store.articles.list(feed, { limit: deps.pageSize, ...(cursor ? { cursor } : {}) }),
        deps.sections.sections(),
      ]);
      if (page === "bad-cursor") return { error: "bad-cursor" };
      if (category && !page.version && page.items.length === 0) return { error: "missing" };
      const categories = [...sections.names];
      const nextUrl = page.nextCursor ? `?cursor=${encodeURIComponent(page.nextCursor)}` : undefined;
      return {
        // The page shows view counts, so they are part of its version (rolled up at most once a minute); the
        // sections menu too.
        version: `${page.version?.stamp ?? ""}|${page.items.map((a) => `${a.id}@${a.updatedAt}#${a.views}`).join(",")}|${nextUrl ?? ""}|${sections.version}`,
        lastModified: latest(lastChange(page.items, page.version?.changedAt), sections.changedAt),
        render: () => {
          const input = {
            site: deps.site,
            articles: page.items,
            categories,
            ...(nextUrl ? { nextUrl } : {}),
            feeds: feedUrls(deps.site.baseUrl, ALL_FEED),
            // A category page keeps its own feeds even when the newsroom hid it from the menu.
            categoryFeeds: (category && !categories.includes(category) ? [category, ...categories] : categories).map((name) => ({ category: name, ...feedUrls(deps.site.baseUrl, categoryFeed(name)) })),
            ...(deps.vapidPublicKey ? { vapidPublicKey: deps.vapidPublicKey } : {}),
            now: deps.now(),
          };
          return category ? renderCategoryPage({ ...input, category }) : renderHomePage(input);
        },
      };
    });
    if ("error" in doc) return htmlPage(renderNotFoundPage(deps.site, (await deps.sections.sections()).names), 404);
    return cachedResponse(c.req.raw, doc, listProfile, requestIdHeader(c));
  }

  return app;
}

function latest(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

function htmlPage(body: string, status: number, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { "content-type": HTML, "cache-control": "no-store", ...HTML_SECURITY_HEADERS, ...headers },
  });
}

