/** Atom 1.0 (RFC 4287) serialiser with RFC 5005 paging links, WebSub hub and Media RSS images. */
import type { Article } from "../model/article.ts";
import type { FeedDocument } from "../model/feed.ts";
import { rfc3339Date } from "./dates.ts";
import {
  entryAuthor,
  entryHtml,
  entryId,
  entryImage,
  entryLanguage,
  entryTerms,
  entryUrl,
  feedLanguage,
} from "./entries.ts";
import { viewScriptElements } from "./browser-view.ts";
import { ATOM_MEDIA_TYPE } from "./media-types.ts";
import { imageMimeType } from "./mime.ts";
import { httpUrl, withoutQuery } from "./urls.ts";
import { parentElement, serializeXml, textElement, xmlProlog, type XmlElement } from "./xml.ts";

// Atom requires a date on every feed and entry; this stands in only when the stored date is unusable.
const EPOCH = "1970-01-01T00:00:00Z";

/** Serialises a feed document as an Atom 1.0 feed (UTF-8 XML text). Pure: same document, same bytes. */
export function renderAtom(doc: FeedDocument): string {
  const lang = feedLanguage(doc);
  const attrs = { xmlns: "http://www.w3.org/2005/Atom", "xmlns:media": "http://search.yahoo.com/mrss/", "xml:lang": lang };
  // Foreign elements must come before the entries (RFC 4287 §4.1.1).
  const children = [...feedHead(doc), ...viewScriptElements(doc), ...doc.items.map((a) => entry(doc, a, lang))];
  return `${xmlProlog(httpUrl(doc.stylesheetUrl))}${serializeXml(parentElement("feed", attrs, children))}\n`;
}

/** The feed id: its own address without the query, so every page of a paged feed shares it. */
function feedId(doc: FeedDocument): string {
  const self = httpUrl(doc.selfUrl) ?? httpUrl(doc.homePageUrl);
  return self === undefined ? "urn:x-invalid-feed-url" : withoutQuery(self);
}

/** The publisher, named by the feed title: the feed-level author every entry can fall back on. */
function publisher(doc: FeedDocument): XmlElement {
  const home = httpUrl(doc.homePageUrl);
  const uri = home === undefined ? [] : [textElement("uri", {}, home)];
  return parentElement("author", {}, [textElement("name", {}, doc.title), ...uri]);
}

function feedHead(doc: FeedDocument): XmlElement[] {
  const head = [
    textElement("id", {}, feedId(doc)),
    textElement("title", {}, doc.title),
  ];
  if (doc.description.trim() !== "") head.push(textElement("subtitle", {}, doc.description));
  head.push(textElement("updated", {}, rfc3339Date(doc.updatedAt) ?? EPOCH));
  const links: [string, string | undefined, string][] = [
    ["self", doc.selfUrl, ATOM_MEDIA_TYPE],
    ["alternate", doc.homePageUrl, "text/html"],
    ["first", doc.firstUrl, ATOM_MEDIA_TYPE],
    ["next", doc.nextUrl, ATOM_MEDIA_TYPE],
    // RFC 5005: older pages are anchored at a sort key, so they also serve as the archive behind this page.
    ["prev-archive", doc.nextUrl, ATOM_MEDIA_TYPE],
  ];
  for (const [rel, url, type] of links) {
    const href = httpUrl(url);
    if (href !== undefined) head.push(textElement("link", { rel, type, href }));
  }
  const hub = httpUrl(doc.hubUrl);
  if (hub !== undefined) head.push(textElement("link", { rel: "hub", href: hub }));
  head.push(publisher(doc));
  const icon = httpUrl(doc.iconUrl);
  if (icon !== undefined) head.push(textElement("icon", {}, icon));
  return head;
}

function entry(doc: FeedDocument, article: Article, feedLang: string): XmlElement {
  const lang = entryLanguage(doc, article);
  const published = rfc3339Date(article.publishedAt);
  const children = [
    textElement("id", {}, entryId(doc, article)),
    // type="text" is the default; leaving it out keeps xml2js-based readers from turning an empty title into an object.
    textElement("title", {}, article.title),
    textElement("updated", {}, rfc3339Date(article.updatedAt) ?? published ?? EPOCH),
  ];
  if (published !== undefined) children.push(textElement("published", {}, published));
  const link = entryUrl(doc, article);
  if (link !== undefined) children.push(textElement("link", { rel: "alternate", type: "text/html", href: link }));
  // The feed names the publisher too, but some readers never inherit it, so each entry carries an author.
  const name = entryAuthor(article) ?? doc.title;
  children.push(parentElement("author", {}, [textElement("name", {}, name)]));
  children.push(...entryTerms(article).map((term) => textElement("category", { term, label: term })));
  if (article.summary.trim() !== "") children.push(textElement("summary", { type: "text" }, article.summary));
  const html = entryHtml(doc, article);
  if (html !== undefined) {
    children.push(textElement("content", { type: "html" }, html));
  } else if (link === undefined) {
    // RFC 4287 4.1.1: an entry without an alternate link must have content.
    children.push(textElement("content", { type: "text" }, article.summary));
  }
  const image = entryImage(doc, article);
  if (image !== undefined) {
    const type = imageMimeType(image);
    children.push(textElement("link", { rel: "enclosure", type, href: image }));
    children.push(textElement("media:content", { url: image, medium: "image", type }));
  }
  return parentElement("entry", lang === feedLang ? {} : { "xml:lang": lang }, children);
}
