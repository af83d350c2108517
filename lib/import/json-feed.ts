/** Reads a JSON Feed (1.0 or 1.1) into the neutral feed shape; the schema is lenient where readers are lenient. */
import { z, type Infer } from "../validation.ts";
import type { FeedSource, FeedSourceItem } from "./feed-source.ts";

// Loose: unknown keys pass, wrong-typed optional fields are dropped per item rather than failing the feed.
const text = z.catch(z.optional(z.string()), undefined);
const author = z.looseObject({ name: text });
const item = z.looseObject({
  url: text,
  external_url: text,
  title: text,
  summary: text,
  content_html: text,
  content_text: text,
  image: text,
  banner_image: text,
  date_published: text,
  date_modified: text,
  authors: z.catch(z.optional(z.array(author)), undefined),
  /** JSON Feed 1.0 */
  author: z.catch(z.optional(author), undefined),
  tags: z.catch(z.optional(z.array(z.string())), undefined),
  attachments: z.catch(z.optional(z.array(z.looseObject({ url: text, mime_type: text }))), undefined),
});
const jsonFeed = z.looseObject({
  version: z.string().check(z.startsWith("https://jsonfeed.org/version/")),
  home_page_url: text,
  feed_url: text,
  items: z.array(z.unknown()),
});

export type JsonFeedResult = { ok: true; source: FeedSource } | { ok: false; error: string };

/** Validates the envelope (version and items) and maps each item; items that are not objects are kept as empty. */
export function jsonFeedToSource(value: unknown): JsonFeedResult {
  const feed = jsonFeed.safeParse(value);
  if (!feed.success) return { ok: false, error: "import: not a JSON Feed (needs a jsonfeed.org version and an items array)" };
  const items = feed.data.items.map((raw) => {
    const parsed = item.safeParse(raw);
    return parsed.success ? toItem(parsed.data) : { authors: [], categories: [], imageUrls: [] };
  });
  const link = feed.data.home_page_url ?? feed.data.feed_url;
  return { ok: true, source: { format: "json", ...(link ? { link } : {}), items } };
}

function toItem(entry: Infer<typeof item>): FeedSourceItem {
  const authors = [...(entry.authors ?? []), ...(entry.author ? [entry.author] : [])].flatMap((a) => (a.name ? [a.name] : []));
  const images = (entry.attachments ?? []).filter((a) => a.mime_type?.startsWith("image/")).flatMap((a) => (a.url ? [a.url] : []));
  const result: FeedSourceItem = {
    authors,
    categories: entry.tags ?? [],
    imageUrls: [entry.image, entry.banner_image, ...images].filter((u): u is string => Boolean(u)),
  };
  const link = entry.url ?? entry.external_url;
  if (link) result.link = link;
  if (entry.title) result.title = entry.title;
  const summary = entry.summary ?? entry.content_text;
  if (summary) result.summaryText = summary;
  if (entry.content_html) result.contentHtml = entry.content_html;
  const published = entry.date_published ?? entry.date_modified;
  if (published) result.published = published;
  return result;
}
