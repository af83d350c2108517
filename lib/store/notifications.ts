/**
 * Durable fan-out state: the notification item of an article's first publication (claimed with a lease, delivery
 * counters on it), its batches of subscribers (which are also the fan-out's progress), and delivery markers written
 * in pages as sends complete. Every write is a single-item conditional or idempotent write, so a crash at any point
 * leaves work the sweeper can finish.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { queryAll, send, sendConditional, sendIfAllowed, type Db, type Item } from "./db.ts";
import { batchPk, batchSk, markerPageKey, markerPk, notificationKey, originBatchSk } from "./keys.ts";
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
  /** Times the fan-out was claimed: more than 1 means an earlier owner may have written batches to resume from. */
  claims: number;
  /** Known once the fan-out is written (state fanned); 0 before. */
  batchesTotal: number;
  batchesDone: number;
}

/** How far the fan-out has read one membership source (`<topic>#<shard>`). */
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
const OUTCOMES: readonly DeliveryOutcome[] = ["delivered", "gone", "failed", "held"];
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
        UpdateExpression: "SET #state = :fanning, #owner = :owner, leaseUntil = :lease ADD claims :one",
        ConditionExpression: "#state = :pending OR (#state = :fanning AND leaseUntil < :now)",
        ExpressionAttributeNames: { "#state": "state", "#owner": "owner" },
        ExpressionAttributeValues: {
          ":fanning": "fanning",
          ":pending": "pending",
          ":owner": owner,
          ":one": 1,
          ":now": iso(),
          ":lease": new Date(now().getTime() + leaseMs).toISOString(),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return out?.Attributes ? toRecord(out.Attributes) : undefined;
  }

  /** Extends the fan-out's lease; false when another owner took over. */
  function renewLease(articleId: string, owner: string, leaseMs: number): Promise<boolean> {
    return sendConditional(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: notificationKey(articleId),
        UpdateExpression: "SET leaseUntil = :lease",
        ConditionExpression: "#owner = :owner AND #state = :fanning",
        ExpressionAttributeNames: { "#owner": "owner", "#state": "state" },
        ExpressionAttributeValues: { ":owner": owner, ":fanning": "fanning", ":lease": new Date(now().getTime() + leaseMs).toISOString() },
      }),
    );
  }

  /**
   * Where each source stands, from the last batch it wrote (batches are written in order, each naming the member it
   * stopped after): for a resumed fan-out, so it neither re-reads nor re-writes what an earlier owner did. One Query
   * per source, in parallel; a source with no batch yet starts at the beginning.
   */
  async function sourcePositions(articleId: string, sources: string[]): Promise<Map<string, SourcePosition>> {
    const found = await Promise.all(
      sources.map(async (source): Promise<[string, SourcePosition]> => {
        const out = await send<{ Items?: Item[] }>(
          db,
          new QueryCommand({
            TableName: db.table,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues: { ":pk": batchPk(articleId), ":prefix": batchSk(source, 0).slice(0, -6) },
            ProjectionExpression: "sk, #after",
            ExpressionAttributeNames: { "#after": "after" },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        );
        const last = out.Items?.[0];
        if (!last) return [source, { batches: 0, done: false }];
        const batches = Number(last.sk.slice(-6)) + 1;
        return [source, typeof last.after === "string" ? { batches, done: false, after: last.after } : { batches, done: true }];
      }),
    );
    return new Map(found);
  }

  /** Ends the fan-out phase (every batch written) and drops the item from the work index. */
  async function finishFanout(articleId: string, owner: string, state: "fanned" | "cancelled", batchesTotal: number): Promise<boolean> {
    const done = await sendIfAllowed(
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
        ReturnValues: "UPDATED_NEW",
      }),
    );
    // Usually batches are still running and the last one settles it; settle here only when they all finished first.
    if (done && state === "fanned" && Number(done.Attributes?.batchesDone ?? 0) >= batchesTotal) await settle(articleId);
    return done !== undefined;
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
    const out = await sendIfAllowed(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: notificationKey(articleId),
        UpdateExpression: `ADD ${parts.join(", ")}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    );
    // Settle only once the count says every batch is done (while fanning out, the total is not known yet).
    const item = out?.Attributes;
    if (batchDone && item?.state === "fanned" && Number(item.batchesDone ?? 0) >= Number(item.batchesTotal ?? Infinity)) await settle(articleId);
  }

  /**
   * Recounts a fanned notification's finished batches from the batch items themselves (the count is only a
   * convenience that a crash between a batch's completion and its count can leave short), then settles it.
   */
  async function reconcile(articleId: string): Promise<void> {
    const record = await get(articleId);
    if (!record || record.state !== "fanned") return;
    const batches = await queryAll(db, {
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :regular)",
      ExpressionAttributeValues: { ":pk": batchPk(articleId), ":regular": "B#" },
      ProjectionExpression: "#state",
      ExpressionAttributeNames: { "#state": "state" },
      ConsistentRead: true,
    });
    const done = batches.filter((i) => i.state === "done").length;
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

  /**
   * Writes a batch once; when it already exists (a resumed fan-out), returns the stored one. With `claimMs` the batch
   * is written already claimed (its first run, under a lease of that length), for the process that runs it at once:
   * `claimed` says whether this call wrote it so, and `leaseUntil` is the lease it holds.
   */
  async function putBatch(batch: Omit<BatchRecord, "state" | "runs">, options: { claimMs?: number } = {}): Promise<BatchRecord & { claimed?: string }> {
    const stamp = iso();
    const key = { pk: batchPk(batch.articleId), sk: batch.batch };
    const indexKey = batch.held ? "held" : "batch";
    const lease = options.claimMs === undefined ? undefined : new Date(now().getTime() + options.claimMs).toISOString();
    const item = {
      ...key,
      ...batch,
      state: "pending",
      runs: lease ? 1 : 0,
      ...(lease ? { leaseUntil: lease } : {}),
      createdAt: stamp,
      stateKey: indexKey,
      stateAt: `${batch.held ? batch.dueAt : stamp}#${batch.articleId}#${batch.batch}`,
    };
    const written = await sendConditional(db, new PutCommand({ TableName: db.table, Item: item, ConditionExpression: "attribute_not_exists(pk)" }));
    if (written) return { ...toBatch(item as unknown as Item), ...(lease ? { claimed: lease } : {}) };
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

  /**
   * Takes a pending batch under a lease, so two workers never send the same batch at once. `held` is a lease this
   * process holds already (a batch written claimed): it is renewed as long as nobody has taken the batch since.
   */
  async function claimBatch(ref: BatchRef, leaseMs: number, held?: string): Promise<BatchRecord | undefined> {
    const out = await sendIfAllowed(
      db,
      new UpdateCommand({
        TableName: db.table,
        Key: { pk: batchPk(ref.articleId), sk: ref.batch },
        UpdateExpression: held ? "SET leaseUntil = :lease" : "SET leaseUntil = :lease ADD runs :one",
        ConditionExpression: `#state = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now${held ? " OR leaseUntil = :held" : ""})`,
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ":pending": "pending",
          ":now": iso(),
          ":lease": new Date(now().getTime() + leaseMs).toISOString(),
          ...(held ? { ":held": held } : { ":one": 1 }),
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

  /**
   * How each member of the batch's family (a regular batch and the held batches made from it) ended so far, from the
   * family's marker pages. A final outcome wins over "held": a member held and later sent reads as sent.
   */
  async function readMarkers(ref: BatchRef): Promise<Map<string, DeliveryOutcome>> {
    const found = new Map<string, DeliveryOutcome>();
    const pages = await queryAll(db, {
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": markerPk(ref.articleId, originBatchSk(ref.batch)) },
      ConsistentRead: true,
    });
    for (const page of pages) {
      for (const outcome of OUTCOMES) {
        const ids = page[outcome];
        if (!Array.isArray(ids)) continue;
        for (const id of ids as string[]) if (outcome !== "held" || !found.has(id)) found.set(id, outcome);
      }
    }
    return found;
  }

  /**
   * Writes one page of markers: a single PutItem listing subscribers by outcome (one write for many sends, instead of
   * one item per subscriber), with `expiresAt` for DynamoDB TTL. `run` (the batch's claim count) and `seq` (the page's
   * number within the run) make each page's key new, so a page is never overwritten.
   */
  async function writeMarkers(ref: BatchRef, run: number, seq: number, outcomes: Array<{ subId: string; outcome: DeliveryOutcome }>): Promise<void> {
    if (outcomes.length === 0) return;
    const lists: Partial<Record<DeliveryOutcome, string[]>> = {};
    for (const { subId, outcome } of outcomes) (lists[outcome] ??= []).push(subId);
    const expiresAt = Math.floor(now().getTime() / 1000) + MARKER_TTL_SECONDS;
    await send(db, new PutCommand({ TableName: db.table, Item: { ...markerPageKey(ref.articleId, ref.batch, run, seq), ...lists, expiresAt } }));
  }

  return {
    get, claim, renewLease, sourcePositions, finishFanout, addCounts, pendingIds, reconcile,
    putBatch, getBatch, claimBatch, completeBatch, releaseBatch, dueBatches, readMarkers, writeMarkers,
  };
}

export type NotificationStore = ReturnType<typeof createNotificationStore>;

function toRecord(item: Item): NotificationRecord {
  const record: NotificationRecord = {
    articleId: String(item.articleId ?? item.pk.slice(2)),
    state: (item.state as NotificationState) ?? "pending",
    createdAt: String(item.createdAt ?? ""),
    claims: Number(item.claims ?? 0),
    batchesTotal: Number(item.batchesTotal ?? 0),
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
