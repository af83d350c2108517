/** RSS 2.0 serialiser, with the content, Dublin Core, Atom and Media RSS extensions readers expect. */
import type { Article } from "../model/article.ts";
import type { FeedDocument } from "../model/feed.ts";
import { rfc822Date } from "./dates.ts";
import { entryAuthor, entryHtml, entryId, entryImage, entryTerms, entryUrl, feedLanguage } from "./entries.ts";
import { viewScriptElements } from "./browser-view.ts";
import { RSS_MEDIA_TYPE } from "./media-types.ts";
import { imageMimeType } from "./mime.ts";
import { httpUrl } from "./urls.ts";
import { escapeText, parentElement, serializeXml, textElement, xmlProlog, type XmlElement } from "./xml.ts";

const NAMESPACES = {
  version: "2.0",
  "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
  "xmlns:atom": "http://www.w3.org/2005/Atom",
  "xmlns:dc": "http://purl.org/dc/elements/1.1/",
  "xmlns:media": "http://search.yahoo.com/mrss/",
};

/** Serialises a feed document as RSS 2.0 (UTF-8 XML text). Pure: same document, same bytes. */
export function renderRss(doc: FeedDocument): string {
  const channel = parentElement("channel", {}, [...channelHead(doc), ...viewScriptElements(doc), ...doc.items.map((a) => item(doc, a))]);
  return `${xmlProlog(httpUrl(doc.stylesheetUrl))}${serializeXml(parentElement("rss", NAMESPACES, [channel]))}\n`;
}

function channelHead(doc: FeedDocument): XmlElement[] {
  const home = httpUrl(doc.homePageUrl) ?? "";
  const head = [
    textElement("title", {}, doc.title),
    textElement("link", {}, home),
    // The channel description is required and must not be blank; the title is the honest fallback.
    // HTML-escaped like item descriptions: a category name or search query in it must stay text in every reader.
    textElement("description", {}, escapeText(doc.description.trim() === "" ? doc.title : doc.description)),
    textElement("language", {}, feedLanguage(doc)),
  ];
  const built = rfc822Date(doc.updatedAt);
  if (built !== undefined) head.push(textElement("lastBuildDate", {}, built));
  head.push(...atomLinks(doc, RSS_MEDIA_TYPE));
  const icon = httpUrl(doc.iconUrl);
  if (icon !== undefined) {
    // RSS requires image/title and image/link to match the channel's.
    const image = [textElement("url", {}, icon), textElement("title", {}, doc.title), textElement("link", {}, home)];
    head.push(parentElement("image", {}, image));
  }
  return head;
}

function atomLinks(doc: FeedDocument, type: string): XmlElement[] {
  const links: [string, string | undefined, string | undefined][] = [
    ["self", doc.selfUrl, type],
    ["first", doc.firstUrl, type],
    ["next", doc.nextUrl, type],
    // RFC 5005: older pages are anchored at a sort key, so they also serve as the archive behind this page.
    ["prev-archive", doc.nextUrl, type],
    ["hub", doc.hubUrl, undefined],
  ];
  return links.flatMap(([rel, url, linkType]) => {
    const href = httpUrl(url);
    return href === undefined ? [] : [textElement("atom:link", { rel, type: linkType, href })];
  });
}

function item(doc: FeedDocument, article: Article): XmlElement {
  const children = [textElement("title", {}, article.title)];
  const link = entryUrl(doc, article);
  if (link !== undefined) children.push(textElement("link", {}, link));
  // Not the permalink: urls change (slug edits, https moves) while the article id does not.
  children.push(textElement("guid", { isPermaLink: "false" }, entryId(doc, article)));
  const published = rfc822Date(article.publishedAt);
  if (published !== undefined) children.push(textElement("pubDate", {}, published));
  // RSS <author> must be an email address; a byline belongs in dc:creator.
  const author = entryAuthor(article);
  if (author !== undefined) children.push(textElement("dc:creator", {}, author));
  children.push(...entryTerms(article).map((term) => textElement("category", {}, term)));
  // Readers treat <description> as HTML: the plain-text summary is HTML-escaped first, so markup in it stays text.
  if (article.summary.trim() !== "") children.push(textElement("description", {}, escapeText(article.summary)));
  const html = entryHtml(doc, article);
  if (html !== undefined) children.push(textElement("content:encoded", {}, html));
  const image = entryImage(doc, article);
  if (image !== undefined) {
    const type = imageMimeType(image);
    // The size is unknown; validators accept length="0" for that.
    children.push(textElement("enclosure", { url: image, length: "0", type }));
    children.push(textElement("media:content", { url: image, medium: "image", type }));
  }
  return parentElement("item", {}, children);
}
