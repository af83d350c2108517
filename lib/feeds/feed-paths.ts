/** Where each feed lives: the one mapping between store feed keys and public feed URLs, both ways. */
import { ALL_FEED, categoryFeed, tagFeed, type FeedKey } from "../store/keys.ts";
import { FORMATS, formatFromFile, perFormat, type FeedFormat } from "./formats.ts";

const FEEDS_PREFIX = "/feeds/";

/** Site-relative directory of a feed: /feeds, /feeds/category/<name>, /feeds/tag/<name>. */
export function feedDirectory(feed: FeedKey): string {
  if (feed === ALL_FEED) return "/feeds";
  const name = encodeURIComponent(feed.slice(2));
  return feed.startsWith("c:") ? `/feeds/category/${name}` : `/feeds/tag/${name}`;
}

export function feedPath(feed: FeedKey, format: FeedFormat): string {
  return `${feedDirectory(feed)}/${FORMATS[format].file}`;
}

/** Absolute URLs of a feed in every format, e.g. for WebSub pings and discovery links. */
export function feedUrls(baseUrl: string, feed: FeedKey): Record<FeedFormat, string> {
  return perFormat((format) => baseUrl + feedPath(feed, format));
}

/**
 * The feed and format a path (as sent, without query) names: the inverse of feedPath. Undefined for anything else,
 * the search feed included, and for a name that is not valid percent-encoding.
 */
export function feedOfPath(path: string): { feed: FeedKey; format: FeedFormat } | undefined {
  if (!path.startsWith(FEEDS_PREFIX)) return undefined;
  const parts = path.slice(FEEDS_PREFIX.length).split("/");
  const format = formatFromFile(parts[parts.length - 1]!);
  if (format === undefined) return undefined;
  if (parts.length === 1) return { feed: ALL_FEED, format };
  const [kind, encoded] = parts;
  if (parts.length !== 3 || (kind !== "category" && kind !== "tag") || !encoded) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  return { feed: kind === "category" ? categoryFeed(name) : tagFeed(name), format };
}
