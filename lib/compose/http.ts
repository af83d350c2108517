/**
 * The HTTP side: the article service (validation, sanitising), the render cache, the Hono app and the feed fast path.
 * Push enters only as route dependencies: sending lives elsewhere (lib/push/sender.ts), so this file never brings
 * web-push with it.
 */
import { createArticleService, type ChangeListener } from "../articles/service.ts";
import type { Config } from "../config.ts";
import { createRenderCache, type Compressors } from "../feeds/render-cache.ts";
import { createApp, feedCachePolicy } from "../http/app.ts";
import { createFeedFastPath } from "../http/feed-routes.ts";
import type { PushRouteDeps } from "../http/push-routes.ts";
import type { AssetLoader } from "../http/static-routes.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/index.ts";

export interface HttpServicesOptions {
  config: Config;
  store: Store;
  adminToken: string;
  logger: Logger;
  now: () => Date;
  /** Told about every write after the render cache is invalidated (WebSub, push fan-out, tests). */
  listeners?: ChangeListener[];
  /** gzip and brotli for pre-compressed feeds (node:zlib locally and in Lambda). */
  compress?: Compressors;
  loadAsset?: AssetLoader;
  vapidPublicKey?: string;
  push: PushRouteDeps;
}

export function createHttpServices(options: HttpServicesOptions) {
  const { config, now } = options;
  const cache = createRenderCache({
    now: () => now().getTime(),
    revalidateMs: config.feeds.revalidateSeconds * 1000,
    maxEntries: config.feeds.cacheEntries,
    ...(options.compress ? { compress: options.compress } : {}),
  });
  // This process sees its own publishes at once; other processes' within FEED_REVALIDATE_SECONDS.
  const invalidate: ChangeListener = (change) => cache.invalidate(change.feeds);
  const service = createArticleService(options.store.articles, [invalidate, ...(options.listeners ?? [])]);
  const app = createApp({
    store: options.store,
    service,
    adminToken: options.adminToken,
    maxBodyBytes: config.maxBodyBytes,
    config,
    logger: options.logger,
    cache,
    now,
    ...(options.loadAsset ? { loadAsset: options.loadAsset } : {}),
    ...(options.vapidPublicKey ? { vapidPublicKey: options.vapidPublicKey } : {}),
    push: options.push,
  });
  const feedFastPath = createFeedFastPath({
    cache,
    policy: feedCachePolicy(config),
    // The app logs feed hits at debug; so does the fast path, and it skips the work when that level is off.
    ...(config.logLevel === "debug" ? { debugLog: options.logger } : {}),
  });
  return { service, app, cache, feedFastPath };
}
