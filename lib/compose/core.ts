/**
 * The pieces every composition root needs, with nothing heavy attached: the store (with its cursor key) and the
 * WebSub publisher. No Hono, no web-push, no HTML sanitiser here, so a Lambda that imports only this file carries
 * none of them (tests/functions/bundles.test.ts checks the built bundles).
 */
import type { Config } from "../config.ts";
import { sha256 } from "../crypto/digest.ts";
import type { Logger } from "../log.ts";
import { createStore, type DocumentClient, type Store } from "../store/index.ts";
import { createWebSubPublisher, type WebSubPublisherOptions } from "../websub/index.ts";

/** Cursor signing key, derived so that operators have one secret fewer to manage. */
export async function cursorSecretFrom(adminToken: string): Promise<string> {
  // Hex, as before: cursors already handed out stay valid.
  return [...(await sha256(`cursor-signing:${adminToken}`))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Click-tag key (lib/push/click-tags.ts), derived like the cursor key: the same in every process of a deployment. */
export async function clickSecretFrom(adminToken: string): Promise<string> {
  return [...(await sha256(`push-click-tags:${adminToken}`))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export interface StoreOptions {
  config: Config;
  client: DocumentClient;
  adminToken: string;
  now?: () => Date;
}

/** The store over the table named in config; creating it performs no I/O. */
export async function createStoreFor(options: StoreOptions): Promise<Store> {
  const { config } = options;
  return createStore({
    client: options.client,
    tableName: config.tableName,
    cursorSecret: await cursorSecretFrom(options.adminToken),
    viewShards: config.viewShards,
    viewRollupSeconds: config.viewRollupSeconds,
    subShards: config.push.subShards,
    ...(options.now ? { now: options.now } : {}),
  });
}

/** Retry settings a caller may tighten (a Lambda must finish its pings within its timeout). */
export type WebSubRetryOptions = Partial<Pick<WebSubPublisherOptions, "maxAttempts" | "baseDelayMs" | "maxDelayMs" | "timeoutMs">>;

/** The WebSub publisher when a hub is configured (WEBSUB_HUB_URL), else undefined. */
export function createWebSubFor(config: Config, logger: Logger, retry: WebSubRetryOptions = {}) {
  return config.feeds.hubUrl
    ? createWebSubPublisher({
        hubUrl: config.feeds.hubUrl,
        baseUrl: config.publicBaseUrl,
        fetch: (url, init) => fetch(url, init),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        random: Math.random,
        logger,
        ...retry,
      })
    : undefined;
}
