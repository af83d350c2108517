/** What every format derives the same way from an article: its id, terms, language, links and content. */
import type { Article } from "../model/article.ts";
import type { FeedDocument } from "../model/feed.ts";
import { stripXmlForbidden } from "../text/xml-chars.ts";
import { directedHtml, languageTag } from "./language.ts";
import { httpUrl } from "./urls.ts";

/** The feed language, `"ar"` when the document's tag is missing or malformed. */
export function feedLanguage(doc: FeedDocument): string {
  return languageTag(doc.lang, "ar");
}

// The tag URI date only has to name a day on which the authority owned its domain; it must never change.
const TAG_DATE = "2020";

/**
 * The stable, globally unique id of an article in every format: `tag:<site host>,2020:article/<id>`
 * (RFC 4151). It depends only on the article id and the site's host, not on the article url, so an
 * edited slug or a move to https does not make readers show the article again.
 */
export function entryId(doc: FeedDocument, article: Article): string {
  const host = hostOf(doc.homePageUrl) ?? hostOf(doc.selfUrl) ?? "invalid";
  return `tag:${host},${TAG_DATE}:article/${encodeURIComponent(stripXmlForbidden(article.id))}`;
}

function hostOf(url: string): string | undefined {
  const href = httpUrl(url);
  return href === undefined ? undefined : new URL(href).hostname;
}

/** Category first, then tags: cleaned, trimmed, empty ones dropped, duplicates removed. */
export function entryTerms(article: Article): string[] {
  const all = [article.category ?? "", ...article.tags].map((t) => stripXmlForbidden(t).trim());
  return [...new Set(all.filter((t) => t !== ""))];
}

/** The article's language tag, falling back to the feed's. */
export function entryLanguage(doc: FeedDocument, article: Article): string {
  return languageTag(article.lang, feedLanguage(doc));
}

/** The article's absolute url (relative ones resolved against the home page), or undefined. */
export function entryUrl(doc: FeedDocument, article: Article): string | undefined {
  return httpUrl(article.url, doc.homePageUrl);
}

/** The lead image's absolute url, or undefined when missing or unusable. */
export function entryImage(doc: FeedDocument, article: Article): string | undefined {
  return httpUrl(article.imageUrl, doc.homePageUrl);
}

/** The body wrapped in a `dir`/`lang` div, or undefined when the article has no body. */
export function entryHtml(doc: FeedDocument, article: Article): string | undefined {
  const html = stripXmlForbidden(article.contentHtml);
  return html.trim() === "" ? undefined : directedHtml(html, entryLanguage(doc, article));
}

/** The byline, or undefined when empty. */
export function entryAuthor(article: Article): string | undefined {
  const name = stripXmlForbidden(article.author ?? "").trim();
  return name === "" ? undefined : name;
}
