/** The composition root shared by every runtime: from config and a DynamoDB client to the store, service and app. */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createArticleService, type ChangeListener } from "./articles/service.ts";
import type { Config } from "./config.ts";
import { createApp, feedCachePolicy } from "./http/app.ts";
import { createFeedFastPath } from "./http/feed-routes.ts";
import type { Logger } from "./log.ts";
import { createStore } from "./store/index.ts";
import { sha256 } from "./crypto/digest.ts";
import { createRenderCache, type Compressors } from "./feeds/render-cache.ts";
import type { AssetLoader } from "./http/static-routes.ts";
import { createPushServices, type PushRuntime } from "./push/fanout-services.ts";
import { createWebSubPublisher } from "./websub/index.ts";

export interface ServicesOptions {
  config: Config;
  client: DynamoDBDocumentClient;
  adminToken: string;
  logger: Logger;
  listeners?: ChangeListener[];
  now?: () => Date;
  /** gzip and brotli for pre-compressed feeds (node:zlib locally and in Lambda). */
  compress?: Compressors;
  loadAsset?: AssetLoader;
  vapidPublicKey?: string;
  /** How this runtime reaches push services and learns client addresses (see lib/push/fanout-services.ts). */
  push?: PushRuntime;
}

/** Cursor signing key, derived so that operators have one secret fewer to manage. */
export async function cursorSecretFrom(adminToken: string): Promise<string> {
  // Hex, as before: cursors already handed out stay valid.
  return [...(await sha256(`cursor-signing:${adminToken}`))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function createServices(options: ServicesOptions) {
  const { config } = options;
  const store = createStore({
    client: options.client,
    tableName: config.tableName,
    cursorSecret: await cursorSecretFrom(options.adminToken),
    viewShards: config.viewShards,
    viewRollupSeconds: config.viewRollupSeconds,
    subShards: config.push.subShards,
    ...(options.now ? { now: options.now } : {}),
  });
  const now = options.now ?? (() => new Date());
  const push = await createPushServices({
    config, store, logger: options.logger, now, adminToken: options.adminToken, ...(options.push ? { runtime: options.push } : {}),
  });
  const cache = createRenderCache({
    now: () => now().getTime(),
    revalidateMs: config.feeds.revalidateSeconds * 1000,
    maxEntries: config.feeds.cacheEntries,
    ...(options.compress ? { compress: options.compress } : {}),
  });
  // This process sees its own publishes at once; other processes' within FEED_REVALIDATE_SECONDS.
  const invalidate: ChangeListener = (change) => cache.invalidate(change.feeds);
  const websub = config.feeds.hubUrl
    ? createWebSubPublisher({
        hubUrl: config.feeds.hubUrl,
        baseUrl: config.publicBaseUrl,
        fetch: (url, init) => fetch(url, init),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        random: Math.random,
        logger: options.logger,
      })
    : undefined;
  const service = createArticleService(store.articles, [invalidate, ...(websub ? [websub.listener] : []), ...(push.workers && options.push?.fanOutOnPublish !== false ? [push.workers.listener] : []), ...(options.listeners ?? [])]);
  const app = createApp({
    store,
    service,
    adminToken: options.adminToken,
    maxBodyBytes: config.maxBodyBytes,
    config,
    logger: options.logger,
    cache,
    now,
    ...(options.loadAsset ? { loadAsset: options.loadAsset } : {}),
    ...((options.vapidPublicKey ?? push.publicKey) ? { vapidPublicKey: options.vapidPublicKey ?? push.publicKey } : {}),
    push: push.routes,
  });
  const feedFastPath = createFeedFastPath({
    cache,
    policy: feedCachePolicy(config),
    pageSize: config.feeds.pageSize,
    // The app logs feed hits at debug; so does the fast path, and it skips the work when that level is off.
    ...(config.logLevel === "debug" ? { debugLog: options.logger } : {}),
  });
  return { store, service, app, cache, feedFastPath, push: push.workers, websub };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
