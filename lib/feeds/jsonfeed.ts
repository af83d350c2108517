/** JSON Feed 1.1 serialiser (https://jsonfeed.org/version/1.1). */
import type { Article } from "../model/article.ts";
import type { FeedDocument } from "../model/feed.ts";
import { stripXmlForbidden } from "../text/xml-chars.ts";
import { rfc3339Date } from "./dates.ts";
import { entryAuthor, entryHtml, entryId, entryImage, entryLanguage, entryTerms, entryUrl, feedLanguage } from "./entries.ts";
import { httpUrl } from "./urls.ts";

/**
 * Serialises a feed document as JSON Feed 1.1 (UTF-8 JSON text). Pure: same document, same bytes.
 * Text gets the same cleaning as the XML formats, so a title reads the same in all three and no lone
 * surrogate reaches strict JSON decoders (which reject `\ud800` escapes).
 */
export function renderJsonFeed(doc: FeedDocument): string {
  const home = httpUrl(doc.homePageUrl);
  const hub = httpUrl(doc.hubUrl);
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: clean(doc.title),
    home_page_url: home,
    feed_url: httpUrl(doc.selfUrl),
    description: clean(doc.description) || undefined,
    next_url: httpUrl(doc.nextUrl),
    icon: httpUrl(doc.iconUrl),
    language: feedLanguage(doc),
    authors: [{ name: clean(doc.title), url: home }],
    hubs: hub === undefined ? undefined : [{ type: "WebSub", url: hub }],
    items: doc.items.map((article) => item(doc, article)),
  };
  // JSON.stringify leaves out undefined members, which is how optional fields disappear.
  return `${JSON.stringify(feed, null, 2)}\n`;
}

function item(doc: FeedDocument, article: Article): Record<string, unknown> {
  const html = entryHtml(doc, article);
  const terms = entryTerms(article);
  const author = entryAuthor(article);
  const summary = clean(article.summary);
  return {
    id: entryId(doc, article),
    url: entryUrl(doc, article),
    title: clean(article.title),
    // An item must have content_html or content_text; the summary stands in for a missing body.
    ...(html === undefined ? { content_text: summary } : { content_html: html }),
    summary: summary.trim() === "" ? undefined : summary,
    image: entryImage(doc, article),
    date_published: rfc3339Date(article.publishedAt),
    date_modified: rfc3339Date(article.updatedAt),
    tags: terms.length === 0 ? undefined : terms,
    authors: author === undefined ? undefined : [{ name: author }],
    language: entryLanguage(doc, article),
  };
}

const clean = (text: string): string => stripXmlForbidden(text);
