import * as fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { parseAtomFeed, parseRssFeed } from "feedsmith";
import Parser from "rss-parser";
import { describe, expect, it } from "vitest";
import { renderAtom } from "../../lib/feeds/atom.ts";
import { renderJsonFeed } from "../../lib/feeds/jsonfeed.ts";
import { directedHtml } from "../../lib/feeds/language.ts";
import { renderRss } from "../../lib/feeds/rss.ts";
import { escapeText } from "../../lib/feeds/xml.ts";
import type { Article } from "../../lib/model/article.ts";
import { stripXmlForbidden } from "../../lib/text/xml-chars.ts";
import { articles, feedDocument } from "../fixtures/articles.ts";
import { findTool, writeTemp, xmllint } from "./support/tools.ts";

const RUNS = 200;
const char = (from: number, to: number) => fc.integer({ min: from, max: to }).map((c) => String.fromCharCode(c));

/** Strings built from the pieces that break naive serialisers, mixed with any Unicode and Arabic. */
const nasty = fc
  .array(
    fc.oneof(
      fc.string({ unit: "binary", maxLength: 4 }),
      char(0xd800, 0xdfff), // lone surrogates
      char(0x00, 0x1f), // C0 controls, including \t \n \r
      char(0x7f, 0x9f),
      fc.constantFrom("\uFFFE", "\uFFFF", "\uFEFF", "\u00A0"),
      fc.constantFrom("]]>", "]]>]]>", "<![CDATA[", "<b>", "</div>", "&", "&amp;", "&#13;", "&nbsp;", '"', "'", "?>", "--", "<!--"),
      fc.constantFrom("\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"),
      char(0x0600, 0x06ff), // Arabic block: letters, tashkeel, tatweel, Arabic-Indic digits
      fc.constantFrom("اتفاقية", "دمشق", "مَشَافِي", "العنـــاصر", "COVID-19", "150"),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(""));

const article = fc.record({ title: nasty, summary: nasty, contentHtml: nasty, category: nasty, tag: nasty, author: nasty }).map(
  (s): Article => ({ ...articles[0]!, title: s.title, summary: s.summary, contentHtml: s.contentHtml, category: s.category, tags: [s.tag], author: s.author }),
);

const clean = (text: string) => stripXmlForbidden(text);
const terms = (a: Article) => [...new Set([a.category ?? "", ...a.tags].map((t) => clean(t).trim()).filter((t) => t !== ""))];
const body = (a: Article) => (clean(a.contentHtml).trim() === "" ? undefined : directedHtml(clean(a.contentHtml), "ar"));

describe("property: any text makes a well-formed feed that reads back", () => {
  const rendered: string[] = [];

  it("RSS: passes XMLValidator, holds no forbidden character, and rss-parser reads the text back exactly", async () => {
    await fc.assert(
      fc.asyncProperty(article, async (a) => {
        const xml = renderRss(feedDocument({ items: [a] }));
        rendered.push(xml);
        expect(XMLValidator.validate(xml)).toBe(true);
        expect(stripXmlForbidden(xml)).toBe(xml);
        // rss-parser (sax, strict) keeps whitespace, so the comparison is exact.
        const item = (await new Parser().parseString(xml)).items[0]!;
        expect(item.title ?? "").toBe(clean(a.title));
        // <description> is HTML: the summary comes back HTML-escaped, so markup in it is text, not elements.
        if (clean(a.summary).trim() !== "") expect(item.content).toBe(escapeText(clean(a.summary)));
        expect(item["content:encoded"]).toBe(body(a));
        expect(item.categories ?? []).toEqual(terms(a));
      }),
      { numRuns: RUNS },
    );
  });

  it("Atom: passes XMLValidator, holds no forbidden character, and rss-parser reads the text back exactly", async () => {
    await fc.assert(
      fc.asyncProperty(article, async (a) => {
        const xml = renderAtom(feedDocument({ items: [a] }));
        rendered.push(xml);
        expect(XMLValidator.validate(xml)).toBe(true);
        expect(stripXmlForbidden(xml)).toBe(xml);
        const item = (await new Parser().parseString(xml)).items[0]!;
        expect(item.title ?? "").toBe(clean(a.title));
        if (body(a) !== undefined) expect(item.content).toBe(body(a));
      }),
      { numRuns: RUNS },
    );
  });

  // feedsmith trims what String.prototype.trim does and also U+0085 (NEL), which XML 1.1 counts as a line end.
  const feedsmithTrim = (text: string) => text.replace(/^[\s\u0085]+|[\s\u0085]+$/g, "");

  it("feedsmith reads the same titles and categories back, up to its trimming of surrounding whitespace", () => {
    fc.assert(
      fc.property(article, (a) => {
        const doc = feedDocument({ items: [a] });
        const rss = parseRssFeed(renderRss(doc)).items?.[0];
        const atom = parseAtomFeed(renderAtom(doc)).entries?.[0];
        const title = feedsmithTrim(clean(a.title));
        // feedsmith leaves out a title that is empty after trimming.
        expect(feedsmithTrim(rss?.title ?? "")).toBe(title);
        expect(feedsmithTrim(atom?.title?.value ?? "")).toBe(title);
        expect(atom?.categories?.map((c) => c.term) ?? []).toEqual(terms(a));
      }),
      { numRuns: RUNS },
    );
  });

  const lint = findTool("xmllint", "libxml2-utils");
  it.skipIf(!lint)("every RSS and Atom document generated above passes xmllint", () => {
    expect(rendered.length).toBeGreaterThanOrEqual(2 * RUNS);
    const files = Object.fromEntries(rendered.map((xml, i) => [`feed-${i}.xml`, xml]));
    const result = xmllint(writeTemp(files));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("JSON Feed: always parses, and the title and tags survive", () => {
    fc.assert(
      fc.property(article, (a) => {
        const text = renderJsonFeed(feedDocument({ items: [a] }));
        expect(text).not.toMatch(/\\ud[89a-f]/i);
        const item = JSON.parse(text).items[0];
        expect(item.title).toBe(clean(a.title));
        expect(item.tags ?? []).toEqual(terms(a));
      }),
      { numRuns: RUNS },
    );
  });
});
