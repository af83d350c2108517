/**
 * processBatch: sends one batch of an article's push to its subscribers. Callable from the in-process queue and
 * from an SQS handler alike. Delivery markers (pages written as sends complete) make a re-run skip who already got
 * the push; quiet hours turn into held batches sent later by the sweeper.
 */
import type { Article } from "../model/article.ts";
import type { Logger } from "../log.ts";
import {
  heldBatchSk,
  type ArticleStore,
  type BatchRecord,
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
import { createSendSlots } from "./send-slots.ts";
import { quietUntil } from "./quiet-hours.ts";
import { sendWithRetry, type RetryPolicy } from "./retry.ts";
import type { PushSend } from "./sender.ts";

export interface DeliveryDeps {
  articles: Pick<ArticleStore, "read">;
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
  /** Sends in flight per push service from this process, shared by the batches running at once (PUSH_CONCURRENCY). */
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

/** A batch its writer claimed for this process (in-process queue), with the article as the fan-out read it. */
export interface HandOver {
  batch: BatchRecord;
  /** The lease the batch was written with. */
  lease: string;
  article: { article: Article; readAt: number };
}

/** An article handed over is used for this long after it was read; later, a batch reads it again (it may be gone). */
const ARTICLE_FRESH_MS = 1_000;

/** Most outcomes one marker page carries (~25 bytes each, far below DynamoDB's 400 KB item limit). */
const MARKER_PAGE = 2_000;

export function createBatchProcessor(deps: DeliveryDeps) {
  const { notifications } = deps;
  const maxRuns = deps.maxRuns ?? 3;
  const slots = createSendSlots(deps.concurrency);

  async function processBatch(ref: BatchRef, handOver?: HandOver): Promise<BatchOutcome> {
    // Independent: the claim and the article read share one round trip (a lost claim wastes one read). A batch handed
    // over needs neither while its lease and the article are fresh; a stale lease is renewed if still ours.
    const now0 = deps.now().getTime();
    const leaseFresh = handOver !== undefined && Date.parse(handOver.lease) - now0 > (deps.leaseMs * 2) / 3;
    const articleFresh = handOver !== undefined && now0 - handOver.article.readAt < ARTICLE_FRESH_MS;
    const [batch, read] = await Promise.all([
      leaseFresh ? handOver.batch : notifications.claimBatch(ref, deps.leaseMs, handOver?.lease),
      articleFresh ? ({ kind: "live", article: handOver.article.article } as const) : deps.articles.read(ref.articleId),
    ]);
    if (!batch) return { kind: "skipped" };
    const counts: DeliveryCounts = { attempted: 0, delivered: 0, expired: 0, failed: 0, retried: 0, held: 0 };
    if (read.kind !== "live") return finish(ref, batch.held, counts);
    const article = read.article;
    // A batch's first run follows no send of it, so there is nothing to skip; a re-run, and a held batch (its members
    // were marked "held", and may have been sent since), read the markers first.
    const markers = batch.runs > 1 || batch.held ? await notifications.readMarkers(ref) : new Map<string, DeliveryOutcome>();
    const marks = markerWriter(ref, batch.runs);
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
      await marks.write(members.map((m) => ({ subId: m.subId, outcome: "held" as const })));
      counts.held += members.length;
    }
    const retryLeft = await sendAll(article, sendNow, batch.runs < maxRuns, counts, marks);
    if (retryLeft === 0) return finish(ref, batch.held, counts);
    await notifications.addCounts(ref.articleId, counts, false);
    await notifications.releaseBatch(ref, new Date(deps.now().getTime() + (deps.retryAfterMs ?? 60_000)));
    return { kind: "retry-later", counts };
  }

  /** Pages of markers for one run of a batch, numbered in the order written. */
  function markerWriter(ref: BatchRef, run: number) {
    let seq = 0;
    return { write: (outcomes: Array<{ subId: string; outcome: DeliveryOutcome }>) => notifications.writeMarkers(ref, run, seq++, outcomes) };
  }

  /** Sends to each member with retries; markers are written in pages as sends complete. Returns how many to retry later. */
  async function sendAll(
    article: Article,
    members: SubscriberTarget[],
    mayRetryLater: boolean,
    counts: DeliveryCounts,
    marks: ReturnType<typeof markerWriter>,
  ): Promise<number> {
    if (members.length === 0) return 0;
    const payload = buildPushPayload(article, { baseUrl: deps.baseUrl, iconUrl: `${deps.baseUrl}/static/icon.png` });
    const options = { urgency: article.breaking ? ("high" as const) : ("normal" as const), topic: await topicFor(article.id) };
    const pending: Array<{ subId: string; outcome: DeliveryOutcome }> = [];
    // Markers go out as soon as a send completes (one page per write, holding every outcome that completed while the
    // previous page was being written), so a crash repeats only the sends whose markers were not yet written.
    let writing: Promise<void> | undefined;
    const flush = (): Promise<void> =>
      (writing ??= (async () => {
        try {
          while (pending.length > 0) await marks.write(pending.splice(0, MARKER_PAGE));
        } finally {
          writing = undefined;
        }
      })());
    let retryLeft = 0;
    await runWithConcurrency(members, deps.concurrency, async (member) => {
      const message = JSON.stringify(withClickTag(payload, await deps.clickTags.tagFor(article.id, member.subId)));
      // A slot per attempt: a send waiting out a Retry-After does not hold one.
      const result = await sendWithRetry(() => slots.run(member.endpoint, () => deps.send(member, message, options)), {
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
