/** The article store: publish, read, list newest-first and unpublish, over one DynamoDB table. */
import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Article, ArticleContent, ArticlePage } from "../model/article.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { batchGet, send, sendConditional, type Db, type Item } from "./db.ts";
import { sameContent, toArticle, type ArticleItem, type EntryItem } from "./article-item.ts";
import { articleKey, feedPk, FEED_VERSION_SK, viewShardKey, type FeedKey } from "./keys.ts";
import { STATE_INDEX } from "./table.ts";
import { syncArticle, type SyncResult } from "./sync.ts";
import { sumShards } from "./views.ts";

export interface ArticleStoreOptions {
  db: Db;
  now: () => Date;
  /** Signs list cursors so a tampered one is refused. */
  cursorSecret: string;
  /** Number of view-counter shards per article. */
  viewShards: number;
}

export type ReadResult =
  | { kind: "live"; article: Article; rev: number }
  | { kind: "gone"; id: string }
  | { kind: "missing" };

export type PublishResult =
  | { kind: "created" | "updated" | "republished" | "unchanged"; article: Article; sync: SyncResult }
  | { kind: "conflict" }
  | { kind: "missing" };

export type UnpublishResult = { kind: "unpublished" | "already"; sync: SyncResult } | { kind: "missing" };

export interface FeedVersion {
  stamp: string;
  changedAt: string;
}

export interface ListResult extends ArticlePage {
  /** The feed's version stamp, read with the first page (absent on later pages or a feed never written). */
  version?: FeedVersion;
}

const WRITE_ATTEMPTS = 3;

export function createArticleStore(options: ArticleStoreOptions) {
  const { db, now } = options;

  async function readItem(id: string): Promise<ArticleItem | undefined> {
    const out = await send<{ Item?: ArticleItem }>(
      db,
      new GetCommand({ TableName: db.table, Key: articleKey(id), ConsistentRead: true }),
    );
    return out.Item;
  }

  /** One BatchGetItem: the article and its view shards, so the count is exact. */
  async function get(id: string): Promise<ReadResult> {
    const shardKeys = Array.from({ length: options.viewShards }, (_, k) => viewShardKey(id, k));
    const items = await batchGet(db, [articleKey(id), ...shardKeys]);
    const item = items.find((i) => i.sk === "A") as ArticleItem | undefined;
    if (!item) return { kind: "missing" };
    if (item.status !== "live") return { kind: "gone", id };
    const views = sumShards(items);
    return { kind: "live", article: { ...toArticle(item), views: Math.max(views, item.views ?? 0) }, rev: item.rev };
  }

  /**
   * The article alone, one consistent GetItem, its views as last rolled up: for the push fan-out, which needs the
   * story and whether it is still live right after the publish, not an exact count.
   */
  async function read(id: string): Promise<ReadResult> {
    const item = await readItem(id);
    if (!item) return { kind: "missing" };
    if (item.status !== "live") return { kind: "gone", id };
    return { kind: "live", article: toArticle(item), rev: item.rev };
  }

  /** One Query on the feed's partition; on the first page the version stamp comes along at no extra request. */
  async function list(feed: FeedKey, page: { limit: number; cursor?: string }): Promise<ListResult | "bad-cursor"> {
    let after: string | undefined;
    if (page.cursor !== undefined) {
      const position = await decodeCursor(options.cursorSecret, page.cursor, feed);
      if (!position) return "bad-cursor";
      after = position.after;
    }
    const out = await send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
      db,
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: after ? "pk = :pk AND sk < :after" : "pk = :pk",
        ExpressionAttributeValues: after ? { ":pk": feedPk(feed), ":after": after } : { ":pk": feedPk(feed) },
        ScanIndexForward: false,
        // +1 entry tells whether an older page exists; +1 more for the version item on the first page.
        Limit: page.limit + (after ? 1 : 2),
      }),
    );
    const rows = out.Items ?? [];
    // A Query stops at 1 MB; a short page with LastEvaluatedKey still has older entries behind it.
    const truncated = out.LastEvaluatedKey !== undefined;
    const versionItem = rows.find((r) => r.sk === FEED_VERSION_SK);
    const entries = rows.filter((r) => r.sk !== FEED_VERSION_SK) as unknown as EntryItem[];
    const pageEntries = entries.slice(0, page.limit);
    const result: ListResult = { items: pageEntries.map(toArticle) };
    if (entries.length > page.limit || (truncated && pageEntries.length > 0 && entries.length === pageEntries.length)) {
      result.nextCursor = await encodeCursor(options.cursorSecret, { list: feed, after: pageEntries.at(-1)!.sk });
    }
    if (versionItem) result.version = { stamp: String(versionItem.stamp), changedAt: String(versionItem.changedAt) };
    return result;
  }

  /** Creates or updates an article by id; returns "unchanged" without writing when nothing differs. */
  async function upsert(content: ArticleContent, expect?: { rev: number }): Promise<PublishResult> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const existing = await readItem(content.id);
      if (expect && (!existing || existing.status !== "live")) return { kind: "missing" };
      if (expect && existing && existing.rev !== expect.rev) return { kind: "conflict" };
      const stamp = now().toISOString();
      const next = nextItem(existing, content, stamp);
      if (existing && existing.status === "live" && sameContent(toArticle(existing), toArticle(next))) {
        // Nothing to write; still finish a sync a crash may have left behind.
        const sync = await syncArticle(db, now, existing.id, existing);
        return { kind: "unchanged", article: toArticle(existing), sync };
      }
      const written = await sendConditional(
        db,
        new PutCommand({
          TableName: db.table,
          Item: next,
          ConditionExpression: existing ? "rev = :rev" : "attribute_not_exists(pk)",
          ExpressionAttributeValues: existing ? { ":rev": existing.rev } : undefined,
        }),
      );
      if (!written) continue;
      const sync = await syncArticle(db, now, next.id, next);
      const kind = !existing ? "created" : existing.status === "live" ? "updated" : "republished";
      return { kind, article: toArticle(next), sync };
    }
    return { kind: "conflict" };
  }

  async function unpublish(id: string): Promise<UnpublishResult> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const existing = await readItem(id);
      if (!existing) return { kind: "missing" };
      if (existing.status !== "live") {
        return { kind: "already", sync: await syncArticle(db, now, id, existing) };
      }
      const stamp = now().toISOString();
      const next: ArticleItem = { ...existing, status: "unpublished", updatedAt: stamp, rev: existing.rev + 1, stateKey: "dirty", stateAt: `${stamp}#${id}` };
      const written = await sendConditional(
        db,
        new PutCommand({ TableName: db.table, Item: next, ConditionExpression: "rev = :rev", ExpressionAttributeValues: { ":rev": existing.rev } }),
      );
      if (written) return { kind: "unpublished", sync: await syncArticle(db, now, id, next) };
    }
    throw new Error(`store: unpublish of ${id} lost ${WRITE_ATTEMPTS} races in a row`);
  }

  /** Ids of articles whose feed entries may be behind (a crash between write and sync); oldest first. */
  async function dirtyIds(limit = 100): Promise<string[]> {
    const out = await send<{ Items?: Item[] }>(
      db,
      new QueryCommand({
        TableName: db.table,
        IndexName: STATE_INDEX,
        KeyConditionExpression: "stateKey = :k",
        ExpressionAttributeValues: { ":k": "dirty" },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => i.pk.slice(2));
  }

  /** Re-runs the sync of one article (the sweeper's repair of an interrupted write). */
  const sync = (id: string) => syncArticle(db, now, id);

  return { get, read, list, upsert, unpublish, dirtyIds, sync };
}

export type ArticleStore = ReturnType<typeof createArticleStore>;

function nextItem(existing: ArticleItem | undefined, content: ArticleContent, stamp: string): ArticleItem {
  const publishedAt = content.publishedAt ?? existing?.publishedAt ?? stamp;
  const item: ArticleItem = {
    ...articleKey(content.id),
    ...content,
    publishedAt,
    // A new article last changed when it was published: imported and demo articles keep their source dates instead
    // of sharing the moment they were loaded (Atom `updated`, JSON Feed date_modified). A future date counts as now.
    updatedAt: existing ? stamp : publishedAt < stamp ? publishedAt : stamp,
    status: "live",
    firstPublishedAt: existing?.firstPublishedAt ?? stamp,
    rev: (existing?.rev ?? 0) + 1,
    syncedRev: existing?.syncedRev ?? 0,
    syncedFeeds: existing?.syncedFeeds ?? [],
    notify: existing?.notify ?? "pending",
    views: existing?.views ?? 0,
    stateKey: "dirty",
    stateAt: `${stamp}#${content.id}`,
  };
  if (existing?.syncedSk) item.syncedSk = existing.syncedSk;
  if (existing?.viewsRolledAt) item.viewsRolledAt = existing.viewsRolledAt;
  return item;
}
