/**
 * The whole service in one process (the local runtime, tests, benchmarks): store, article service, HTTP app and push
 * delivery with web-push. The Lambdas each assemble only their part from lib/compose/ (functions/aws/services.ts).
 */
import type { ChangeListener } from "./articles/service.ts";
import { clickSecretFrom, createStoreFor, createWebSubFor } from "./compose/core.ts";
import { createHttpServices } from "./compose/http.ts";
import type { Config } from "./config.ts";
import type { DocumentClient } from "./store/index.ts";
import type { Context } from "hono";
import type { Compressors } from "./feeds/render-cache.ts";
import type { AssetLoader } from "./http/static-routes.ts";
import type { Logger } from "./log.ts";
import { createPushServices, type PushRuntime } from "./compose/push.ts";
import { pushSenderFor } from "./push/sender.ts";

export interface ServicesOptions {
  config: Config;
  client: DocumentClient;
  adminToken: string;
  logger: Logger;
  listeners?: ChangeListener[];
  now?: () => Date;
  /** gzip and brotli for pre-compressed feeds (node:zlib locally and in Lambda). */
  compress?: Compressors;
  loadAsset?: AssetLoader;
  vapidPublicKey?: string;
  /** How this runtime reaches push services (see lib/compose/push.ts). */
  push?: PushRuntime;
  /** The peer address of a request, for per-client limits (getConnInfo in Node). */
  peerAddress?: (c: Context) => string | undefined;
}

export async function createServices(options: ServicesOptions) {
  const { config } = options;
  const store = await createStoreFor({ config, client: options.client, adminToken: options.adminToken, ...(options.now ? { now: options.now } : {}) });
  const now = options.now ?? (() => new Date());
  const push = await createPushServices({
    config,
    store,
    logger: options.logger,
    now,
    clickSecret: await clickSecretFrom(options.adminToken),
    // This process delivers what it fans out (web-push over the runtime's transport), unless the runtime brings a sender.
    runtime: { createSender: pushSenderFor, ...options.push },
  });
  const websub = createWebSubFor(config, options.logger);
  const pushListener = push.workers && options.push?.fanOutOnPublish !== false ? [push.workers.listener] : [];
  const vapidPublicKey = options.vapidPublicKey ?? push.publicKey;
  const http = createHttpServices({
    config,
    store,
    adminToken: options.adminToken,
    logger: options.logger,
    now,
    listeners: [...(websub ? [websub.listener] : []), ...pushListener, ...(options.listeners ?? [])],
    ...(options.compress ? { compress: options.compress } : {}),
    ...(options.loadAsset ? { loadAsset: options.loadAsset } : {}),
    ...(vapidPublicKey ? { vapidPublicKey } : {}),
    push,
    ...(options.peerAddress ? { peerAddress: options.peerAddress } : {}),
  });
  return { store, ...http, push: push.workers, websub };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
