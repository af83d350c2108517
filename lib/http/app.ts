/** Builds the whole HTTP app from its dependencies; the same app runs on the Node server and in Lambda. */
import { Hono } from "hono";
import type { ArticleService } from "../articles/service.ts";
import type { Logger } from "../log.ts";
import { StoreUnavailableError, type Store } from "../store/index.ts";
import { articlesRoutes } from "./articles-routes.ts";
import { feedCachePolicy } from "./feed-responses.ts";
import { feedRoutes } from "./feed-routes.ts";
import { pageRoutes } from "./page-routes.ts";
import { sitemapRoutes } from "./sitemap-routes.ts";
import { staticRoutes, type AssetLoader } from "./static-routes.ts";
import type { RenderCache } from "../feeds/render-cache.ts";
import type { Config } from "../config.ts";
import { problemResponse } from "./problem.ts";
import { publicCors } from "./public-cors.ts";
import { buildOpenApi } from "./openapi.ts";
import { parseHubEndpoint } from "../websub/index.ts";
import { requestIds } from "./request-id.ts";
import { requestLog } from "./request-log.ts";
import { pushRoutes, pushStatsRoutes, type PushRouteDeps } from "./push-routes.ts";
import { pushOpenRoutes } from "./push-open-routes.ts";
import { adminAuth } from "./admin-auth.ts";
import { sectionsSource } from "./sections.ts";
import { sectionsOpenApi, sectionsRoutes } from "./sections-routes.ts";
import { manifestOpenApi, manifestRoutes } from "./manifest-routes.ts";

export interface AppDeps {
  store: Store;
  service: ArticleService;
  adminToken: string;
  maxBodyBytes: number;
  config: Config;
  logger: Logger;
  cache: RenderCache;
  loadAsset?: AssetLoader;
  vapidPublicKey?: string;
  now: () => Date;
  push?: PushRouteDeps;
}

export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.use(requestIds());
  app.use(requestLog(deps.logger));
  app.use(publicCors());

  app.get("/health", async (c) => {
    await deps.store.ping();
    c.header("cache-control", "no-store");
    return c.json({ status: "ok" });
  });

  const clientAddress = deps.push?.clientAddress;
  const admin = adminAuth({
    token: deps.adminToken,
    failuresPerMinute: deps.config.adminFailuresPerMinute,
    now: () => deps.now().getTime(),
    ...(clientAddress ? { clientAddress } : {}),
  });
  const { config } = deps;
  const site = { title: config.siteTitle, description: config.siteDescription, baseUrl: config.publicBaseUrl, timeZone: config.siteTimeZone };
  if (deps.push) {
    app.route("/api/push", pushRoutes(deps.push));
    app.route("/api/articles", pushStatsRoutes({ ...deps.push, admin }));
    app.route("/push/open", pushOpenRoutes({ ...deps.push, site, logger: deps.logger }));
  }
  app.route("/api/articles", articlesRoutes({ ...deps, admin, ...(clientAddress ? { clientAddress } : {}) }));
  // Built on the first request for it, not at startup: a Lambda cold start should not pay for a rarely read document.
  let openApi: string | undefined;
  app.get("/openapi.json", (c) => c.body((openApi ??= JSON.stringify(buildOpenApi(deps.config.publicBaseUrl, [sectionsOpenApi, manifestOpenApi]))), 200, { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=300" }));

  const policy = feedCachePolicy(config);
  const sections = sectionsSource({ store: deps.store, cache: deps.cache, baseUrl: config.publicBaseUrl, now: deps.now });
  app.route("/api/sections", sectionsRoutes({ store: deps.store, cache: deps.cache, sections, admin, policy, maxBodyBytes: deps.maxBodyBytes }));
  app.route(
    "/feeds",
    feedRoutes({
      store: deps.store,
      cache: deps.cache,
      site,
      policy,
      pageSize: config.feeds.pageSize,
      searchWindow: config.feeds.searchWindow,
      // Advertise the hub without any user:password the publisher uses to reach it.
      ...(config.feeds.hubUrl ? { hubUrl: parseHubEndpoint(config.feeds.hubUrl).url } : {}),
    }),
  );
  app.route("/", sitemapRoutes({ store: deps.store, cache: deps.cache, site, policy, now: deps.now }));
  if (deps.loadAsset) app.route("/", staticRoutes(deps.loadAsset));
  app.route("/", manifestRoutes(site));
  app.route(
    "/",
    pageRoutes({
      store: deps.store,
      cache: deps.cache,
      site,
      policy,
      pageSize: config.feeds.pageSize,
      sections,
      now: deps.now,
      ...(deps.vapidPublicKey ? { vapidPublicKey: deps.vapidPublicKey } : {}),
    }),
  );

  app.notFound(() => problemResponse({ status: 404, title: "Not Found", detail: "No such resource." }));
  app.onError((error, c) => {
    if (error instanceof StoreUnavailableError) {
      deps.logger.warn("store unavailable", { path: c.req.path, error: error.message });
      return problemResponse(
        { status: 503, title: "Service Unavailable", detail: "The article store is not answering; try again shortly." },
        { "retry-after": String(error.retryAfterSeconds) },
      );
    }
    deps.logger.error("unhandled error", { path: c.req.path, error: error instanceof Error ? error.stack ?? error.message : String(error) });
    return problemResponse({ status: 500, title: "Internal Server Error", detail: "Something went wrong on our side." });
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
