import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { parseAtomFeed } from "feedsmith";
import Parser from "rss-parser";
import { describe, expect, it } from "vitest";
import { renderAtom } from "../../lib/feeds/atom.ts";
import { articles, feedDocument, LEAD_TITLE, LEAD_URL } from "../fixtures/articles.ts";
import { findTool, run, writeTemp, xmllint } from "./support/tools.ts";

const doc = feedDocument();
const xml = renderAtom(doc);
const SCHEMA = new URL("../schemas/atom.rnc", import.meta.url).pathname;
const RFC_3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

type Node = Record<string, any>;
function tree(text: string): Node {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, trimValues: false, isArray: (name) => ["entry", "category", "link", "author"].includes(name) });
  return parser.parse(text).feed;
}
const links = (node: Node) => (node.link as Node[]).map((l) => [l["@rel"], l["@type"], l["@href"]]);

describe("renderAtom: well-formedness and the RFC 4287 schema", () => {
  it("passes fast-xml-parser's XMLValidator", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  const lint = findTool("xmllint", "libxml2-utils");
  it.skipIf(!lint)("passes xmllint --noout", () => {
    const result = xmllint(writeTemp({ "feed.atom": xml }));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  const jing = findTool("jing", "jing");
  const validate = (text: string) => run("jing", ["-c", SCHEMA, ...writeTemp({ "feed.atom": text })]);

  it.skipIf(!jing)("validates against the RFC 4287 RELAX NG schema with jing", () => {
    const result = validate(xml);
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });

  it.skipIf(!jing)("validates a later page with few optional parts too", () => {
    const bare = { ...articles[3]!, url: "::", contentHtml: "", summary: "", tags: [] };
    const page = renderAtom(feedDocument({ firstUrl: doc.selfUrl, hubUrl: undefined, iconUrl: undefined, description: "", items: [bare] }));
    expect(validate(page).status).toBe(0);
  });

  it.skipIf(!jing)("has a schema check that really rejects a broken feed", () => {
    const broken = xml.replace(/<id>[^<]*<\/id>/, "").replace("<updated>2020-07-08T19:10:00Z</updated>", "<updated>yesterday</updated>");
    expect(validate(broken).status).not.toBe(0);
  });

  // The RFC schema states these two rules in Schematron, which jing ignores, so they are checked here.
  it("gives every entry an author (RFC 4287 4.1.1)", () => {
    for (const entry of tree(xml).entry) expect(entry.author[0].name).not.toBe("");
    expect(tree(xml).author[0].name).toBe("أنا برس — سياسة");
  });

  it("gives every entry an alternate link or content, even when the url is unusable", () => {
    const bare = { ...articles[3]!, url: "::", contentHtml: "" };
    for (const entry of tree(renderAtom(feedDocument({ items: [...articles, bare] }))).entry) {
      const alternate = (entry.link as Node[] | undefined)?.some((l) => l["@rel"] === "alternate");
      expect(alternate || entry.content !== undefined).toBe(true);
    }
  });

  it("renders the same bytes for the same document", () => {
    expect(renderAtom(feedDocument())).toBe(xml);
  });
});

describe("renderAtom: structure", () => {
  const feed = tree(xml);

  it("carries xml:lang on the feed", () => {
    expect(feed["@xml:lang"]).toBe("ar");
  });

  it("marks an entry in another language with its own xml:lang", () => {
    const english = { ...articles[7]!, lang: "en", title: "Washington backs Turkey on Idlib" };
    const out = tree(renderAtom(feedDocument({ items: [articles[0]!, english] })));
    expect(out.entry[0]["@xml:lang"]).toBeUndefined();
    expect(out.entry[1]["@xml:lang"]).toBe("en");
    expect(out.entry[1].content["#text"]).toMatch(/^<div dir="ltr" lang="en">/);
  });

  it("uses the feed url without its query as the feed id, the same on every page", () => {
    expect(feed.id).toBe("https://feeds.anapress.net/feeds/politics.xml");
    const page2 = tree(renderAtom(feedDocument({ selfUrl: doc.nextUrl!, firstUrl: doc.selfUrl })));
    expect(page2.id).toBe(feed.id);
  });

  it("gives entries a tag: URI id that depends only on the article id", () => {
    expect(feed.entry[0].id).toBe("tag:anapress.net,2020:article/194391885768658");
    const moved = { ...articles[0]!, url: "https://anapress.net/x", title: "عنوان معدّل" };
    expect(tree(renderAtom(feedDocument({ items: [moved] }))).entry[0].id).toBe(feed.entry[0].id);
  });

  it("links self, alternate (text/html), next, prev-archive and hub", () => {
    expect(links(feed)).toEqual([
      ["self", "application/atom+xml", doc.selfUrl],
      ["alternate", "text/html", doc.homePageUrl],
      ["next", "application/atom+xml", doc.nextUrl],
      ["prev-archive", "application/atom+xml", doc.nextUrl],
      ["hub", undefined, doc.hubUrl],
    ]);
  });

  it("links rel=first on a later page (RFC 5005)", () => {
    const page = tree(renderAtom(feedDocument({ firstUrl: doc.selfUrl, nextUrl: undefined })));
    expect(links(page).map(([rel]) => rel)).toEqual(["self", "alternate", "first", "hub"]);
  });

  it("writes RFC 3339 dates for updated and published", () => {
    expect(feed.updated).toBe("2020-07-08T19:10:00Z");
    for (const entry of feed.entry) {
      expect(entry.updated).toMatch(RFC_3339);
      expect(entry.published).toMatch(RFC_3339);
    }
    expect(feed.entry[0].published).toBe("2020-07-08T18:57:00Z");
  });

  it("falls back to the feed's name for an entry without a byline", () => {
    expect(feed.entry[1].author[0].name).toBe("أنا برس — سياسة");
    expect(feed.entry[0].author[0].name).toBe("أنا برس");
  });

  it("uses term and label for categories and escapes < and & in them", () => {
    expect(feed.entry[0].category.map((c: Node) => [c["@term"], c["@label"]])).toEqual([
      ["سياسة", "سياسة"],
      ["سوريا", "سوريا"],
      ["إيران", "إيران"],
      ["تركيا", "تركيا"],
    ]);
    expect(xml).toContain('term="&lt;إيران &amp; الحرس&gt;"');
  });

  it("writes the summary as text and the body as right-to-left html", () => {
    const entry = feed.entry[0];
    expect(entry.summary["@type"]).toBe("text");
    expect(entry.content["@type"]).toBe("html");
    expect(entry.content["#text"]).toBe(`<div dir="rtl" lang="ar">${articles[0]!.contentHtml}</div>`);
  });

  it("links the image as an enclosure and as media:content with a proper MIME type", () => {
    const entry = feed.entry[0];
    const url = "http://anapress.net/uploads/2020/07/194391885768658.JPG";
    expect(links(entry)).toContainEqual(["enclosure", "image/jpeg", url]);
    expect(entry["media:content"]).toEqual({ "@url": url, "@medium": "image", "@type": "image/jpeg" });
  });

  it("starts with an xml-stylesheet instruction when the document names one", () => {
    expect(xml.split("\n")[1]).toBe('<?xml-stylesheet type="text/css" href="https://feeds.anapress.net/static/feed.css"?>');
    expect(renderAtom(feedDocument({ stylesheetUrl: "not a url" }))).not.toContain("xml-stylesheet");
  });
});

describe("renderAtom: real consumers", () => {
  it("rss-parser reads every entry with byte-exact Arabic titles, links and dates", async () => {
    const parsed = await new Parser().parseString(xml);
    expect(parsed.title).toBe("أنا برس — سياسة");
    expect(parsed.items).toHaveLength(articles.length);
    expect(parsed.items.map((i) => i.title)).toEqual(articles.map((a) => a.title));
    expect(parsed.items[0]?.link).toBe(LEAD_URL);
    expect(parsed.items.map((i) => i.isoDate)).toEqual(articles.map((a) => a.publishedAt));
    expect(parsed.items[0]?.id).toBe("tag:anapress.net,2020:article/194391885768658");
  });

  it("@rowanmanning/feed-parser reads language, titles, dates, authors, categories and media", () => {
    const parsed = parseFeed(xml);
    expect(parsed.language).toBe("ar");
    expect(parsed.self).toBe(doc.selfUrl);
    expect(parsed.url).toBe(doc.homePageUrl);
    expect(parsed.items).toHaveLength(articles.length);
    expect(parsed.items.map((i) => i.title)).toEqual(articles.map((a) => a.title));
    expect(parsed.items[0]?.title).toBe(LEAD_TITLE);
    expect(parsed.items.map((i) => i.url)).toEqual(articles.map((a) => a.url));
    expect(parsed.items.map((i) => i.published?.toISOString())).toEqual(articles.map((a) => a.publishedAt));
    expect(parsed.items.map((i) => i.updated?.toISOString())).toEqual(articles.map((a) => a.updatedAt));
    expect(parsed.items[0]?.categories.map((c) => c.label)).toEqual(["سياسة", "سوريا", "إيران", "تركيا"]);
    expect(parsed.items[0]?.media[0]?.mimeType).toBe("image/jpeg");
  });

  it("feedsmith reads ids, categories, content and links", () => {
    const parsed = parseAtomFeed(xml);
    expect(parsed.entries).toHaveLength(articles.length);
    expect(parsed.entries?.map((e) => e.title)).toEqual(articles.map((a) => ({ value: a.title })));
    const first = parsed.entries?.[0];
    expect(first?.categories?.map((c) => c.term)).toEqual(["سياسة", "سوريا", "إيران", "تركيا"]);
    expect(first?.content).toEqual({ type: "html", value: `<div dir="rtl" lang="ar">${articles[0]!.contentHtml}</div>` });
    expect(first?.published).toBe("2020-07-08T18:57:00Z");
    expect(parsed.links?.find((l) => l.rel === "next")?.href).toBe(doc.nextUrl);
  });
});
