/** Where each feed lives: the one mapping between store feed keys and public feed URLs. */
import { ALL_FEED, type FeedKey } from "../store/keys.ts";
import { FORMATS, type FeedFormat } from "./formats.ts";

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
  return {
    rss: baseUrl + feedPath(feed, "rss"),
    atom: baseUrl + feedPath(feed, "atom"),
    json: baseUrl + feedPath(feed, "json"),
  };
}
