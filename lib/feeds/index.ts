/** Feed serialisers (pure functions from a FeedDocument to RSS 2.0, Atom 1.0 or JSON Feed 1.1 text) and the registry of formats. */
export { renderRss } from "./rss.ts";
export { renderAtom } from "./atom.ts";
export { renderJsonFeed } from "./jsonfeed.ts";
export { ATOM_MEDIA_TYPE, JSON_FEED_MEDIA_TYPE, RSS_MEDIA_TYPE } from "./media-types.ts";
export { imageMimeType } from "./mime.ts";
export { escapeAttribute, escapeText } from "./xml.ts";
export { rfc3339Date, rfc822Date } from "./dates.ts";
export { entryId } from "./entries.ts";
export { textDirection } from "./language.ts";
export { FEED_FORMATS, FORMATS, formatFromFile, perFormat } from "./formats.ts";
export type { FeedFormat, FormatInfo } from "./formats.ts";
export { feedOfPath, feedPath, feedUrls } from "./feed-paths.ts";
