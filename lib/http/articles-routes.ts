/** /api/articles: the newsroom's publishing API and the public JSON list. */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { z, zodProblems } from "../validation.ts";
import type { ArticleService } from "../articles/service.ts";
import { articleIdSchema } from "../articles/schema.ts";
import type { Store } from "../store/index.ts";
import { ALL_FEED, categoryFeed, tagFeed } from "../store/keys.ts";
import { jsonBodyLimit, readJsonBody } from "./json-body.ts";
import { badRequest, notFound, problemResponse } from "./problem.ts";
import { rateLimit } from "./rate-limit.ts";

export interface ArticlesRoutesDeps {
  store: Store;
  service: ArticleService;
  /** The admin guard (one per app, so wrong-token counts are shared by every admin route). */
  admin: MiddlewareHandler;
  maxBodyBytes: number;
  /** The client address for the view counter's per-address limit (absent: not limited). */
  clientAddress?: (c: Context) => string | undefined;
  now: () => Date;
}

/** A reader reloading a page a few times a minute is fine; a script inflating a count is not. */
const VIEWS_PER_MINUTE = 30;

const listQuery = z.strictObject({
  limit: z.default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
  category: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  tag: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});

export function articlesRoutes(deps: ArticlesRoutesDeps) {
  const app = new Hono();
  const { admin } = deps;
  const bodyLimit = jsonBodyLimit(deps.maxBodyBytes);

  app.get("/", async (c) => {
    const parsed = listQuery.safeParse(c.req.query());
    if (!parsed.success) return badRequest("Invalid query parameters.", zodProblems(parsed.error.issues));
    const { limit, cursor, category, tag } = parsed.data;
    if (category && tag) return badRequest("Filter by category or by tag, not both.", [{ pointer: "/tag", detail: "cannot be combined with category" }]);
    const feed = category ? categoryFeed(category) : tag ? tagFeed(tag) : ALL_FEED;
    const page = await deps.store.articles.list(feed, { limit, ...(cursor ? { cursor } : {}) });
    if (page === "bad-cursor") return badRequest("The cursor is not one this list handed out.", [{ pointer: "/cursor", detail: "is invalid or was tampered with" }]);
    c.header("cache-control", "public, max-age=15, s-maxage=15, stale-while-revalidate=60");
    return c.json({ items: page.items, nextCursor: page.nextCursor ?? null });
  });

  app.post("/", admin, bodyLimit, async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const outcome = await deps.service.publish(body.value);
    switch (outcome.kind) {
      case "invalid":
        return badRequest("The article is invalid.", outcome.problems);
      case "conflict":
        return conflict();
      case "missing":
        return notFound();
      case "created":
        c.header("location", `/api/articles/${encodeURIComponent(outcome.article.id)}`);
        return c.json(outcome.article, 201);
      default:
        return c.json(outcome.article, 200);
    }
  });

  app.get("/:id", async (c) => {
    const id = articleIdSchema.safeParse(c.req.param("id"));
    if (!id.success) return notFound();
    const result = await deps.store.articles.get(id.data);
    if (result.kind === "missing") return notFound(`No article with id ${id.data}.`);
    if (result.kind === "gone") return problemResponse({ status: 410, title: "Gone", detail: "This article was unpublished." });
    c.header("cache-control", "public, max-age=15, s-maxage=15, stale-while-revalidate=60");
    return c.json(result.article);
  });

  app.patch("/:id", admin, bodyLimit, async (c) => {
    const id = articleIdSchema.safeParse(c.req.param("id"));
    if (!id.success) return notFound();
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const outcome = await deps.service.patch(id.data, body.value);
    if (outcome.kind === "invalid") return badRequest("The change is invalid.", outcome.problems);
    if (outcome.kind === "missing") return notFound(`No live article with id ${id.data}.`);
    if (outcome.kind === "conflict") return conflict();
    return c.json(outcome.article, 200);
  });

  app.delete("/:id", admin, async (c) => {
    const id = articleIdSchema.safeParse(c.req.param("id"));
    if (!id.success) return notFound();
    const outcome = await deps.service.unpublish(id.data);
    if (outcome === "missing") return notFound(`No article with id ${id.data}.`);
    return c.body(null, 204);
  });

  const viewLimit = rateLimit({
    perMinute: VIEWS_PER_MINUTE,
    key: (c) => {
      const address = deps.clientAddress?.(c);
      // One bucket per address and article, so a reader can still open many articles.
      return address === undefined ? undefined : `${address} ${c.req.param("id")}`;
    },
    now: () => deps.now().getTime(),
  });

  app.post("/:id/views", viewLimit, async (c) => {
    const id = articleIdSchema.safeParse(c.req.param("id"));
    if (!id.success) return notFound();
    const views = await deps.store.views.increment(id.data);
    if (views === undefined) return notFound(`No live article with id ${id.data}.`);
    c.header("cache-control", "no-store");
    return c.json({ views });
  });

  return app;
}

const conflict = () =>
  problemResponse({ status: 409, title: "Conflict", detail: "The article changed while this request was applied; try again." });
