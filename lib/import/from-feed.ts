/** Maps parsed feed items to article inputs for POST /api/articles, and says why any item was left out. */
import { isHttpUrl, LIMITS, type ArticleInput } from "../articles/schema.ts";
import { truncateChars } from "../text/truncate.ts";
import { hasVisibleText } from "../text/visible.ts";
import type { FeedSource, FeedSourceItem } from "./feed-source.ts";
import { htmlToText } from "./html-text.ts";

export interface FeedImportOptions {
  /** Category for items that carry none (the CLI's --category). */
  defaultCategory?: string;
}

export interface SkippedItem {
  reason: string;
  title?: string;
}

export interface FeedImportResult {
  articles: ArticleInput[];
  skipped: SkippedItem[];
}

/** Same rule as the server's category and tag names: printable, no path or query syntax, at most 64 characters. */
const LABEL_FORBIDDEN = /[/?#%\\\u0000-\u001f\u007f]/;
// The API accepts 1970-2100; a date outside that would fail the whole article, so it is dropped instead.
const LATEST_DATE = Date.UTC(2100, 0, 1);

/**
 * Turns feed items into article inputs: title, absolute http(s) url (relative links resolved against the feed's
 * link), plain-text summary, content HTML (the server sanitises it), first author, category (first category, else
 * `defaultCategory`), tags (the other categories: trimmed, valid, unique, at most 10), an http(s) image url and an
 * RFC 3339 publish date when the feed's date is valid. No id is set: the server derives a stable one from the url,
 * which makes a re-import idempotent. Items without a visible title or a usable link are skipped with a reason; a
 * summary with nothing visible is left out.
 */
export function feedItemsToArticles(parsed: FeedSource, options: FeedImportOptions = {}): FeedImportResult {
  const result: FeedImportResult = { articles: [], skipped: [] };
  for (const item of parsed.items) {
    const title = item.title?.trim() ?? "";
    const url = resolveHttpUrl(item.link, parsed.link);
    // The API refuses a title with nothing visible in it (bidi marks, zero-width or filler characters only).
    if (!hasVisibleText(title)) result.skipped.push({ reason: url ? `no title: ${url}` : "no title" });
    else if (!url) result.skipped.push({ reason: item.link?.trim() ? `unusable link: ${item.link.trim()}` : "no link", title });
    else result.articles.push(toArticle(item, title, url, parsed.link, options));
  }
  return result;
}

function toArticle(item: FeedSourceItem, title: string, url: string, base: string | undefined, options: FeedImportOptions): ArticleInput {
  const article: ArticleInput = { title, url };
  const summary = fitSummary(itemSummary(item));
  // A summary with nothing visible would cost the whole article a 400: it is left out instead.
  if (hasVisibleText(summary)) article.summary = summary;
  const contentHtml = item.contentHtml?.trim();
  if (contentHtml) article.contentHtml = contentHtml;
  const author = item.authors.map((a) => a.trim()).find(Boolean);
  if (author) article.author = author;
  const [first, ...rest] = item.categories.map((c) => c.trim());
  const category = first && isLabel(first) ? first : options.defaultCategory?.trim();
  if (category && isLabel(category)) article.category = category;
  const tags = itemTags(rest, category);
  if (tags.length > 0) article.tags = tags;
  const imageUrl = item.imageUrls.map((u) => resolveHttpUrl(u, url ?? base)).find(Boolean);
  if (imageUrl) article.imageUrl = imageUrl;
  const publishedAt = rfc3339(item.published);
  if (publishedAt) article.publishedAt = publishedAt;
  return article;
}

function itemSummary(item: FeedSourceItem): string {
  if (item.summaryText?.trim()) return item.summaryText.replace(/\s+/g, " ").trim();
  return item.summaryHtml ? htmlToText(item.summaryHtml) : "";
}

function itemTags(names: string[], category: string | undefined): string[] {
  const tags: string[] = [];
  for (const name of names) {
    if (!isLabel(name) || name === category || tags.includes(name)) continue;
    tags.push(name);
    if (tags.length === LIMITS.tags) break;
  }
  return tags;
}

function isLabel(name: string): boolean {
  return name.length > 0 && name.length <= LIMITS.label && !LABEL_FORBIDDEN.test(name);
}

/** An absolute http(s) url for `link`, resolved against `base` when relative; undefined when there is none. */
function resolveHttpUrl(link: string | undefined, base: string | undefined): string | undefined {
  const trimmed = link?.trim();
  if (!trimmed) return undefined;
  const baseUrl = base && URL.canParse(base) ? base : undefined;
  if (!URL.canParse(trimmed, baseUrl)) return undefined;
  const href = new URL(trimmed, baseUrl).href;
  return isHttpUrl(href) && href.length <= LIMITS.url ? href : undefined;
}

function rfc3339(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) && ms >= 0 && ms < LATEST_DATE ? new Date(ms).toISOString() : undefined;
}

/** Cuts at a grapheme boundary so that the result also fits the server's limit, counted in UTF-16 code units. */
function fitSummary(text: string): string {
  let budget = LIMITS.summary;
  let fitted = truncateChars(text, budget);
  while (fitted.length > LIMITS.summary) {
    budget -= fitted.length - LIMITS.summary;
    fitted = truncateChars(text, budget);
  }
  return fitted;
}
