/** Public API of feed import: parse a feed document, then map its items to article inputs. */

export type { FeedSource, FeedSourceItem } from "./feed-source.ts";
export type { FeedImportOptions, FeedImportResult, SkippedItem } from "./from-feed.ts";
export { feedItemsToArticles } from "./from-feed.ts";
export { htmlToText } from "./html-text.ts";
export { jsonFeedToSource } from "./json-feed.ts";
export { decodeFeedBytes, parseFeedText, type ParseFeedResult } from "./parse-feed.ts";
export { xmlFeedToSource } from "./xml-feed.ts";
