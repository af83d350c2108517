/**
 * Click-throughs of push alerts: one item per article and click tag, written with one conditional PutItem, so a
 * subscription's repeated clicks count once. Items spread over a fixed number of shards (a viral alert's clicks would
 * otherwise all land on one partition's ~1,000 writes/s); the count is a COUNT query per shard, run when push-stats
 * is read, never on the click path.
 */
import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { send, sendIfAllowed, type Db, type Item } from "./db.ts";
import { articleKey, clickShardPk } from "./keys.ts";
import { shardOf } from "./subscriptions.ts";

/** Fixed, not configurable: a tag's shard must never move, or a repeated click could land in a second shard. */
export const CLICK_SHARDS = 10;

/** Where a click on an article's alert goes: the stored article URL while it is live. */
export type ClickDestination = { kind: "live"; url: string } | { kind: "gone" } | { kind: "missing" };

export function createClickStore(options: { db: Db; now: () => Date }) {
  const { db } = options;

  /** One GetItem of the article's status and URL (eventually consistent, two attributes: half a read unit). */
  async function destination(articleId: string): Promise<ClickDestination> {
    const out = await send<{ Item?: { status?: unknown; url?: unknown } }>(
      db,
      new GetCommand({
        TableName: db.table,
        Key: articleKey(articleId),
        ProjectionExpression: "#status, #url",
        ExpressionAttributeNames: { "#status": "status", "#url": "url" },
      }),
    );
    if (!out.Item) return { kind: "missing" };
    if (out.Item.status !== "live" || typeof out.Item.url !== "string") return { kind: "gone" };
    return { kind: "live", url: out.Item.url };
  }

  /** Counts one click; false when this tag already clicked this article (nothing is written then). */
  async function record(articleId: string, tag: string): Promise<boolean> {
    const written = await sendIfAllowed(
      db,
      new PutCommand({
        TableName: db.table,
        Item: { pk: clickShardPk(articleId, shardOf(tag, CLICK_SHARDS)), sk: tag, at: options.now().toISOString() },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return written !== undefined;
  }

  /** Distinct clicks of an article's alert: the shards counted in parallel, each paged until exhausted. */
  async function count(articleId: string): Promise<number> {
    const perShard = await Promise.all(
      Array.from({ length: CLICK_SHARDS }, async (_, shard) => {
        let total = 0;
        let start: Item | undefined;
        do {
          const out = await send<{ Count?: number; LastEvaluatedKey?: Item }>(
            db,
            new QueryCommand({
              TableName: db.table,
              KeyConditionExpression: "pk = :pk",
              ExpressionAttributeValues: { ":pk": clickShardPk(articleId, shard) },
              Select: "COUNT",
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          total += out.Count ?? 0;
          start = out.LastEvaluatedKey;
        } while (start);
        return total;
      }),
    );
    return perShard.reduce((a, b) => a + b, 0);
  }

  return { destination, record, count };
}

export type ClickStore = ReturnType<typeof createClickStore>;
