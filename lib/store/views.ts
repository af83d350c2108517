/**
 * View counting without a hot item: each view adds to one of N shard items chosen at random, so a viral article
 * spreads its writes over N partitions (about N × 1,000 writes/s). The exact count is the sum of the shards; lists
 * show a roll-up copied onto the article and its feed entries at most once per `rollupSeconds`.
 */
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet, send, sendConditional, type Db, type Item } from "./db.ts";
import type { ArticleItem } from "./article-item.ts";
import { articleKey, feedPk, viewShardKey } from "./keys.ts";

export interface ViewCounterOptions {
  db: Db;
  now: () => Date;
  shards: number;
  rollupSeconds: number;
  random: () => number;
}

/** Sum of the view shards among `items` (a BatchGet result), leaving out the shard `exceptPk`. */
export function sumShards(items: Item[], exceptPk?: string): number {
  return items.filter((i) => i.sk === "V" && i.pk !== exceptPk).reduce((sum, i) => sum + Number(i.n ?? 0), 0);
}

export function createViewCounter(options: ViewCounterOptions) {
  const { db, shards } = options;
  const shardKeys = (id: string) => Array.from({ length: shards }, (_, k) => viewShardKey(id, k));

  /** Adds one view; returns the new total, or undefined when the article is not live. */
  async function increment(id: string): Promise<number | undefined> {
    const items = await batchGet(db, [articleKey(id), ...shardKeys(id)]);
    const article = items.find((i) => i.sk === "A") as ArticleItem | undefined;
    if (!article || article.status !== "live") return undefined;
    const shard = Math.floor(options.random() * shards);
    const out = await send<{ Attributes?: { n?: number } }>(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: viewShardKey(id, shard),
        UpdateExpression: "ADD n :one",
        ExpressionAttributeValues: { ":one": 1 },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    const own = viewShardKey(id, shard).pk;
    const others = sumShards(items, own);
    const total = others + Number(out.Attributes?.n ?? 0);
    await maybeRollUp(article, total);
    return total;
  }

  async function maybeRollUp(article: ArticleItem, total: number, force = false): Promise<void> {
    const now = options.now();
    const last = article.viewsRolledAt ? Date.parse(article.viewsRolledAt) : 0;
    if (!force && now.getTime() - last < options.rollupSeconds * 1000) return;
    // Only the caller that wins this conditional write copies the count; the others carry on.
    const won = await sendConditional(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: articleKey(article.id),
        UpdateExpression: "SET #views = :total, viewsRolledAt = :now",
        ConditionExpression: article.viewsRolledAt ? "viewsRolledAt = :last" : "attribute_not_exists(viewsRolledAt)",
        ExpressionAttributeNames: { "#views": "views" },
        ExpressionAttributeValues: {
          ":total": total,
          ":now": now.toISOString(),
          ...(article.viewsRolledAt ? { ":last": article.viewsRolledAt } : {}),
        },
      }),
    );
    if (!won || !article.syncedSk) return;
    for (const feed of article.syncedFeeds) {
      await sendConditional(
        db,
        new UpdateCommand({
          TableName: db.table,
          Key: { pk: feedPk(feed), sk: article.syncedSk },
          UpdateExpression: "SET #views = :total",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#views": "views" },
          ExpressionAttributeValues: { ":total": total },
        }),
      );
    }
  }

  /** Gives an article a starting count (demo data, imports of a known count); never lowers an existing one. */
  async function seed(id: string, views: number): Promise<void> {
    await sendConditional(
      db,
      new PutCommand({
        TableName: db.table,
        Item: { ...viewShardKey(id, 0), n: views } satisfies Item,
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    // Lists show the rolled-up count, so a seeded count is rolled up at once.
    const items = await batchGet(db, [articleKey(id), ...shardKeys(id)]);
    const article = items.find((i) => i.sk === "A") as ArticleItem | undefined;
    const total = sumShards(items);
    if (article) await maybeRollUp(article, total, true);
  }

  return { increment, seed };
}

export type ViewCounter = ReturnType<typeof createViewCounter>;
