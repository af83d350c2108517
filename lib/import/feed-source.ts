/** The neutral shape an imported feed is read into, whatever its format (RSS, Atom, JSON Feed). */

/** One item of a parsed feed, before any of the article rules are applied. */
export interface FeedSourceItem {
  title?: string;
  /** The item's link as written; may be relative to the feed's link. */
  link?: string;
  /** Summary that may carry markup (RSS description, Atom summary). */
  summaryHtml?: string;
  /** Summary that is plain text already (JSON Feed summary or content_text). */
  summaryText?: string;
  /** Body HTML (RSS content:encoded, Atom content, JSON Feed content_html). */
  contentHtml?: string;
  /** Author names in order. */
  authors: string[];
  /** Category or tag names in order; the first is the item's category. */
  categories: string[];
  /** Candidate image urls in order of preference (item image, enclosures, media). */
  imageUrls: string[];
  /** Date, as a Date (XML parsers) or a string (JSON Feed). */
  published?: Date | string;
}

/** A parsed feed: the page it belongs to (to resolve relative links) and its items. */
export interface FeedSource {
  format: "rss" | "atom" | "json";
  /** Base for relative item links: the feed's home page, else the feed's own url. */
  link?: string;
  items: FeedSourceItem[];
}
