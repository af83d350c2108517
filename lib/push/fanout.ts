/**
 * Fan-out on an article's first publication: claim the notification, read every matching topic shard at once, page
 * by page, and write each page as a batch item and enqueue it as soon as it is read, so the first pushes go out while
 * the other shards are still being read. The batch items are the progress (each names where its page stopped), so a
 * resumed fan-out continues after the last batch of each shard; `sweepPush` finishes whatever a crash left.
 */
import type { ArticleChange, ChangeListener } from "../articles/service.ts";
import type { Logger } from "../log.ts";
import {
  ALL_TOPICS,
  batchSk,
  type ArticleStore,
  type BatchRef,
  type NotificationStore,
  type SourcePosition,
  type SubscriberTarget,
  type SubscriptionStore,
} from "../store/index.ts";
import { createBatchProcessor, type DeliveryDeps, type HandOver } from "./delivery.ts";
import { batchConcurrencyFor, createInProcessQueue, type BatchQueue } from "./queue.ts";

export interface PushWorkerDeps extends Omit<DeliveryDeps, "subscriptions" | "notifications" | "articles"> {
  store: {
    articles: Pick<ArticleStore, "read">;
    subscriptions: SubscriptionStore;
    notifications: NotificationStore;
  };
  /** Subscribers per batch (PUSH_BATCH_SIZE). */
  batchSize: number;
  /** Builds the queue given the batch worker; default: in-process pool running `batchConcurrency` batches at once. */
  queue?: (processBatch: (ref: BatchRef) => Promise<unknown>) => BatchQueue;
  /** Batches the in-process queue runs at once; default {@link batchConcurrencyFor}(concurrency). */
  batchConcurrency?: number;
  /** A pending batch older than this is re-enqueued by the sweeper. */
  staleBatchMs?: number;
}

/** A batch item stays well under DynamoDB's 400 KB item limit whatever the endpoints' lengths. */
const MAX_BATCH_BYTES = 300_000;

export function createPushWorkers(deps: PushWorkerDeps) {
  const { notifications, subscriptions } = deps.store;
  const { processBatch } = createBatchProcessor({ ...deps, ...deps.store });
  /**
   * With the in-process queue, this process runs the batches it writes: it writes them claimed and hands each over
   * with the article it just read, so a batch starts sending without a claim or a read of its own.
   */
  const handOvers = deps.queue ? undefined : new Map<string, HandOver>();
  const runHandedOver = (ref: BatchRef) => {
    const key = `${ref.articleId} ${ref.batch}`;
    const handOver = handOvers?.get(key);
    handOvers?.delete(key);
    return processBatch(ref, handOver);
  };
  const queue =
    deps.queue?.(processBatch) ??
    createInProcessQueue({
      concurrency: deps.batchConcurrency ?? batchConcurrencyFor(deps.concurrency),
      process: runHandedOver,
      maxRunMs: deps.leaseMs,
      onError: (error, ref) => deps.logger.warn("push batch failed", { ...ref, error: errorText(error) }),
    });
  const inFlight = new Set<Promise<unknown>>();

  /** Runs (or resumes) the fan-out of an article; returns false when another worker holds it or it is finished. */
  async function fanOut(articleId: string): Promise<boolean> {
    const owner = crypto.randomUUID();
    // Independent reads in one round trip: the claim decides, the article says which topics to read.
    const [record, read] = await Promise.all([notifications.claim(articleId, owner, deps.leaseMs), deps.store.articles.read(articleId)]);
    if (!record) return false;
    if (read.kind !== "live") {
      await notifications.finishFanout(articleId, owner, "cancelled", 0);
      return true;
    }
    const article = { article: read.article, readAt: deps.now().getTime() };
    const topics = read.article.category && read.article.category !== ALL_TOPICS ? [read.article.category, ALL_TOPICS] : [ALL_TOPICS];
    const sources = topics.flatMap((topic) => Array.from({ length: subscriptions.shards }, (_, shard) => ({ topic, shard, key: `${topic}#${shard}` })));
    // A first claim starts every source at its beginning; only a taken-over fan-out looks for batches written before.
    const starts = record.claims > 1 ? await notifications.sourcePositions(articleId, sources.map((s) => s.key)) : undefined;
    const lease = leaseKeeper(articleId, owner);
    const positions = await Promise.all(
      sources.map(async (source) => {
        let position = starts?.get(source.key) ?? { batches: 0, done: false };
        while (!position.done && !lease.lost) {
          position = await nextBatch(articleId, source, position, article);
          await lease.keep();
        }
        return position;
      }),
    );
    if (lease.lost) return false;
    const total = positions.reduce((n, p) => n + p.batches, 0);
    await notifications.finishFanout(articleId, owner, "fanned", total);
    deps.logger.info("push fan-out written", { articleId, batches: total });
    return true;
  }

  /**
   * Renews the fan-out's lease once a third of it has passed (one write, whichever source gets there first), rather
   * than writing progress after every page: a fan-out shorter than that writes nothing between claim and finish.
   */
  function leaseKeeper(articleId: string, owner: string) {
    let renewedAt = deps.now().getTime();
    let renewing: Promise<void> | undefined;
    const state = {
      lost: false,
      keep(): Promise<void> {
        if (renewing) return renewing;
        if (deps.now().getTime() - renewedAt < deps.leaseMs / 3) return Promise.resolve();
        renewedAt = deps.now().getTime();
        renewing = notifications.renewLease(articleId, owner, deps.leaseMs).then((kept) => {
          if (!kept) state.lost = true;
          renewing = undefined;
        });
        return renewing;
      },
    };
    return state;
  }

  /** Reads one page of a source into a batch, writes and enqueues it; returns the new position. */
  async function nextBatch(
    articleId: string,
    source: { topic: string; shard: number; key: string },
    position: SourcePosition,
    article: HandOver["article"],
  ): Promise<SourcePosition> {
    const page = await subscriptions.members(source.topic, source.shard, { limit: deps.batchSize, ...(position.after ? { after: position.after } : {}) });
    const members = fitting(page.members);
    if (members.length === 0) return { ...position, done: true };
    const after = members.length < page.members.length ? members.at(-1)!.subId : page.after;
    const batch = await notifications.putBatch(
      { articleId, batch: batchSk(source.key, position.batches), members, held: false, source: source.key, ...(after ? { after } : {}) },
      handOvers ? { claimMs: deps.leaseMs } : {},
    );
    if (batch.claimed) handOvers?.set(`${articleId} ${batch.batch}`, { batch, lease: batch.claimed, article });
    await queue.enqueue({ articleId, batch: batch.batch });
    // A resumed fan-out may meet the batch it wrote before dying: follow that batch's position, not this page's.
    return { batches: position.batches + 1, done: batch.after === undefined, ...(batch.after ? { after: batch.after } : {}) };
  }

  /**
   * Finishes work a crash (or a slow push service) left: pending notifications and expired fan-out leases, pending
   * batches older than `staleBatchMs`, and held pushes now due. Call it on a timer (locally) or from a cron Lambda.
   */
  async function sweepPush(): Promise<{ notifications: number; batches: number }> {
    const ids = await notifications.pendingIds();
    let claimed = 0;
    for (const id of ids) {
      if (await fanOut(id)) claimed++;
      // Not claimable: fanned already (or another worker holds it); make sure a finished one is marked done.
      else await notifications.reconcile(id);
    }
    const now = deps.now();
    const due = await notifications.dueBatches(new Date(now.getTime() - (deps.staleBatchMs ?? 60_000)), now);
    for (const ref of due) await queue.enqueue(ref);
    return { notifications: claimed, batches: due.length };
  }

  /** Article listener: a first publication starts its fan-out in the background; the publish does not wait. */
  const listener: ChangeListener = (change: ArticleChange) => {
    if (!change.notificationQueued) return;
    track(fanOut(change.articleId).catch((error: unknown) => deps.logger.warn("push fan-out failed", { articleId: change.articleId, error: errorText(error) })));
  };

  function track(promise: Promise<unknown>): void {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
  }

  /** Resolves when background fan-outs and the in-process queue have nothing left (tests, graceful shutdown). */
  async function idle(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    const local = queue as Partial<{ idle: () => Promise<void> }>;
    if (local.idle) await local.idle();
    if (inFlight.size > 0) await idle();
  }

  return { fanOut, processBatch, sweepPush, listener, idle, queue };
}

export type PushWorkers = ReturnType<typeof createPushWorkers>;

/** The longest prefix of a page that fits one batch item. */
function fitting(members: SubscriberTarget[]): SubscriberTarget[] {
  let bytes = 0;
  for (let i = 0; i < members.length; i++) {
    bytes += JSON.stringify(members[i]).length + 16;
    if (bytes > MAX_BATCH_BYTES) return members.slice(0, Math.max(1, i));
  }
  return members;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
