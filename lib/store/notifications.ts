/**
 * Durable fan-out state: the notification item of an article's first publication (claimed with a lease, progress
 * and delivery counters on it), its batches of subscribers, and per-subscriber delivery markers. Every write is a
 * single-item conditional or idempotent write, so a crash at any point leaves work the sweeper can finish.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet, batchWrite, send, sendConditional, sendIfAllowed, type Db, type Item } from "./db.ts";
import { batchPk, deliveryKey, notificationKey } from "./keys.ts";
import type { SubscriberTarget } from "./subscriptions.ts";
import { STATE_INDEX } from "./table.ts";

export type NotificationState = "pending" | "fanning" | "fanned" | "done" | "cancelled";

/** Delivery counters kept on the notification item, added once per batch run. */
export interface DeliveryCounts {
  attempted: number;
  delivered: number;
  expired: number;
  failed: number;
  retried: number;
  held: number;
}

export interface NotificationRecord extends DeliveryCounts {
  articleId: string;
  state: NotificationState;
  createdAt: string;
  owner?: string;
  leaseUntil?: string;
  /** Fan-out position per source (`<topic>#<shard>`). */
  cursors: Record<string, SourcePosition>;
  batchesTotal: number;
  batchesDone: number;
}

/** How far the fan-out has read one membership source. */
export interface SourcePosition {
  /** Last member put into a batch. */
  after?: string;
  /** Batches written from this source so far. */
  batches: number;
  done: boolean;
}

/** What a queue carries: enough to find the batch item again (SQS message body in AWS). */
export interface BatchRef {
  articleId: string;
  batch: string;
}

export interface BatchRecord extends BatchRef {
  state: "pending" | "done";
  members: SubscriberTarget[];
  /** True for pushes held for quiet hours: sent at `dueAt` regardless of the window. */
  held: boolean;
  runs: number;
  source?: string;
  after?: string;
  dueAt?: string;
}

/** How a subscriber's push for an article ended (or "held" until quiet hours end). */
export type DeliveryOutcome = "delivered" | "gone" | "failed" | "held";

const COUNTERS = ["attempted", "delivered", "expired", "failed", "retried", "held"] as const;
const MARKER_TTL_SECONDS = 7 * 24 * 60 * 60;

export function createNotificationStore(options: { db: Db; now: () => Date }) {
  const { db, now } = options;
  const iso = () => now().toISOString();

  async function get(articleId: string): Promise<NotificationRecord | undefined> {
    const out = await send<{ Item?: Item }>(db, new GetCommand({ TableName: db.table, Key: notificationKey(articleId), ConsistentRead: true }));
    return out.Item ? toRecord(out.Item) : undefined;
  }

  /** Takes the fan-out: pending, or fanning under an expired lease (its owner died). */
  async function claim(articleId: string, owner: string, leaseMs: number): Promise<NotificationRecord | undefined> {
    const out = await sendIfAllowed(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: notificationKey(articleId),
        UpdateExpression: "SET #state = :fanning, #owner = :owner, leaseUntil = :lease, cursors = if_not_exists(cursors, :empty)",
        ConditionExpression: "#state = :pending OR (#state = :fanning AND leaseUntil < :now)",
        ExpressionAttributeNames: { "#state": "state", "#owner": "owner" },
        ExpressionAttributeValues: {
          ":fanning": "fanning",
          ":pending": "pending",
          ":owner": owner,
          ":empty": {},
          ":now": iso(),
          ":lease": new Date(now().getTime() + leaseMs).toISOString(),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return out?.Attributes ? toRecord(out.Attributes) : undefined;
  }

  /**
   * Saves one source's position and renews the lease; false when another owner took over. Each source is its own
   * map entry, so sources read in parallel never overwrite each other's progress.
   */
  function saveProgress(articleId: string, owner: string, source: string, position: SourcePosition, leaseMs: number) {
    return sendConditional(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: notificationKey(articleId),
        UpdateExpression: "SET cursors.#src = :position, leaseUntil = :lease",
        ConditionExpression: "#owner = :owner AND #state = :fanning",
        ExpressionAttributeNames: { "#owner": "owner", "#state": "state", "#src": source },
        ExpressionAttributeValues: {
          ":position": position,
          ":owner": owner,
          ":fanning": "fanning",
          ":lease": new Date(now().getTime() + leaseMs).toISOString(),
        },
      }),
    );
  }

  /** Ends the fan-out phase (every batch written) and drops the item from the work index. */
  async function finishFanout(articleId: string, owner: string, state: "fanned" | "cancelled", batchesTotal: number): Promise<boolean> {
    const done = await sendConditional(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: notificationKey(articleId),
        // A fanned notification stays in the sweeper's index until settled: a crash between a batch's completion
        // and its count would otherwise strand it short of done.
        UpdateExpression:
          state === "fanned"
            ? "SET #state = :state, batchesTotal = :total, batchesDone = if_not_exists(batchesDone, :zero) REMOVE leaseUntil"
            : "SET #state = :state, batchesTotal = :total, batchesDone = if_not_exists(batchesDone, :zero) REMOVE stateKey, stateAt, leaseUntil",
        ConditionExpression: "#owner = :owner AND #state = :fanning",
        ExpressionAttributeNames: { "#owner": "owner", "#state": "state" },
        ExpressionAttributeValues: { ":owner": owner, ":fanning": "fanning", ":state": state, ":total": batchesTotal, ":zero": 0 },
      }),
    );
    if (done && state === "fanned") await settle(articleId);
    return done;
  }

  /** Marks the notification done once every batch is. */
  async function settle(articleId: string): Promise<void> {
    await sendConditional(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: notificationKey(articleId),
        UpdateExpression: "SET #state = :done REMOVE stateKey, stateAt",
        ConditionExpression: "#state = :fanned AND batchesDone >= batchesTotal",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":done": "done", ":fanned": "fanned" },
      }),
    );
  }

  /** Adds one batch run's counters in a single UpdateItem (not one write per message: the item would run hot). */
  async function addCounts(articleId: string, counts: Partial<DeliveryCounts>, batchDone: boolean): Promise<void> {
    const parts: string[] = [];
    const values: Record<string, number> = {};
    for (const name of COUNTERS) {
      const n = counts[name] ?? 0;
      if (n !== 0) {
        parts.push(`${name} :${name}`);
        values[`:${name}`] = n;
      }
    }
    if (batchDone) {
      parts.push("batchesDone :one");
      values[":one"] = 1;
    }
    if (parts.length === 0) return;
    await sendConditional(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: notificationKey(articleId),
        UpdateExpression: `ADD ${parts.join(", ")}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: values,
      }),
    );
    if (batchDone) await settle(articleId);
  }

  /**
   * Recounts a fanned notification's finished batches from the batch items themselves (the count is only a
   * convenience that a crash between a batch's completion and its count can leave short), then settles it.
   */
  async function reconcile(articleId: string): Promise<void> {
    const record = await get(articleId);
    if (!record || record.state !== "fanned") return;
    let done = 0;
    let start: Item | undefined;
    do {
      const out = await send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
        db,
        new QueryCommand({
          TableName: db.table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :regular)",
          ExpressionAttributeValues: { ":pk": batchPk(articleId), ":regular": "B#" },
          ProjectionExpression: "#state",
          ExpressionAttributeNames: { "#state": "state" },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      done += (out.Items ?? []).filter((i) => i.state === "done").length;
      start = out.LastEvaluatedKey;
    } while (start);
    await sendConditional(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: notificationKey(articleId),
        UpdateExpression: "SET batchesDone = :done",
        ConditionExpression: "#state = :fanned",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":done": done, ":fanned": "fanned" },
      }),
    );
    await settle(articleId);
  }

  /** Articles whose fan-out is pending, was left mid-way, or is fanned but not yet settled (stateKey "notify"). */
  const pendingIds = async (limit = 100) => (await indexQuery("notify", undefined, limit)).map((i) => i.pk.slice(2));

  async function indexQuery(stateKey: string, before: string | undefined, limit: number): Promise<Item[]> {
    const out = await send<{ Items?: Item[] }>(
      db,
      new QueryCommand({
        TableName: db.table,
        IndexName: STATE_INDEX,
        KeyConditionExpression: before ? "stateKey = :k AND stateAt < :before" : "stateKey = :k",
        ExpressionAttributeValues: before ? { ":k": stateKey, ":before": before } : { ":k": stateKey },
        Limit: limit,
      }),
    );
    return out.Items ?? [];
  }

  /** Writes a batch once; when it already exists (a resumed fan-out), returns the stored one. */
  async function putBatch(batch: Omit<BatchRecord, "state" | "runs">): Promise<BatchRecord> {
    const stamp = iso();
    const key = { pk: batchPk(batch.articleId), sk: batch.batch };
    const indexKey = batch.held ? "held" : "batch";
    const item = {
      ...key,
      ...batch,
      state: "pending",
      runs: 0,
      createdAt: stamp,
      stateKey: indexKey,
      stateAt: `${batch.held ? batch.dueAt : stamp}#${batch.articleId}#${batch.batch}`,
    };
    const written = await sendConditional(db, new PutCommand({ TableName: db.table, Item: item, ConditionExpression: "attribute_not_exists(pk)" }));
    if (written) return toBatch(item as unknown as Item);
    const existing = await getBatch(batch);
    if (!existing) throw new Error(`store: batch ${batch.articleId}/${batch.batch} vanished`);
    return existing;
  }

  async function getBatch(ref: BatchRef): Promise<BatchRecord | undefined> {
    const out = await send<{ Item?: Item }>(
      db,
      new GetCommand({ TableName: db.table, Key: { pk: batchPk(ref.articleId), sk: ref.batch }, ConsistentRead: true }),
    );
    return out.Item ? toBatch(out.Item) : undefined;
  }

  /** Takes a pending batch under a lease, so two workers never send the same batch at once. */
  async function claimBatch(ref: BatchRef, leaseMs: number): Promise<BatchRecord | undefined> {
    const out = await sendIfAllowed(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: { pk: batchPk(ref.articleId), sk: ref.batch },
        UpdateExpression: "SET leaseUntil = :lease ADD runs :one",
        ConditionExpression: "#state = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ":pending": "pending",
          ":now": iso(),
          ":one": 1,
          ":lease": new Date(now().getTime() + leaseMs).toISOString(),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return out?.Attributes ? toBatch(out.Attributes) : undefined;
  }

  /** Marks a batch done (once: the caller that wins adds the batch to the notification's done count). */
  function completeBatch(ref: BatchRef): Promise<boolean> {
    return sendConditional(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: { pk: batchPk(ref.articleId), sk: ref.batch },
        UpdateExpression: "SET #state = :done REMOVE stateKey, stateAt, leaseUntil",
        ConditionExpression: "#state = :pending",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":done": "done", ":pending": "pending" },
      }),
    );
  }

  /** Lets a batch with retryable sends left be claimed again after `retryAt` (by the sweeper). */
  async function releaseBatch(ref: BatchRef, retryAt: Date): Promise<void> {
    await sendConditional(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: { pk: batchPk(ref.articleId), sk: ref.batch },
        UpdateExpression: "SET leaseUntil = :at",
        ConditionExpression: "#state = :pending",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":at": retryAt.toISOString(), ":pending": "pending" },
      }),
    );
  }

  /** Pending regular batches created before `before`, and held batches due by `dueBy`. */
  async function dueBatches(before: Date, dueBy: Date, limit = 100): Promise<BatchRef[]> {
    const stale = await indexQuery("batch", before.toISOString(), limit);
    // "~" sorts after "#", so a batch due exactly now is included.
    const held = await indexQuery("held", `${dueBy.toISOString()}~`, limit);
    return [...stale, ...held].map((i) => ({ articleId: i.pk.slice(3), batch: i.sk }));
  }

  /** Delivery markers of these subscribers for an article. */
  async function readMarkers(articleId: string, subIds: string[]): Promise<Map<string, DeliveryOutcome>> {
    const found = new Map<string, DeliveryOutcome>();
    for (let i = 0; i < subIds.length; i += 100) {
      const items = await batchGet(db, subIds.slice(i, i + 100).map((id) => deliveryKey(articleId, id)));
      for (const item of items) found.set(String(item.subId), item.outcome as DeliveryOutcome);
    }
    return found;
  }

  /** Writes markers (BatchWriteItem, 25 a request), with `expiresAt` for DynamoDB TTL. */
  async function writeMarkers(articleId: string, outcomes: Array<{ subId: string; outcome: DeliveryOutcome }>): Promise<void> {
    const expiresAt = Math.floor(now().getTime() / 1000) + MARKER_TTL_SECONDS;
    await batchWrite(
      db,
      outcomes.map(({ subId, outcome }) => ({ PutRequest: { Item: { ...deliveryKey(articleId, subId), subId, outcome, expiresAt } } })),
    );
  }

  return {
    get, claim, saveProgress, finishFanout, addCounts, pendingIds, reconcile,
    putBatch, getBatch, claimBatch, completeBatch, releaseBatch, dueBatches, readMarkers, writeMarkers,
  };
}

export type NotificationStore = ReturnType<typeof createNotificationStore>;

function toRecord(item: Item): NotificationRecord {
  const record: NotificationRecord = {
    articleId: String(item.articleId ?? item.pk.slice(2)),
    state: (item.state as NotificationState) ?? "pending",
    createdAt: String(item.createdAt ?? ""),
    cursors: (item.cursors as Record<string, SourcePosition>) ?? {},
    // While fanning out, the total so far is the sum over sources; afterwards it is fixed on the item.
    batchesTotal: Number(
      item.batchesTotal ?? Object.values((item.cursors as Record<string, SourcePosition>) ?? {}).reduce((n, p) => n + Number(p.batches ?? 0), 0),
    ),
    batchesDone: Number(item.batchesDone ?? 0),
    attempted: 0, delivered: 0, expired: 0, failed: 0, retried: 0, held: 0,
  };
  for (const name of COUNTERS) record[name] = Number(item[name] ?? 0);
  if (typeof item.owner === "string") record.owner = item.owner;
  if (typeof item.leaseUntil === "string") record.leaseUntil = item.leaseUntil;
  return record;
}

function toBatch(item: Item): BatchRecord {
  const batch: BatchRecord = {
    articleId: String(item.articleId),
    batch: String(item.sk),
    state: item.state === "done" ? "done" : "pending",
    members: (item.members as SubscriberTarget[]) ?? [],
    held: item.held === true,
    runs: Number(item.runs ?? 0),
  };
  if (typeof item.source === "string") batch.source = item.source;
  if (typeof item.after === "string") batch.after = item.after;
  if (typeof item.dueAt === "string") batch.dueAt = item.dueAt;
  return batch;
}
