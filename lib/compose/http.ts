/**
 * The HTTP side: the article service (validation, sanitising), the render cache and the Hono app, with the push
 * routes' dependencies built here from the store, config and click tags. Sending lives elsewhere
 * (lib/push/sender.ts), so this file never brings web-push with it.
 */
import type { Context } from "hono";
import { createArticleService, type ChangeListener } from "../articles/service.ts";
import type { Config } from "../config.ts";
import { createRenderCache, type Compressors } from "../feeds/render-cache.ts";
import { createApp } from "../http/app.ts";
import type { PushRouteDeps } from "../http/push-routes.ts";
import { clientAddressFrom } from "../http/rate-limit.ts";
import type { AssetLoader } from "../http/static-routes.ts";
import type { Logger } from "../log.ts";
import type { ClickTags } from "../push/click-tags.ts";
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
  /** The key pages offer to subscribe with. */
  vapidPublicKey?: string;
  /** From createPushServices (./push.ts): the click tags alerts carry, and the VAPID key the push API hands out. */
  push: { clickTags: ClickTags; publicKey?: string };
  /** The peer address of a request (getConnInfo in Node, the Lambda event's source IP), for per-client limits. */
  peerAddress?: (c: Context) => string | undefined;
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
    push: pushRouteDeps(options),
  });
  return { service, app, cache };
}

function pushRouteDeps(options: HttpServicesOptions): PushRouteDeps {
  const { config, store, push } = options;
  return {
    subscriptions: store.subscriptions,
    notifications: store.notifications,
    clicks: store.clicks,
    clickTags: push.clickTags,
    clickQuery: config.push.clickQuery,
    clickRatePerMinute: config.push.clickRatePerMinute,
    allowedHosts: config.push.allowedHosts,
    maxBodyBytes: config.maxBodyBytes,
    subscribeRatePerMinute: config.push.subscribeRatePerMinute,
    clientAddress: clientAddressFrom(options.peerAddress ?? (() => undefined), config.push.trustProxy),
    now: options.now,
    ...(push.publicKey ? { vapidPublicKey: push.publicKey } : {}),
  };
}
