/**
 * The store's public face. lib/store is the only part of lib/ that speaks DynamoDB, through the SDK's document client
 * that functions/node/dynamo-client.ts builds and passes in; the rest of lib/ imports the store from here (key helpers
 * from ./keys.ts).
 */
import { CreateTableCommand, DescribeTableCommand, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { createArticleStore } from "./articles.ts";
import { warmUpStore } from "./warm-up.ts";
import { createViewCounter } from "./views.ts";
import { createSubscriptionStore } from "./subscriptions.ts";
import { createNotificationStore } from "./notifications.ts";
import { createSectionStore } from "./sections.ts";
import { createSitemapStore } from "./sitemap.ts";
import { createClickStore } from "./clicks.ts";
import { send, type Db, type DocumentClient } from "./db.ts";
import { tableDefinition } from "./table.ts";

export { StoreUnavailableError } from "./errors.ts";
export { ALL_FEED, categoryFeed, tagFeed, feedsOf, type FeedKey } from "./keys.ts";
export { tableDefinition } from "./table.ts";
export { decodeStreamRecord } from "./stream-events.ts";
export type { StoreEvent, StreamRecordShape } from "./stream-events.ts";
export type { ArticleStore, ReadResult, PublishResult, UnpublishResult, ListResult, FeedVersion } from "./articles.ts";
export type { SyncResult } from "./sync.ts";
export { orderSections } from "./sections.ts";
export type { SectionStore, SectionSettings, SectionsRead } from "./sections.ts";
export type { SitemapStore, SitemapLine, SitemapDay, SitemapRead } from "./sitemap.ts";
export type { ViewCounter } from "./views.ts";
export type { ClickStore } from "./clicks.ts";
export type { Db, DocumentClient } from "./db.ts";
export { ALL_TOPICS, shardOf, subscriptionId } from "./subscriptions.ts";
export type { SubscriptionStore, SubscriberTarget, SubscriptionInput, MemberPage } from "./subscriptions.ts";
export type {
  NotificationStore, NotificationRecord, NotificationState, BatchRef, BatchRecord, DeliveryCounts, DeliveryOutcome, SourcePosition,
} from "./notifications.ts";
export { batchSk, heldBatchSk } from "./keys.ts";

export interface StoreOptions {
  client: DocumentClient;
  tableName: string;
  now?: () => Date;
  cursorSecret: string;
  viewShards?: number;
  viewRollupSeconds?: number;
  /** Membership shards per push topic (SUB_SHARDS). */
  subShards?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export function createStore(options: StoreOptions) {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const db: Db = {
    client: options.client,
    table: options.tableName,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random,
  };
  const viewShards = options.viewShards ?? 10;
  return {
    db,
    articles: createArticleStore({ db, now, cursorSecret: options.cursorSecret, viewShards }),
    views: createViewCounter({
      db,
      now,
      shards: viewShards,
      rollupSeconds: options.viewRollupSeconds ?? 60,
      random,
    }),
    subscriptions: createSubscriptionStore({ db, now, shards: options.subShards ?? 8 }),
    notifications: createNotificationStore({ db, now }),
    sections: createSectionStore({ db, now }),
    sitemap: createSitemapStore({ db }),
    clicks: createClickStore({ db, now }),
    /** Pays the SDK's and the store's first-use costs before a publish waits on them; writes nothing (./warm-up.ts). */
    warmUp: () => warmUpStore(db),
    /** Answers once the table can be reached; used by /health. */
    async ping(): Promise<void> {
      await send(db, new DescribeTableCommand({ TableName: db.table }));
    },
  };
}

export type Store = ReturnType<typeof createStore>;

/**
 * Creates the table when it does not exist yet (local store, tests); on AWS the infrastructure owns it. Waits with the
 * SDK's waiter until the table is ACTIVE: it asks at once, then at 50 ms and up (dynalite is ACTIVE at once, DynamoDB
 * takes seconds), and gives up after `maxWaitSeconds`.
 */
export async function ensureTable(client: DocumentClient, tableName: string, options: { maxWaitSeconds?: number } = {}): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof Error) || error.name !== "ResourceNotFoundException") throw error;
  }
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  try {
    // The document client sends table commands through the same stack as the client it wraps (see db.ts's Command).
    await waitUntilTableExists(
      { client, minDelay: 0.05, maxDelay: 1, maxWaitTime: options.maxWaitSeconds ?? 30 },
      { TableName: tableName },
    );
  } catch (error) {
    throw new Error(`store: table ${tableName} did not become ACTIVE`, { cause: error });
  }
}
