/** The stored shapes of an article and its feed entries, and the mapping to and from the domain model. */
import type { Article } from "../model/article.ts";
import { articleKey, entrySk, feedPk, SITEMAP_URLS_PK, type FeedKey } from "./keys.ts";

export type ArticleStatus = "live" | "unpublished";
/** A first publication records "pending"; the sync step turns it into a notification item ("queued"). */
export type NotifyState = "pending" | "queued";

/** The canonical article item: the single source of truth; feed entries are derived from it. */
export interface ArticleItem extends Article {
  pk: string;
  sk: string;
  status: ArticleStatus;
  firstPublishedAt: string;
  /** Bumped on every change; conditional writes on it give optimistic concurrency. */
  rev: number;
  /** The rev whose feed entries are in place; below `rev` the article is dirty. */
  syncedRev: number;
  syncedFeeds: FeedKey[];
  syncedSk?: string;
  notify: NotifyState;
  /** When `views` (the roll-up of the view shards) was last copied into the feed entries. */
  viewsRolledAt?: string;
  /** Sparse index attributes: present only while the article is dirty. */
  stateKey?: string;
  stateAt?: string;
}

/** Fields compared to decide whether a re-publish changed anything. */
export const CONTENT_FIELDS = [
  "title", "url", "summary", "contentHtml", "author", "category", "tags", "imageUrl", "publishedAt", "lang", "breaking",
] as const satisfies ReadonlyArray<keyof Article>;

export function toArticle(item: ArticleItem | EntryItem): Article {
  const article: Article = {
    id: item.id,
    title: item.title,
    url: item.url,
    summary: item.summary ?? "",
    contentHtml: item.contentHtml ?? "",
    tags: item.tags ?? [],
    publishedAt: item.publishedAt,
    updatedAt: item.updatedAt,
    views: item.views ?? 0,
    lang: item.lang ?? "ar",
    breaking: item.breaking ?? false,
  };
  if (item.author) article.author = item.author;
  if (item.category) article.category = item.category;
  if (item.imageUrl) article.imageUrl = item.imageUrl;
  return article;
}

/** A feed entry: a copy of the article in one feed's partition, so one Query renders a whole feed page. */
export type EntryItem = Article & { pk: string; sk: string; rev: number };

export function toEntry(item: ArticleItem, feed: FeedKey): EntryItem {
  return { ...toArticle(item), pk: feedPk(feed), sk: entrySk(item.publishedAt, item.id), rev: item.rev };
}

export const itemKey = (id: string) => articleKey(id);

export function sameContent(a: Article, b: Article): boolean {
  return CONTENT_FIELDS.every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));
}

/**
 * An article's line in the sitemap index (pk SM#urls, sk as its feed entries): what a sitemap shows and no body, so
 * thousands fit in one 1 MB Query page. `live: false` is a tombstone, kept so an unpublish still moves the day's
 * lastmod and the window's version; `changedAt` is when the sync wrote it.
 */
export type SitemapEntryItem =
  | { pk: string; sk: string; id: string; live: true; url: string; title: string; lang: string; publishedAt: string; updatedAt: string; changedAt: string }
  | { pk: string; sk: string; id: string; live: false; changedAt: string };

export function toSitemapEntry(item: ArticleItem, changedAt: string): SitemapEntryItem {
  const { id, url, title, lang, publishedAt, updatedAt } = item;
  return { pk: SITEMAP_URLS_PK, sk: entrySk(publishedAt, id), id, live: true, url, title, lang: lang ?? "ar", publishedAt, updatedAt, changedAt };
}

export function sitemapTombstone(id: string, sk: string, changedAt: string): SitemapEntryItem {
  return { pk: SITEMAP_URLS_PK, sk, id, live: false, changedAt };
}
