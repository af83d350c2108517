/**
 * Push subscriptions: one item per browser endpoint plus one membership item per followed topic, sharded so the
 * fan-out reads subscribers with parallel Queries (never a Scan) and no partition holds everyone.
 */
import { DeleteCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchWrite, send, type Db, type Item, type WriteRequest } from "./db.ts";
import { membershipPk, subscriptionKey } from "./keys.ts";

/** Topic of the subscribers who follow everything. */
export const ALL_TOPICS = "*";

/** What a send needs about one subscriber; copied into each membership so selection needs no second read. */
export interface SubscriberTarget {
  subId: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  timeZone?: string;
  quietHours?: { start: string; end: string };
}

/** A validated subscription as the API hands it over. */
export interface SubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  topics?: string[];
  timeZone?: string;
  quietHours?: { start: string; end: string };
}

export interface MemberPage {
  members: SubscriberTarget[];
  /** Sort key of the last member read; absent when the partition is exhausted. */
  after?: string;
}

export interface SubscriptionStoreOptions {
  db: Db;
  now: () => Date;
  /** Membership shards per topic (SUB_SHARDS). */
  shards: number;
}

/** base64url of the first 16 bytes of SHA-256(endpoint): a stable id that does not reveal the endpoint. */
export async function subscriptionId(endpoint: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(endpoint)));
  let binary = "";
  for (const byte of digest.subarray(0, 16)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Shard of a subscriber: FNV-1a of its id, so it is the same in every topic it follows. */
export function shardOf(subId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < subId.length; i++) hash = Math.imul(hash ^ subId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % shards;
}

export function createSubscriptionStore(options: SubscriptionStoreOptions) {
  const { db, shards } = options;
  const topicsOf = (topics: string[] | undefined) => (topics && topics.length > 0 ? [...new Set(topics)] : [ALL_TOPICS]);
  const membershipKey = (topic: string, subId: string) => ({ pk: membershipPk(topic, shardOf(subId, shards)), sk: subId });

  /** Creates or replaces a subscription by endpoint; memberships of topics no longer followed are deleted. */
  async function upsert(input: SubscriptionInput): Promise<{ id: string; topics: string[]; created: boolean }> {
    const subId = await subscriptionId(input.endpoint);
    const stamp = options.now().toISOString();
    const topics = topicsOf(input.topics);
    const target: SubscriberTarget = { subId, endpoint: input.endpoint, keys: input.keys };
    if (input.timeZone) target.timeZone = input.timeZone;
    if (input.quietHours) target.quietHours = input.quietHours;
    const fields: Record<string, unknown> = { ...target, topics, updatedAt: stamp };
    const names = Object.keys(fields);
    const removed = (["timeZone", "quietHours"] as const).filter((name) => target[name] === undefined);
    const removedNames = Object.fromEntries(removed.map((name) => [`#${name}`, name]));
    // One UpdateItem: keeps the first createdAt, replaces the rest, and returns the old topics to clean up.
    const out = await send<{ Attributes?: Item }>(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: subscriptionKey(subId),
        UpdateExpression:
          `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(", ")}, createdAt = if_not_exists(createdAt, :now)` +
          (removed.length > 0 ? ` REMOVE ${removed.map((n) => `#${n}`).join(", ")}` : ""),
        ExpressionAttributeNames: { ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])), ...removedNames },
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((n, i) => [`:f${i}`, fields[n]])), ":now": stamp },
        ReturnValues: "ALL_OLD",
      }),
    );
    const old = out.Attributes;
    const oldTopics = Array.isArray(old?.topics) ? (old.topics as string[]) : [];
    const requests: WriteRequest[] = topics.map((topic) => ({ PutRequest: { Item: { ...membershipKey(topic, subId), ...target } } }));
    for (const topic of oldTopics) {
      if (!topics.includes(topic)) requests.push({ DeleteRequest: { Key: membershipKey(topic, subId) } });
    }
    await batchWrite(db, requests);
    return { id: subId, topics: topics.filter((t) => t !== ALL_TOPICS), created: !old };
  }

  /** Deletes a subscription and its memberships by id; unknown ids are fine. */
  async function removeById(subId: string): Promise<boolean> {
    const out = await send<{ Attributes?: Item }>(
      db,
      new DeleteCommand({ TableName: db.table, Key: subscriptionKey(subId), ReturnValues: "ALL_OLD" }),
    );
    const topics = Array.isArray(out.Attributes?.topics) ? (out.Attributes.topics as string[]) : [ALL_TOPICS];
    await batchWrite(db, topics.map((topic) => ({ DeleteRequest: { Key: membershipKey(topic, subId) } })));
    return out.Attributes !== undefined;
  }

  const remove = async (endpoint: string) => removeById(await subscriptionId(endpoint));

  /** One page of a topic shard's members, in subId order, after `after`, at most `limit`. */
  async function members(topic: string, shard: number, page: { limit: number; after?: string }): Promise<MemberPage> {
    const pk = membershipPk(topic, shard);
    const out = await send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
      db,
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": pk },
        Limit: page.limit,
        ...(page.after ? { ExclusiveStartKey: { pk, sk: page.after } } : {}),
      }),
    );
    const list = (out.Items ?? []).map(toTarget);
    const result: MemberPage = { members: list };
    if (out.LastEvaluatedKey && list.length > 0) result.after = list.at(-1)!.subId;
    return result;
  }

  return { upsert, remove, removeById, members, shards };
}

function toTarget(item: Item): SubscriberTarget {
  const target: SubscriberTarget = {
    subId: String(item.sk),
    endpoint: String(item.endpoint),
    keys: item.keys as SubscriberTarget["keys"],
  };
  if (typeof item.timeZone === "string") target.timeZone = item.timeZone;
  if (item.quietHours) target.quietHours = item.quietHours as { start: string; end: string };
  return target;
}

export type SubscriptionStore = ReturnType<typeof createSubscriptionStore>;
