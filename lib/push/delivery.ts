/**
 * processBatch: sends one batch of an article's push to its subscribers. Callable from the in-process queue and
 * from an SQS handler alike. Delivery markers make a re-run skip who already got the push; quiet hours turn into
 * held batches sent later by the sweeper.
 */
import type { Article } from "../model/article.ts";
import type { Logger } from "../log.ts";
import {
  heldBatchSk,
  type ArticleStore,
  type BatchRef,
  type DeliveryCounts,
  type DeliveryOutcome,
  type NotificationStore,
  type SubscriberTarget,
  type SubscriptionStore,
} from "../store/index.ts";
import type { ClickTags } from "./click-tags.ts";
import { buildPushPayload, topicFor, withClickTag } from "./payload.ts";
import { runWithConcurrency } from "./pool.ts";
import { quietUntil } from "./quiet-hours.ts";
import { sendWithRetry, type RetryPolicy } from "./retry.ts";
import type { PushSend } from "./sender.ts";

export interface DeliveryDeps {
  articles: Pick<ArticleStore, "get">;
  subscriptions: Pick<SubscriptionStore, "removeById">;
  notifications: NotificationStore;
  send: PushSend;
  /** Puts each subscriber's click tag in its copy of the alert (the click-through link counts it). */
  clickTags: Pick<ClickTags, "tagFor">;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  rng: () => number;
  logger: Logger;
  baseUrl: string;
  /** Sends in flight per batch. */
  concurrency: number;
  /** How long a worker owns a batch before another may take it over. */
  leaseMs: number;
  /** A batch with sends still retryable is run again at most this many times, then they count as failed. */
  maxRuns?: number;
  /** When a batch with retryable sends left may run again. */
  retryAfterMs?: number;
  retryPolicy?: Partial<RetryPolicy>;
}

export type BatchOutcome = { kind: "skipped" } | { kind: "done" | "retry-later"; counts: DeliveryCounts };

const MARKER_FLUSH = 25;

export function createBatchProcessor(deps: DeliveryDeps) {
  const { notifications } = deps;
  const maxRuns = deps.maxRuns ?? 3;

  async function processBatch(ref: BatchRef): Promise<BatchOutcome> {
    const batch = await notifications.claimBatch(ref, deps.leaseMs);
    if (!batch) return { kind: "skipped" };
    const counts: DeliveryCounts = { attempted: 0, delivered: 0, expired: 0, failed: 0, retried: 0, held: 0 };
    const read = await deps.articles.get(ref.articleId);
    if (read.kind !== "live") return finish(ref, batch.held, counts);
    const article = read.article;
    const markers = await notifications.readMarkers(ref.articleId, batch.members.map((m) => m.subId));
    // A held batch sends to members marked "held"; anything else with a marker was already handled.
    const todo = batch.members.filter((m) => {
      const marker = markers.get(m.subId);
      return marker === undefined || (batch.held && marker === "held");
    });
    const now = deps.now();
    const sendNow: SubscriberTarget[] = [];
    const holds = new Map<string, SubscriberTarget[]>();
    for (const member of todo) {
      const due = batch.held || article.breaking ? undefined : quietUntil(now, member.timeZone, member.quietHours);
      if (!due) sendNow.push(member);
      else holds.set(due.toISOString(), [...(holds.get(due.toISOString()) ?? []), member]);
    }
    for (const [dueAt, members] of holds) {
      await notifications.putBatch({ articleId: ref.articleId, batch: heldBatchSk(dueAt, ref.batch), members, held: true, dueAt });
      await notifications.writeMarkers(ref.articleId, members.map((m) => ({ subId: m.subId, outcome: "held" as const })));
      counts.held += members.length;
    }
    const retryLeft = await sendAll(article, sendNow, batch.runs < maxRuns, counts);
    if (retryLeft === 0) return finish(ref, batch.held, counts);
    await notifications.addCounts(ref.articleId, counts, false);
    await notifications.releaseBatch(ref, new Date(deps.now().getTime() + (deps.retryAfterMs ?? 60_000)));
    return { kind: "retry-later", counts };
  }

  /** Sends to each member with retries; markers are written in groups of 25 as sends complete. Returns how many to retry later. */
  async function sendAll(article: Article, members: SubscriberTarget[], mayRetryLater: boolean, counts: DeliveryCounts): Promise<number> {
    if (members.length === 0) return 0;
    const payload = buildPushPayload(article, { baseUrl: deps.baseUrl, iconUrl: `${deps.baseUrl}/static/icon.png` });
    const options = { urgency: article.breaking ? ("high" as const) : ("normal" as const), topic: await topicFor(article.id) };
    const pending: Array<{ subId: string; outcome: DeliveryOutcome }> = [];
    // Markers go out as soon as a send completes (coalesced, ≤ 25 a request while one is in flight), so a crash
    // repeats only the sends whose markers were not yet written.
    let writing: Promise<void> | undefined;
    const flush = (): Promise<void> =>
      (writing ??= (async () => {
        try {
          while (pending.length > 0) await deps.notifications.writeMarkers(article.id, pending.splice(0, MARKER_FLUSH));
        } finally {
          writing = undefined;
        }
      })());
    let retryLeft = 0;
    await runWithConcurrency(members, deps.concurrency, async (member) => {
      const message = JSON.stringify(withClickTag(payload, await deps.clickTags.tagFor(article.id, member.subId)));
      const result = await sendWithRetry(() => deps.send(member, message, options), {
        sleep: deps.sleep,
        rng: deps.rng,
        ...(deps.retryPolicy ? { policy: deps.retryPolicy } : {}),
      });
      counts.retried += result.attempts - 1;
      let outcome: DeliveryOutcome;
      if (result.kind === "delivered") outcome = "delivered";
      else if (result.kind === "gone") {
        outcome = "gone";
        await deps.subscriptions.removeById(member.subId);
      } else if (result.kind === "retry" && mayRetryLater) {
        retryLeft++;
        return;
      } else {
        outcome = "failed";
        deps.logger.warn("push failed", { articleId: article.id, subId: member.subId, status: result.status, reason: "reason" in result ? result.reason : "" });
      }
      counts.attempted++;
      if (outcome === "delivered") counts.delivered++;
      else if (outcome === "gone") counts.expired++;
      else counts.failed++;
      pending.push({ subId: member.subId, outcome });
      void flush().catch(() => {});
    });
    while (writing || pending.length > 0) await flush();
    return retryLeft;
  }

  async function finish(ref: BatchRef, held: boolean, counts: DeliveryCounts): Promise<BatchOutcome> {
    const won = await notifications.completeBatch(ref);
    // Only the run that completes the batch counts it as done; held batches are not part of the fan-out's total.
    await notifications.addCounts(ref.articleId, counts, won && !held);
    return { kind: "done", counts };
  }

  return { processBatch };
}
