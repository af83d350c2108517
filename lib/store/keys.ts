/** Key layout of the single table: every pk/sk the service writes is built here and nowhere else. */
import type { Article } from "../model/article.ts";

/** A feed the headline list is materialised for: everything, one category, or one tag. */
export type FeedKey = string;

export const ALL_FEED: FeedKey = "all";
export const categoryFeed = (category: string): FeedKey => `c:${category}`;
export const tagFeed = (tag: string): FeedKey => `t:${tag}`;

export const articleKey = (id: string) => ({ pk: `A#${id}`, sk: "A" });
const FEED_PREFIX = "F#";
export const feedPk = (feed: FeedKey) => `${FEED_PREFIX}${feed}`;
/** Feed entries sort by publish time, newest last; the id breaks ties so keys stay unique. */
export const entrySk = (publishedAt: string, id: string) => `E#${publishedAt}#${id}`;
/** The version stamp sorts after every entry ("V" > "E"), so a newest-first query meets it first. */
export const FEED_VERSION_SK = "V";
/** The feed whose version stamp has these keys; undefined for any other item. */
export const feedOfVersionKey = (key: { pk: string; sk: string }): FeedKey | undefined =>
  key.sk === FEED_VERSION_SK && key.pk.startsWith(FEED_PREFIX) ? key.pk.slice(FEED_PREFIX.length) : undefined;
/**
 * The sitemap index: a lean copy (url, title, dates; a tombstone once unpublished) of every article at its entry sort
 * key, all in one partition, so a day or the last 48 hours is one key-range Query of small items.
 */
export const SITEMAP_URLS_PK = "SM#urls";
/** One marker per UTC publication day that has (or had) articles; its `changedAt` is that day's sitemap's lastmod. */
export const SITEMAP_DAYS_PK = "SM#days";
/** The UTC day ("2020-07-08") of an entry sort key `E#<publishedAt>#<id>`. */
export const dayOfEntrySk = (sk: string) => sk.slice(2, 12);
export const sitemapDayKey = (day: string) => ({ pk: SITEMAP_DAYS_PK, sk: day });
export const viewShardKey = (id: string, shard: number) => ({ pk: `V#${id}#${shard}`, sk: "V" });
const NOTIFICATION_PREFIX = "N#";
export const notificationKey = (id: string) => ({ pk: `${NOTIFICATION_PREFIX}${id}`, sk: "N" });
/** The key lib/store/warm-up.ts reads and tries to write with conditions that never hold: no item ever has it. */
export const WARM_UP_KEY = { pk: "W#warm-up", sk: "W" } as const;
/** The article id of a notification item's keys; undefined for any other item. */
export const notificationIdOf = (key: { pk: string; sk: string }): string | undefined =>
  key.sk === "N" && key.pk.startsWith(NOTIFICATION_PREFIX) ? key.pk.slice(NOTIFICATION_PREFIX.length) : undefined;
/** A push subscription; subId = base64url of the first 16 bytes of SHA-256(endpoint). */
export const subscriptionKey = (subId: string) => ({ pk: `S#${subId}`, sk: "S" });
/** Topic membership partitions: topic "*" holds all-topics subscribers; shard = hash(subId) mod SUB_SHARDS. */
export const membershipPk = (topic: string, shard: number) => `T#${topic}#${shard}`;
/** Fan-out batches of one article: "B#<topic>#<shard>#<seq>" per membership source; held ones "H#<dueAt>#<batch>". */
export const batchPk = (articleId: string) => `NB#${articleId}`;
export const batchSk = (source: string, seq: number) => `B#${source}#${String(seq).padStart(6, "0")}`;
export const heldBatchSk = (dueAt: string, batchSk: string) => `H#${dueAt}#${batchSk}`;
/** The newsroom's sections in one small partition: one item per category seen in a publish, and the order it set. */
export const SECTIONS_PK = "M#sections";
export const sectionSk = (name: string) => `S#${name}`;
export const SECTION_SETTINGS_SK = "O";
/** Click-throughs of an article's alert: one item per click tag (sk), spread over a fixed number of shards. */
export const clickShardPk = (articleId: string, shard: number) => `K#${articleId}#${shard}`;
/** The regular batch a batch comes from: itself, or for a held batch the one whose members it holds. */
export const originBatchSk = (batch: string) => (batch.startsWith("H#") ? batch.slice(batch.indexOf("#", 2) + 1) : batch);
/**
 * Delivery markers of one batch family (a regular batch and the held batches made from it) live in one partition,
 * one page item per write: `<writer batch>#<run>#<seq>`, so pages of different writers and runs never collide.
 */
export const markerPk = (articleId: string, originBatch: string) => `D#${articleId}#${originBatch}`;
export const markerPageKey = (articleId: string, batch: string, run: number, seq: number) => ({
  pk: markerPk(articleId, originBatchSk(batch)),
  sk: `${batch}#${String(run).padStart(4, "0")}#${String(seq).padStart(6, "0")}`,
});

/** The feeds an article appears in, with duplicates removed (a tag equal to another tag). */
export function feedsOf(article: Pick<Article, "category" | "tags">): FeedKey[] {
  const feeds = [ALL_FEED];
  if (article.category) feeds.push(categoryFeed(article.category));
  for (const tag of article.tags) feeds.push(tagFeed(tag));
  return [...new Set(feeds)];
}
