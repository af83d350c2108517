/** Builds the FeedDocument for one page of one feed: titles, absolute links and paging, from config and a page. */
import type { Article } from "../model/article.ts";
import type { FeedDocument } from "../model/feed.ts";

export interface FeedPageInput {
  siteTitle: string;
  siteDescription: string;
  baseUrl: string;
  /** e.g. "سوريا" for a category feed, "#كورونا" for a tag, "بحث: إدلب" for a search. */
  subtitle?: string;
  /** Site-relative path of the human page this feed mirrors. */
  homePath: string;
  /** Site-relative path of this feed without query. */
  path: string;
  /** Query of this document (cursor, q), already encoded, without "?". */
  query?: string;
  /** Encoded query of the next page, if there is one. */
  nextQuery?: string;
  /** Query of the first page when this is a later page ("" for none). */
  firstQuery?: string;
  items: Article[];
  /** When the feed last changed; falls back to the newest item. */
  changedAt?: string;
  hubUrl?: string;
  lang?: string;
  /** Time zone of dates in the browser view of the feed (the site's). */
  timeZone?: string;
}

const EPOCH = "1970-01-01T00:00:00.000Z";

export function buildFeedDocument(input: FeedPageInput): FeedDocument {
  const url = (path: string, query?: string) => `${input.baseUrl}${path}${query ? `?${query}` : ""}`;
  const doc: FeedDocument = {
    title: input.subtitle ? `${input.siteTitle} — ${input.subtitle}` : input.siteTitle,
    description: input.subtitle ? `${input.siteDescription}: ${input.subtitle}` : input.siteDescription,
    lang: input.lang ?? "ar",
    homePageUrl: url(input.homePath),
    selfUrl: url(input.path, input.query),
    stylesheetUrl: `${input.baseUrl}/static/feed.css`,
    viewScriptUrl: `${input.baseUrl}/static/feed-view.js`,
    iconUrl: `${input.baseUrl}/static/icon.png`,
    updatedAt: newest(input.items, input.changedAt),
    items: input.items,
  };
  if (input.nextQuery) doc.nextUrl = url(input.path, input.nextQuery);
  if (input.firstQuery !== undefined) doc.firstUrl = url(input.path, input.firstQuery);
  if (input.hubUrl) doc.hubUrl = input.hubUrl;
  if (input.timeZone) doc.viewTimeZone = input.timeZone;
  return doc;
}

/** The feed's update time: its change stamp or newest item, whichever is later; stable for the same content. */
function newest(items: Article[], changedAt?: string): string {
  let latest = changedAt ?? EPOCH;
  for (const item of items) if (item.updatedAt > latest) latest = item.updatedAt;
  return latest;
}

/** When a list last changed, as a Date: its change stamp or newest item, whichever is later (Last-Modified). */
export function lastChange(items: Article[], changedAt?: string): Date {
  return new Date(newest(items, changedAt));
}
