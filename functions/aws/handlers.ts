/**
 * The event-shape glue of the two stream Lambdas (fan-out, WebSub), the queue worker and the cron sweeper, as factories
 * over already-built services, so tests can hand them realistic events with their own services. The fan-out and the
 * queue worker report failures per record, never the whole batch; the WebSub handler fails its whole batch when the
 * CDN invalidation fails, so the stream retries it.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { DynamoDBRecord, DynamoDBStreamEvent, SQSEvent, SQSRecord, Context } from "aws-lambda";
import type { ArticleRepair } from "../../lib/articles/changes.ts";
import { feedDirectory } from "../../lib/feeds/feed-paths.ts";
import type { WebSubPublisher } from "../../lib/websub/index.ts";
import type { CdnInvalidator } from "./cdn-invalidation.ts";
import type { PushWorkers } from "../../lib/push/fanout.ts";
import type { BatchRef } from "../../lib/store/index.ts";
// Straight from the modules: the store's index would bring its DynamoDB commands into the WebSub bundle.
import { ALL_FEED } from "../../lib/store/keys.ts";
import { decodeStreamRecord } from "../../lib/store/stream-events.ts";

/** DynamoDB stream → one fan-out per new notification (the records infra/stream.ts's filter lets through). */
export function streamHandler(push: PushWorkers) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const fanOut = async (record: DynamoDBRecord) => {
    const event = decodeStreamRecord(record);
    if (event?.kind !== "notification-created") throw new Error("not a new notification item");
    await push.fanOut(event.articleId);
  };
  return (event: DynamoDBStreamEvent, context?: Context) =>
    processPartialResponse(event, fanOut, processor, { ...(context ? { context } : {}), throwOnFullBatchFailure: false });
}

/** SQS → one batch of subscribers per message; a batch that must wait (429s) goes back for a later delivery. */
export function pushWorkerHandler(push: PushWorkers) {
  const processor = new BatchProcessor(EventType.SQS);
  const send = async (record: SQSRecord) => {
    const ref = parseBatchRef(record.body);
    const outcome = await push.processBatch(ref);
    if (outcome.kind === "retry-later") throw new Error(`batch ${ref.articleId}/${ref.batch} will be retried`);
  };
  return (event: SQSEvent, context?: Context) =>
    processPartialResponse(event, send, processor, { ...(context ? { context } : {}), throwOnFullBatchFailure: false });
}

/** Cron → finish interrupted syncs and push work (the same sweep the local runtime runs every 30 s). */
export function sweeperHandler(service: ArticleRepair, push: PushWorkers | undefined) {
  return async () => {
    const repaired = await service.repair();
    const resumed = await push?.sweepPush();
    return { repaired, ...(resumed ?? {}) };
  };
}

/** /sitemap.xml, /sitemap-news.xml and every /sitemap-articles-<day>.xml (lib/sitemaps/paths.ts). */
const SITEMAPS_WILDCARD = "/sitemap*";

/**
 * DynamoDB stream → WebSub: every sync rewrites the version stamp of each feed it changed — on publish, edit,
 * unpublish and the sweeper's repairs alike — so this one subscriber (filtered to those items in infra/websub.ts) sees
 * every change as a `feed-changed` event. The batch's feeds are invalidated at the CDN first, then pinged; the
 * invocation waits for the pings (work left running after a Lambda returns is frozen). An invalidation error fails the
 * batch, so the stream retries it; pings are retried by the publisher and logged when they give up.
 */
export function websubHandler(deps: { publisher: WebSubPublisher; invalidate?: CdnInvalidator }) {
  return async (event: DynamoDBStreamEvent) => {
    const feeds = new Set<string>();
    for (const record of event.Records) {
      const change = decodeStreamRecord(record);
      if (change?.kind === "feed-changed") feeds.add(change.feed);
    }
    if (feeds.size === 0) return { feeds: 0 };
    // One wildcard per feed directory covers its three formats and every page of it. Every article change touches the
    // overall feed, and the sitemaps (index, news, the article's day) change with it: one more wildcard covers them.
    const paths = [...feeds].map((feed) => `${feedDirectory(feed)}/*`);
    if (feeds.has(ALL_FEED)) paths.push(SITEMAPS_WILDCARD);
    await deps.invalidate?.(paths);
    deps.publisher.publishFeeds([...feeds]);
    await deps.publisher.idle();
    return { feeds: feeds.size };
  };
}

function parseBatchRef(body: string): BatchRef {
  const parsed: unknown = JSON.parse(body);
  if (typeof parsed !== "object" || parsed === null) throw new Error("batch message is not an object");
  const { articleId, batch } = parsed as Record<string, unknown>;
  if (typeof articleId !== "string" || typeof batch !== "string") throw new Error("batch message lacks articleId/batch");
  return { articleId, batch };
}
