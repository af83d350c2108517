/** Reads RSS (0.9x-2.0, 1.0) and Atom (0.3, 1.0) into the neutral feed shape with @rowanmanning/feed-parser. */
import { parseFeed } from "@rowanmanning/feed-parser";
import type { FeedSource, FeedSourceItem } from "./feed-source.ts";

type ParsedFeed = ReturnType<typeof parseFeed>;
type ParsedItem = ParsedFeed["items"][number];

export type XmlFeedResult = { ok: true; source: FeedSource } | { ok: false; error: string };

/** Parses leniently, as feed readers do; fails only when nothing feed-like can be read. */
export function xmlFeedToSource(xml: string): XmlFeedResult {
  let feed: ParsedFeed;
  try {
    feed = parseFeed(xml);
  } catch (error) {
    return { ok: false, error: `import: not an RSS or Atom feed (${error instanceof Error ? error.message : String(error)})` };
  }
  const link = feed.url ?? feed.self;
  return { ok: true, source: { format: feed.meta.type === "atom" ? "atom" : "rss", ...(link ? { link } : {}), items: feed.items.map(toItem) } };
}

function toItem(entry: ParsedItem): FeedSourceItem {
  const media = entry.media.filter((m) => m.type === "image" || m.mimeType?.startsWith("image/"));
  const result: FeedSourceItem = {
    authors: entry.authors.flatMap((a) => (a.name ? [a.name] : [])),
    categories: entry.categories.map((c) => c.label ?? c.term),
    imageUrls: [entry.image?.url, ...media.map((m) => m.url), ...entry.media.map((m) => m.image)].filter((u): u is string => Boolean(u)),
  };
  if (entry.title) result.title = entry.title;
  if (entry.url) result.link = entry.url;
  if (entry.description) result.summaryHtml = entry.description;
  if (entry.content) result.contentHtml = entry.content;
  const published = entry.published ?? entry.updated;
  if (published) result.published = published;
  return result;
}
