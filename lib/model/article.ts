/** The article: the one shape every part of the service (store, feeds, push, pages) agrees on. */

/** A published article as stored and served. All text is NFC and free of XML-forbidden characters. */
export interface Article {
  /** Stable id: given by the publisher or derived from the canonical url. */
  id: string;
  title: string;
  /** Canonical absolute http(s) url of the article on the publisher's site. */
  url: string;
  /** Plain-text summary (may be empty). */
  summary: string;
  /** Sanitised HTML body (may be empty). */
  contentHtml: string;
  author?: string;
  category?: string;
  tags: string[];
  /** Absolute http(s) url of the lead image. */
  imageUrl?: string;
  /** ISO 8601 UTC, e.g. 2020-07-08T18:57:00.000Z */
  publishedAt: string;
  /** ISO 8601 UTC; server-owned. */
  updatedAt: string;
  /** Server-owned view count (in lists: as of the last roll-up). */
  views: number;
  /** BCP 47 language tag, default "ar". */
  lang: string;
  /** Breaking news: pushes go out with Urgency high and ignore quiet hours. */
  breaking: boolean;
}

/** One page of a newest-first list. */
export interface ArticlePage {
  items: Article[];
  /** Opaque cursor for the next (older) page, absent on the last page. */
  nextCursor?: string;
}

/** The client-settable part of an article, after normalisation: what the article service hands the store. */
export type ArticleContent = Omit<Article, "updatedAt" | "views" | "publishedAt"> & { publishedAt?: string };
