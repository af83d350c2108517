/** /robots.txt, /sitemap.xml (the index), /sitemap-news.xml and /sitemap-articles-<day>.xml, cached like the feeds. */
import { Hono, type Context } from "hono";
import type { LoadResult, RenderCache } from "../feeds/render-cache.ts";
import {
  articleSitemapPath,
  dayOfSitemapFile,
  MAX_NEWS_URLS,
  MAX_URLS_PER_FILE,
  NEWS_SITEMAP_PATH,
  NEWS_WINDOW_MS,
  renderNewsSitemap,
  renderRobots,
  renderSitemapIndex,
  renderUrlSet,
  SITEMAP_INDEX_PATH,
  type SitemapRef,
} from "../sitemaps/index.ts";
import { ALL_FEED, type SitemapDay, type SitemapLine, type Store } from "../store/index.ts";
import { cachedResponse, responseProfile, type CachePolicy } from "./cached-response.ts";
import { notFound } from "./problem.ts";
import { requestIdHeader } from "./request-id.ts";

export interface SitemapRoutesDeps {
  store: Store;
  cache: RenderCache;
  site: { title: string; baseUrl: string };
  policy: CachePolicy;
  now: () => Date;
}

/** Every article change touches the overall feed, so its invalidation (local publishes) reaches the sitemaps too. */
const DEPENDS_ON = [ALL_FEED];
const EPOCH = new Date(0);
/** The publication's language in Google News (`news:language`): the site is Arabic. */
const NEWS_LANGUAGE = "ar";

export function sitemapRoutes(deps: SitemapRoutesDeps) {
  const app = new Hono();
  const headers = { "x-content-type-options": "nosniff" };
  const xml = responseProfile("application/xml; charset=utf-8", deps.policy, headers);
  const text = responseProfile("text/plain; charset=utf-8", deps.policy, headers);
  const absolute = (path: string) => `${deps.site.baseUrl}${path}`;

  app.get("/robots.txt", async (c) => {
    const body = renderRobots([absolute(SITEMAP_INDEX_PATH), absolute(NEWS_SITEMAP_PATH)]);
    // Nothing to read: the file follows from configuration alone.
    const doc = await deps.cache.get("robots", [], async () => ({ version: body, lastModified: deps.now(), render: () => body }));
    return "error" in doc ? notFound() : respond(c, doc, text);
  });

  app.get(SITEMAP_INDEX_PATH, async (c) => {
    const doc = await deps.cache.get("sitemap|index", DEPENDS_ON, async (): Promise<LoadResult> => {
      const { items: days } = await deps.store.sitemap.days();
      const newest = [...days].reverse();
      const refs: SitemapRef[] = [
        { loc: absolute(NEWS_SITEMAP_PATH), ...newsLastmod(days, deps.now()) },
        // Newest days first, and never more than the index may hold (one slot is the news sitemap's).
        ...newest.slice(0, MAX_URLS_PER_FILE - 1).map((d) => ({ loc: absolute(articleSitemapPath(d.day)), lastmod: d.changedAt })),
      ];
      return {
        version: refs.map((r) => `${r.loc}@${r.lastmod ?? ""}`).join(","),
        lastModified: latest(days.map((d) => d.changedAt)),
        render: () => renderSitemapIndex(refs),
      };
    });
    return "error" in doc ? notFound("No such sitemap.") : respond(c, doc, xml);
  });

  app.get(NEWS_SITEMAP_PATH, async (c) => {
    const doc = await deps.cache.get("sitemap|news", DEPENDS_ON, async (): Promise<LoadResult> => {
      const now = deps.now();
      const from = new Date(now.getTime() - NEWS_WINDOW_MS).toISOString();
      const { items } = await deps.store.sitemap.published(from, now.toISOString(), MAX_NEWS_URLS);
      const lines = items.filter((l) => l.live).slice(0, MAX_NEWS_URLS);
      return {
        // Tombstones count: an unpublish inside the window is a new version even when the page had room to spare.
        version: fingerprint(items),
        // The window moves with the clock, so an article leaving it changes the file without any stored change:
        // Last-Modified is when this process first rendered this content, never earlier than a stored change.
        lastModified: latest([...items.map((l) => l.changedAt), now.toISOString()]),
        render: () => renderNewsSitemap({ publication: deps.site.title, language: NEWS_LANGUAGE, lines }),
      };
    });
    return "error" in doc ? notFound("No such sitemap.") : respond(c, doc, xml);
  });

  // No partial-segment parameters in Hono's router: the whole file name is the parameter, checked by its pattern.
  app.get("/:file{sitemap-articles-\\d\\d\\d\\d-\\d\\d-\\d\\d\\.xml}", async (c) => {
    const day = dayOfSitemapFile(c.req.param("file"));
    if (day === undefined) return notFound("No such sitemap.");
    const doc = await deps.cache.get(`sitemap|day|${day}`, DEPENDS_ON, async (): Promise<LoadResult> => {
      const { items } = await deps.store.sitemap.day(day, MAX_URLS_PER_FILE);
      if (items.length === 0) return { error: "no-day" };
      return {
        version: fingerprint(items),
        lastModified: latest(items.map((l) => l.changedAt)),
        render: () => renderUrlSet(items),
      };
    });
    return "error" in doc ? notFound("No articles were published that day.") : respond(c, doc, xml);
  });

  function respond(c: Context, doc: Parameters<typeof cachedResponse>[1], profile: typeof xml): Response {
    return cachedResponse(c.req.raw, doc, profile, requestIdHeader(c));
  }

  return app;
}

/**
 * The news sitemap's lastmod in the index: the latest change to any day the 48-hour window touches. Read from the
 * day markers the index already has, so it costs no second read; an article ageing out of the window does not move it.
 */
function newsLastmod(days: readonly SitemapDay[], now: Date): { lastmod?: string } {
  const firstDay = new Date(now.getTime() - NEWS_WINDOW_MS).toISOString().slice(0, 10);
  const recent = days.filter((d) => d.day >= firstDay).map((d) => d.changedAt);
  return recent.length ? { lastmod: latest(recent).toISOString() } : {};
}

/** What a sitemap shows of its lines; any change to one (or a new tombstone) is a new version. */
function fingerprint(lines: readonly SitemapLine[]): string {
  return lines.map((l) => `${l.id}@${l.changedAt}${l.live ? "" : "!"}`).join(",");
}

function latest(instants: readonly string[]): Date {
  let max = EPOCH.getTime();
  for (const instant of instants) {
    const ms = Date.parse(instant);
    if (ms > max) max = ms;
  }
  return new Date(max);
}
