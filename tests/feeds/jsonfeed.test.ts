import { Ajv } from "ajv";
import { parseJsonFeed } from "feedsmith";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderJsonFeed } from "../../lib/feeds/jsonfeed.ts";
import { articles, feedDocument, LEAD_TITLE, LEAD_URL } from "../fixtures/articles.ts";

const doc = feedDocument();
const text = renderJsonFeed(doc);
const json = JSON.parse(text);
const schema = JSON.parse(readFileSync(new URL("../schemas/jsonfeed-1.1.schema.json", import.meta.url), "utf8"));

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
// Own format checks instead of the ajv-formats package: an absolute url, and an RFC 3339 timestamp.
ajv.addFormat("uri", (value: string) => URL.canParse(value));
ajv.addFormat("date-time", (value: string) =>
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(value) && !Number.isNaN(Date.parse(value)),
);
const validate = ajv.compile(schema);

describe("renderJsonFeed: JSON Feed 1.1 schema", () => {
  it("validates against the JSON Feed 1.1 schema", () => {
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });

  it("has a schema that really rejects a broken feed", () => {
    expect(validate({ version: "https://jsonfeed.org/version/1", items: [{ url: "x" }] })).toBe(false);
    expect(validate({ ...json, items: [{ ...json.items[0], date_published: "Wed, 08 Jul 2020" }] })).toBe(false);
    expect(validate({ ...json, typo_url: "x" })).toBe(false);
  });

  it("validates a bare document with no optional parts", () => {
    const bare = { ...articles[3]!, url: "::", contentHtml: "", summary: "", tags: [], category: undefined };
    const out = JSON.parse(renderJsonFeed(feedDocument({ homePageUrl: "", nextUrl: undefined, hubUrl: undefined, iconUrl: undefined, description: "", items: [bare] })));
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.items[0].content_text).toBe("");
  });
});

describe("renderJsonFeed: fields", () => {
  it("declares version 1.1, the language, paging, hubs, icon and feed authors", () => {
    expect(json).toMatchObject({
      version: "https://jsonfeed.org/version/1.1",
      title: "أنا برس — سياسة",
      home_page_url: "http://anapress.net/",
      feed_url: doc.selfUrl,
      description: doc.description,
      next_url: doc.nextUrl,
      icon: doc.iconUrl,
      language: "ar",
      authors: [{ name: "أنا برس — سياسة", url: "http://anapress.net/" }],
      hubs: [{ type: "WebSub", url: doc.hubUrl }],
    });
  });

  it("leaves out next_url and hubs when the document has none", () => {
    const out = JSON.parse(renderJsonFeed(feedDocument({ nextUrl: undefined, hubUrl: undefined })));
    expect(out).not.toHaveProperty("next_url");
    expect(out).not.toHaveProperty("hubs");
  });

  it("fills each item from the article", () => {
    expect(json.items[0]).toEqual({
      id: "tag:anapress.net,2020:article/194391885768658",
      url: LEAD_URL,
      title: LEAD_TITLE,
      content_html: `<div dir="rtl" lang="ar">${articles[0]!.contentHtml}</div>`,
      summary: articles[0]!.summary,
      image: "http://anapress.net/uploads/2020/07/194391885768658.JPG",
      date_published: "2020-07-08T18:57:00Z",
      date_modified: "2020-07-08T19:10:00Z",
      tags: ["سياسة", "سوريا", "إيران", "تركيا"],
      authors: [{ name: "أنا برس" }],
      language: "ar",
    });
  });

  it("uses the same ids as the RSS guid and Atom id", () => {
    expect(json.items.map((i: { id: string }) => i.id)).toEqual(articles.map((a) => `tag:anapress.net,2020:article/${a.id}`));
  });
});

describe("renderJsonFeed: Unicode", () => {
  it("relies on well-formed JSON.stringify, which escapes lone surrogates (Node 20)", () => {
    expect(JSON.stringify("\uD800")).toBe('"\\ud800"');
    expect(JSON.stringify("a\uDFFFb")).toBe('"a\\udfffb"');
  });

  it("drops lone surrogates from text so strict JSON decoders never meet a \\ud800 escape", () => {
    const broken = { ...articles[0]!, title: "عنوان\uD800 مكسور\uDC00", summary: "x\uDBFF" };
    const out = renderJsonFeed(feedDocument({ items: [broken] }));
    expect(out).not.toMatch(/\\ud[89a-f]/i);
    expect(JSON.parse(out).items[0].title).toBe("عنوان مكسور");
    const bytes = new TextEncoder().encode(out);
    expect(new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toBe(out);
  });

  it("keeps astral characters and bidi controls exactly", () => {
    const title = "📰 خبر \u2067عاجل\u2069 \u200F𝔸";
    const out = JSON.parse(renderJsonFeed(feedDocument({ items: [{ ...articles[0]!, title }] })));
    expect(out.items[0].title).toBe(title);
  });
});

describe("renderJsonFeed: real consumers", () => {
  it("feedsmith reads every item with byte-exact Arabic titles, dates and tags", () => {
    const parsed = parseJsonFeed(JSON.parse(text));
    expect(parsed.language).toBe("ar");
    expect(parsed.items).toHaveLength(articles.length);
    expect(parsed.items?.map((i) => i.title)).toEqual(articles.map((a) => a.title));
    expect(parsed.items?.map((i) => i.url)).toEqual(articles.map((a) => a.url));
    expect(parsed.items?.map((i) => i.date_published)).toEqual(articles.map((a) => a.publishedAt.replace(".000", "")));
    expect(parsed.items?.[6]?.tags).toEqual(["سياسة", "دير الزور", "<إيران & الحرس>"]);
  });
});
