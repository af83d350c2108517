/**
 * Materialises an article into its feed entries. DynamoDB writes one item atomically, so the article item is written
 * first (marked dirty) and everything derived from it is written here, idempotently; a crash between the two leaves
 * the article dirty, and the sweeper runs this again.
 */
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchWrite, send, sendConditional, type Db, type WriteRequest } from "./db.ts";
import { sitemapTombstone, toEntry, toSitemapEntry, type ArticleItem } from "./article-item.ts";
import { articleKey, dayOfEntrySk, entrySk, feedPk, feedsOf, FEED_VERSION_SK, notificationKey, sitemapDayKey, type FeedKey } from "./keys.ts";
import { sectionItem } from "./sections.ts";

export interface SyncResult {
  /** Feeds whose content changed (their version stamps were bumped). */
  feeds: FeedKey[];
  /** True when this run created the article's notification record (its first publication). */
  notificationQueued: boolean;
}

const MAX_ROUNDS = 5;

/** Brings the feed entries in line with the article item; pass the item when the caller has just written it. */
export async function syncArticle(db: Db, now: () => Date, id: string, known?: ArticleItem): Promise<SyncResult> {
  const feeds = new Set<FeedKey>();
  let notificationQueued = false;
  let item = known;
  // `force` re-applies the latest state after losing a race: our writes may have landed after a newer writer's.
  let force = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    item ??= await readItem(db, id);
    if (!item || (item.syncedRev >= item.rev && !force)) break;
    for (const feed of await applyEntries(db, now, item)) feeds.add(feed);
    if (item.notify === "pending" && item.status === "live") {
      notificationQueued = (await createNotification(db, now, item)) || notificationQueued;
    }
    if (await markSynced(db, item)) break;
    item = undefined;
    force = true;
  }
  return { feeds: [...feeds], notificationQueued };
}

async function readItem(db: Db, id: string): Promise<ArticleItem | undefined> {
  const out = await send<{ Item?: ArticleItem }>(db, new GetCommand({ TableName: db.table, Key: articleKey(id), ConsistentRead: true }));
  return out.Item;
}

async function applyEntries(db: Db, now: () => Date, item: ArticleItem): Promise<FeedKey[]> {
  const wanted = item.status === "live" ? feedsOf(item) : [];
  const sk = entrySk(item.publishedAt, item.id);
  const requests: WriteRequest[] = wanted.map((feed) => ({ PutRequest: { Item: toEntry(item, feed) } }));
  // The category joins the sections list in the same batch as the entries: no extra request of its own.
  if (item.status === "live" && item.category) requests.push({ PutRequest: { Item: sectionItem(item.category) } });
  for (const feed of item.syncedFeeds) {
    if (item.syncedSk && (item.syncedSk !== sk || !wanted.includes(feed))) {
      requests.push({ DeleteRequest: { Key: { pk: feedPk(feed), sk: item.syncedSk } } });
    }
  }
  const touched = [...new Set([...wanted, ...item.syncedFeeds])];
  const changedAt = now().toISOString();
  for (const feed of touched) {
    // A fresh random stamp per change: any process comparing stamps sees the change, whoever wrote last.
    const stamp = `${Date.parse(changedAt).toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
    requests.push({ PutRequest: { Item: { pk: feedPk(feed), sk: FEED_VERSION_SK, stamp, changedAt } } });
  }
  requests.push(...sitemapWrites(item, sk, changedAt));
  await batchWrite(db, requests);
  return touched;
}

/**
 * The article's sitemap index line (or a tombstone where it was), and the marker of every UTC day this touches: in
 * the same BatchWriteItem as the feed entries, so a publish sends no extra request (docs/data-model.md).
 */
function sitemapWrites(item: ArticleItem, sk: string, changedAt: string): WriteRequest[] {
  const live = item.status === "live";
  const writes: WriteRequest[] = [];
  const days = new Set<string>();
  if (live) {
    writes.push({ PutRequest: { Item: toSitemapEntry(item, changedAt) } });
    days.add(dayOfEntrySk(sk));
  }
  if (item.syncedSk && (item.syncedSk !== sk || !live)) {
    writes.push({ PutRequest: { Item: sitemapTombstone(item.id, item.syncedSk, changedAt) } });
    days.add(dayOfEntrySk(item.syncedSk));
  }
  for (const day of days) writes.push({ PutRequest: { Item: { ...sitemapDayKey(day), changedAt } } });
  return writes;
}

async function createNotification(db: Db, now: () => Date, item: ArticleItem): Promise<boolean> {
  const createdAt = now().toISOString();
  return sendConditional(
    db,
    new PutCommand({
      TableName: db.table,
      Item: {
        ...notificationKey(item.id),
        articleId: item.id,
        state: "pending",
        createdAt,
        stateKey: "notify",
        stateAt: `${createdAt}#${item.id}`,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}

async function markSynced(db: Db, item: ArticleItem): Promise<boolean> {
  const live = item.status === "live";
  return sendConditional(
    db,
    new UpdateCommand({
      TableName: db.table,
      Key: articleKey(item.id),
      UpdateExpression:
        "SET syncedRev = :rev, syncedFeeds = :feeds, syncedSk = :sk, notify = :notify REMOVE stateKey, stateAt",
      ConditionExpression: "rev = :rev",
      ExpressionAttributeValues: {
        ":rev": item.rev,
        ":feeds": live ? feedsOf(item) : [],
        ":sk": entrySk(item.publishedAt, item.id),
        ":notify": item.notify === "pending" && live ? "queued" : item.notify,
      },
    }),
  );
}
