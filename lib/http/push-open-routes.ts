/**
 * GET /push/open/:id — where an alert's `navigate` points. Counts the click once per subscription (the `s` tag, see
 * lib/push/click-tags.ts), then answers 302 to the article's stored URL plus the campaign parameters. It never sends
 * anyone elsewhere: an unknown id gets the 404 page, an unpublished article its 410 page.
 */
import { Hono, type Context } from "hono";
import { articleIdSchema } from "../articles/schema.ts";
import type { Logger } from "../log.ts";
import { renderGonePage, renderNotFoundPage, type SiteInfo } from "../pages/index.ts";
import type { ClickTags } from "../push/click-tags.ts";
import type { ClickStore } from "../store/index.ts";
import { tokenBuckets } from "./rate-limit.ts";
import { HTML_SECURITY_HEADERS } from "./security-headers.ts";

export interface PushOpenDeps {
  clicks: Pick<ClickStore, "destination" | "record">;
  clickTags: Pick<ClickTags, "check">;
  /** Parameters added to the article URL (PUSH_UTM); `{id}` in a value becomes the article id. */
  clickQuery: Array<[string, string]>;
  /** Clicks counted per client address per minute; past that a click is still redirected, just not counted. */
  clickRatePerMinute: number;
  clientAddress: (c: Context) => string | undefined;
  site: SiteInfo;
  logger: Logger;
  now: () => Date;
}

/**
 * The article URL with the campaign parameters the URL does not already carry (the newsroom's own win), in URL's
 * ASCII serialisation (a Location header cannot carry raw Arabic); undefined for anything but http(s).
 */
export function campaignUrl(stored: string, articleId: string, query: Array<[string, string]>): string | undefined {
  let url: URL;
  try {
    url = new URL(stored);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  const present = new Set(url.searchParams.keys());
  const added = query
    .filter(([name]) => !present.has(name))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value.replaceAll("{id}", articleId))}`);
  if (added.length === 0) return url.href;
  const beforeHash = url.href.slice(0, url.href.length - url.hash.length);
  const joiner = url.search === "" ? (beforeHash.endsWith("?") ? "" : "?") : "&";
  return `${beforeHash}${joiner}${added.join("&")}${url.hash}`;
}

export function pushOpenRoutes(deps: PushOpenDeps) {
  const app = new Hono();
  const buckets = tokenBuckets({ perMinute: deps.clickRatePerMinute, now: () => deps.now().getTime() });

  const page = (body: string, status: number) =>
    new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...HTML_SECURITY_HEADERS } });

  /** Counts the click when it carries a tag made for this article and the address has clicks left; never throws. */
  async function count(c: Context, articleId: string): Promise<void> {
    const tag = c.req.query("s");
    if (c.req.method !== "GET" || !tag || !(await deps.clickTags.check(articleId, tag))) return;
    const address = deps.clientAddress(c);
    if (address !== undefined) {
      if (buckets.wait(address) !== undefined) return;
      buckets.take(address);
    }
    try {
      await deps.clicks.record(articleId, tag);
    } catch (error) {
      // The reader still gets the article; only the count is lost.
      deps.logger.warn("push click not counted", { articleId, error: error instanceof Error ? error.message : String(error) });
    }
  }

  app.get("/:id", async (c) => {
    const id = articleIdSchema.safeParse(c.req.param("id"));
    const found = id.success ? await deps.clicks.destination(id.data) : ({ kind: "missing" } as const);
    if (found.kind === "gone") return page(renderGonePage(deps.site), 410);
    const location = found.kind === "live" && id.success ? campaignUrl(found.url, id.data, deps.clickQuery) : undefined;
    if (location === undefined || !id.success) return page(renderNotFoundPage(deps.site), 404);
    await count(c, id.data);
    // no-store: every click must reach us to be counted; no-referrer: the tag stays out of the article site's logs.
    return new Response(null, { status: 302, headers: { location, "cache-control": "no-store", "referrer-policy": "no-referrer" } });
  });

  return app;
}
