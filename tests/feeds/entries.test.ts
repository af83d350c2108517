import { describe, expect, it } from "vitest";
import { entryHtml, entryId, entryTerms } from "../../lib/feeds/entries.ts";
import { articles, feedDocument } from "../fixtures/articles.ts";

const lead = articles[0]!;

describe("entryId", () => {
  it("is a tag: URI on the site's host that depends only on the article id", () => {
    const doc = feedDocument();
    expect(entryId(doc, lead)).toBe("tag:anapress.net,2020:article/194391885768658");
    expect(entryId(feedDocument({ selfUrl: "https://other.example/feed?page=2" }), { ...lead, url: "https://x/" })).toBe(entryId(doc, lead));
  });

  it("percent-encodes ids that are not URI-safe", () => {
    expect(entryId(feedDocument(), { ...lead, id: "خبر 1/2" })).toBe("tag:anapress.net,2020:article/%D8%AE%D8%A8%D8%B1%201%2F2");
  });
});

describe("entryTerms", () => {
  it("puts the category first, trims, and drops empty and duplicate terms", () => {
    expect(entryTerms({ ...lead, category: " سياسة ", tags: ["سوريا", "", "سياسة", "  ", "سوريا"] })).toEqual(["سياسة", "سوريا"]);
  });
});

describe("entryHtml", () => {
  it("wraps the body in the article's direction and language", () => {
    expect(entryHtml(feedDocument(), { ...lead, contentHtml: "<p>x</p>", lang: "fa" })).toBe('<div dir="rtl" lang="fa"><p>x</p></div>');
    expect(entryHtml(feedDocument(), { ...lead, contentHtml: "<p>x</p>", lang: "en-GB" })).toBe('<div dir="ltr" lang="en-GB"><p>x</p></div>');
  });

  it("falls back to the feed language when the article's tag is malformed", () => {
    expect(entryHtml(feedDocument(), { ...lead, contentHtml: "x", lang: '"><script>' })).toBe('<div dir="rtl" lang="ar">x</div>');
  });

  it("is absent when the body is empty", () => {
    expect(entryHtml(feedDocument(), { ...lead, contentHtml: " \n" })).toBeUndefined();
  });
});
