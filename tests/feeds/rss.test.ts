import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { parseRssFeed } from "feedsmith";
import Parser from "rss-parser";
import { describe, expect, it } from "vitest";
import { renderRss } from "../../lib/feeds/rss.ts";
import { articles, feedDocument, LEAD_TITLE, LEAD_URL } from "../fixtures/articles.ts";
import { findTool, writeTemp, xmllint } from "./support/tools.ts";

const doc = feedDocument();
const xml = renderRss(doc);
const RFC_822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;

/** Element/attribute view of the document, for structural assertions. */
function tree(text: string) {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, trimValues: false, isArray: (name) => ["item", "category", "atom:link"].includes(name) });
  return parser.parse(text).rss;
}

describe("renderRss: well-formedness", () => {
  it("passes fast-xml-parser's XMLValidator", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  const lint = findTool("xmllint", "libxml2-utils");
  it.skipIf(!lint)("passes xmllint --noout", () => {
    const result = xmllint(writeTemp({ "feed.rss": xml }));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("renders the same bytes for the same document", () => {
    expect(renderRss(feedDocument())).toBe(xml);
  });
});

describe("renderRss: structure", () => {
  const rss = tree(xml);
  const channel = rss.channel;

  it("declares the content, atom, dc and media namespaces on the root", () => {
    expect(rss["@version"]).toBe("2.0");
    expect(rss["@xmlns:content"]).toBe("http://purl.org/rss/1.0/modules/content/");
    expect(rss["@xmlns:atom"]).toBe("http://www.w3.org/2005/Atom");
    expect(rss["@xmlns:dc"]).toBe("http://purl.org/dc/elements/1.1/");
    expect(rss["@xmlns:media"]).toBe("http://search.yahoo.com/mrss/");
  });

  it("carries the channel language, link and lastBuildDate from the document", () => {
    expect(channel.language).toBe("ar");
    expect(channel.link).toBe("http://anapress.net/");
    expect(channel.lastBuildDate).toBe("Wed, 08 Jul 2020 19:10:00 GMT");
  });

  it("links to itself, the next page (next and prev-archive) and the hub with atom:link", () => {
    const links = channel["atom:link"].map((l: Record<string, string>) => [l["@rel"], l["@href"]]);
    expect(links).toEqual([
      ["self", doc.selfUrl],
      ["next", doc.nextUrl],
      ["prev-archive", doc.nextUrl],
      ["hub", doc.hubUrl],
    ]);
  });

  it("adds rel=first on a later page and leaves out what the document lacks", () => {
    const page = tree(renderRss(feedDocument({ firstUrl: "https://feeds.anapress.net/feeds/politics.xml", nextUrl: undefined, hubUrl: undefined })));
    expect(page.channel["atom:link"].map((l: Record<string, string>) => l["@rel"])).toEqual(["self", "first"]);
  });

  it("starts with an xml-stylesheet instruction only when the document names one", () => {
    expect(xml.split("\n")[1]).toBe('<?xml-stylesheet type="text/css" href="https://feeds.anapress.net/static/feed.css"?>');
    expect(renderRss(feedDocument({ stylesheetUrl: undefined }))).not.toContain("xml-stylesheet");
  });

  it("uses RFC 822 dates with English names for every item", () => {
    for (const item of channel.item) expect(item.pubDate).toMatch(RFC_822);
    expect(channel.item[0].pubDate).toBe("Wed, 08 Jul 2020 18:57:00 GMT");
  });

  it("gives each item a non-permalink guid built from the article id", () => {
    const guid = channel.item[0].guid;
    expect(guid["@isPermaLink"]).toBe("false");
    expect(guid["#text"]).toBe("tag:anapress.net,2020:article/194391885768658");
  });

  it("keeps the guid when the article url changes", () => {
    const moved = { ...articles[0]!, url: "https://anapress.net/a/194391885768658-new-slug" };
    const again = tree(renderRss(feedDocument({ items: [moved] })));
    expect(again.channel.item[0].guid["#text"]).toBe(channel.item[0].guid["#text"]);
  });

  it("puts the byline in dc:creator, not in the email-only <author>", () => {
    expect(channel.item[0]["dc:creator"]).toBe("أنا برس");
    expect(xml).not.toContain("<author>");
  });

  it("lists the category, then the tags, without duplicates", () => {
    expect(channel.item[0].category).toEqual(["سياسة", "سوريا", "إيران", "تركيا"]);
  });

  it("escapes < and & in categories", () => {
    expect(xml).toContain("<category>&lt;إيران &amp; الحرس&gt;</category>");
  });

  it("wraps content:encoded in a right-to-left div in the article's language", () => {
    expect(channel.item[0]["content:encoded"]).toMatch(/^<div dir="rtl" lang="ar"><p>/);
  });

  it("describes the image as an enclosure and as media:content with a proper MIME type", () => {
    const item = channel.item[0];
    const url = "http://anapress.net/uploads/2020/07/194391885768658.JPG";
    expect(item.enclosure).toEqual({ "@url": url, "@length": "0", "@type": "image/jpeg" });
    expect(item["media:content"]).toEqual({ "@url": url, "@medium": "image", "@type": "image/jpeg" });
  });

  it("avoids CDATA, so a ]]> in the body can never end a section early", () => {
    const body = { ...articles[0]!, contentHtml: "<p>a]]>b]]]]>c</p>", title: "x]]>y" };
    const out = renderRss(feedDocument({ items: [body] }));
    expect(out).not.toContain("<![CDATA[");
    expect(out).not.toContain("]]>");
    expect(tree(out).channel.item[0].title).toBe("x]]>y");
  });
});

describe("renderRss: defensive urls", () => {
  it("skips an invalid image url rather than emitting it", () => {
    const out = renderRss(feedDocument({ items: [{ ...articles[0]!, imageUrl: "http://[bad" }] }));
    expect(out).not.toContain("enclosure");
    expect(out).not.toContain("media:content");
  });

  it("skips a non-http image url", () => {
    const out = renderRss(feedDocument({ items: [{ ...articles[0]!, imageUrl: "javascript:alert(1)" }] }));
    expect(out).not.toContain("javascript:");
  });

  it("resolves a relative article url against the home page", () => {
    const out = tree(renderRss(feedDocument({ items: [{ ...articles[0]!, url: "/a/1" }] })));
    expect(out.channel.item[0].link).toBe("http://anapress.net/a/1");
  });

  it("never throws on garbage urls and dates", () => {
    const garbage = feedDocument({
      homePageUrl: "::",
      selfUrl: "relative/feed.xml",
      nextUrl: "http://",
      updatedAt: "yesterday",
      items: [{ ...articles[0]!, url: "", publishedAt: "?", imageUrl: " " }],
    });
    const out = renderRss(garbage);
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).not.toContain("pubDate");
  });
});

describe("renderRss: real consumers", () => {
  it("rss-parser reads every item with byte-exact Arabic titles, links, dates and categories", async () => {
    const feed = await new Parser().parseString(xml);
    expect(feed.title).toBe("أنا برس — سياسة");
    expect(feed.language).toBe("ar");
    expect(feed.items).toHaveLength(articles.length);
    expect(feed.items.map((i) => i.title)).toEqual(articles.map((a) => a.title));
    expect(feed.items[0]?.title).toBe(LEAD_TITLE);
    expect(feed.items[0]?.link).toBe(LEAD_URL);
    expect(feed.items.map((i) => i.isoDate)).toEqual(articles.map((a) => a.publishedAt));
    expect(feed.items[0]?.categories).toEqual(["سياسة", "سوريا", "إيران", "تركيا"]);
    expect(feed.items[0]?.creator).toBe("أنا برس");
    expect(feed.items[0]?.enclosure?.type).toBe("image/jpeg");
    expect(feed.paginationLinks?.next).toBe(doc.nextUrl);
  });

  it("@rowanmanning/feed-parser reads language, titles, dates, categories and media", () => {
    const feed = parseFeed(xml);
    expect(feed.language).toBe("ar");
    expect(feed.self).toBe(doc.selfUrl);
    expect(feed.items).toHaveLength(articles.length);
    expect(feed.items.map((i) => i.title)).toEqual(articles.map((a) => a.title));
    expect(feed.items.map((i) => i.url)).toEqual(articles.map((a) => a.url));
    expect(feed.items.map((i) => i.published?.toISOString())).toEqual(articles.map((a) => a.publishedAt));
    expect(feed.items[0]?.categories.map((c) => c.term)).toEqual(["سياسة", "سوريا", "إيران", "تركيا"]);
    expect(feed.items[0]?.authors.map((a) => a.name)).toEqual(["أنا برس"]);
    expect(feed.items[0]?.media[0]?.mimeType).toBe("image/jpeg");
  });

  it("feedsmith reads guids, dc:creator, content:encoded, enclosures and media:content", () => {
    const feed = parseRssFeed(xml);
    expect(feed.language).toBe("ar");
    expect(feed.items).toHaveLength(articles.length);
    expect(feed.items?.map((i) => i.title)).toEqual(articles.map((a) => a.title));
    const first = feed.items?.[0];
    expect(first?.guid).toEqual({ value: "tag:anapress.net,2020:article/194391885768658", isPermaLink: false });
    expect(first?.dc?.creators).toEqual(["أنا برس"]);
    expect(first?.content?.encoded).toBe(`<div dir="rtl" lang="ar">${articles[0]!.contentHtml}</div>`);
    expect(first?.enclosures?.[0]?.type).toBe("image/jpeg");
    expect(first?.media?.contents?.[0]).toMatchObject({ medium: "image", type: "image/jpeg" });
    expect(feed.items?.[4]?.media?.contents?.[0]?.type).toBe("image/jpeg");
    expect(feed.items?.[2]?.media?.contents?.[0]?.type).toBe("image/webp");
  });
});
