import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderNewsSitemap, renderRobots, renderSitemapIndex, renderUrlSet } from "../../lib/sitemaps/index.ts";
import { sitemapFile } from "../../lib/sitemaps/xml-file.ts";
import { textElement } from "../../lib/feeds/xml.ts";
import type { SitemapLine } from "../../lib/store/index.ts";
import { findTool } from "../feeds/support/tools.ts";
import { INDEX_XSD, NEWS_XSD, parseIndex, parseUrlSet, URLSET_XSD, validate } from "./support.ts";

const TITLE = "اتفاقية شاملة للتعاون العسكري بين دمشق وطهران.. ورئيس الأركان الإيراني يوجه رسالة لتركيا";

function line(n: number, overrides: Partial<Extract<SitemapLine, { live: true }>> = {}): SitemapLine {
  const at = new Date(Date.UTC(2020, 6, 8, 15, 57) - n * 60_000).toISOString();
  return { live: true, id: `a${n}`, url: `https://anapress.net/a/${n}`, title: `${TITLE} ${n}`, lang: "ar", publishedAt: at, updatedAt: at, changedAt: at, ...overrides };
}

const lint = findTool("xmllint", "libxml2-utils");

describe("the news sitemap writer", () => {
  const lines = [
    line(1),
    { live: false as const, id: "gone", changedAt: "2020-07-08T16:00:00.000Z" },
    line(2, { title: `عنوان "><script>alert(1)</script> & ]]> \u0000\u0008\ud800 \u200fمختلط`, url: "https://anapress.net/a/سوريا?x=1&y=\"2\"" }),
    line(3, { url: "javascript:alert(1)" }),
  ];
  const xml = renderNewsSitemap({ publication: "أنا برس", language: "ar", lines });

  it("lists each live article with loc, publication name and language, a zoned publication date and the title", async () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const items = await parseUrlSet(xml);
    expect(items.map((i) => i.url)).toEqual(["https://anapress.net/a/1", "https://anapress.net/a/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7?x=1&y=%222%22"]);
    expect(items[0]!.news).toMatchObject({ publication: { name: "أنا برس", language: "ar" }, publication_date: "2020-07-08T15:56:00Z", title: `${TITLE} 1` });
  });

  it("keeps Arabic titles byte-exact and hostile text as text, with what XML forbids removed", async () => {
    const parsed = new XMLParser({ processEntities: true, htmlEntities: false }).parse(xml) as { urlset: { url: Array<{ "news:news": { "news:title": string } }> } };
    expect(parsed.urlset.url[0]!["news:news"]["news:title"]).toBe(`${TITLE} 1`);
    expect(parsed.urlset.url[1]!["news:news"]["news:title"]).toBe(`عنوان "><script>alert(1)</script> & ]]>  \u200fمختلط`);
    expect(xml).not.toMatch(/<script/);
  });

  it("stops at 1,000 articles", () => {
    const many = renderNewsSitemap({ publication: "أنا برس", language: "ar", lines: Array.from({ length: 1005 }, (_, i) => line(i)) });
    expect(many.match(/<url>/g)).toHaveLength(1000);
    expect(many).toContain("https://anapress.net/a/999<");
    expect(many).not.toContain("https://anapress.net/a/1000<");
  });

  it.skipIf(!lint)("validates against sitemap.xsd with the news schema", () => {
    const result = validate(xml, NEWS_XSD);
    expect(result.stderr).toContain("validates");
    expect(result.status).toBe(0);
  });

  it.skipIf(!lint)("fails that validation when a publication date has no zone (the check can fail)", () => {
    const result = validate(xml.replace("2020-07-08T15:56:00Z", "2020-07-08T15:56:00"), NEWS_XSD);
    expect(result.status).not.toBe(0);
  });
});

describe("the article sitemap writer", () => {
  it.skipIf(!lint)("lists live articles with lastmod, valid against sitemaps.org's sitemap.xsd", async () => {
    const xml = renderUrlSet([line(1), { live: false, id: "x", changedAt: "2020-07-08T00:00:00Z" }, line(2, { updatedAt: "2020-07-09T10:00:00.000Z" })]);
    expect(validate(xml, URLSET_XSD).status).toBe(0);
    expect((await parseUrlSet(xml)).map((i) => [i.url, i.lastmod])).toEqual([
      ["https://anapress.net/a/1", "2020-07-08T15:56:00Z"],
      ["https://anapress.net/a/2", "2020-07-09T10:00:00Z"],
    ]);
  });

  it("leaves out a url longer than the schema's 2,048 characters", () => {
    const xml = renderUrlSet([line(1, { url: `https://anapress.net/${"a".repeat(2100)}` }), line(2)]);
    expect(xml.match(/<url>/g)).toHaveLength(1);
  });

  it.skipIf(!lint)("percent-encodes what RFC 3986 forbids but the WHATWG parser keeps, so the loc stays a valid anyURI", () => {
    const xml = renderUrlSet([line(1, { url: "https://anapress.net/a/%ZZ|^{x}[y]?q=a|b`c%2" })]);
    expect(xml).toContain("<loc>https://anapress.net/a/%25ZZ%7C%5E%7Bx%7D%5By%5D?q=a%7Cb%60c%252</loc>");
    expect(validate(xml, URLSET_XSD).status).toBe(0);
  });

  it("holds at most 50,000 urls per file", () => {
    const xml = renderUrlSet(Array.from({ length: 50_001 }, (_, i) => line(i)));
    expect(xml.match(/<url>/g)).toHaveLength(50_000);
  });

  it("stops before a file would pass its byte limit, closing the document", () => {
    const entries = Array.from({ length: 100 }, (_, i) => textElement("loc", {}, `https://anapress.net/${i}`));
    const xml = sitemapFile("urlset", { xmlns: "http://www.sitemaps.org/schemas/sitemap/0.9" }, entries, { urls: 1000, bytes: 1000 });
    expect(new TextEncoder().encode(xml).byteLength).toBeLessThanOrEqual(1000);
    expect(xml.endsWith("</urlset>\n")).toBe(true);
    expect(XMLValidator.validate(xml)).toBe(true);
  });
});

describe("the sitemap index writer", () => {
  it.skipIf(!lint)("points to each sitemap with its lastmod", async () => {
    const xml = renderSitemapIndex([
      { loc: "https://news.example/sitemap-news.xml", lastmod: "2020-07-08T15:57:00.000Z" },
      { loc: "https://news.example/sitemap-articles-2020-07-08.xml", lastmod: "2020-07-08T15:57:00.000Z" },
      { loc: "https://news.example/sitemap-articles-2020-07-07.xml" },
    ]);
    expect(validate(xml, INDEX_XSD).status).toBe(0);
    expect(await parseIndex(xml)).toEqual([
      { url: "https://news.example/sitemap-news.xml", lastmod: "2020-07-08T15:57:00Z" },
      { url: "https://news.example/sitemap-articles-2020-07-08.xml", lastmod: "2020-07-08T15:57:00Z" },
      { url: "https://news.example/sitemap-articles-2020-07-07.xml" },
    ]);
  });
});

describe("robots.txt", () => {
  it("allows pages and feeds, keeps crawlers off the API and lists the sitemaps by absolute URL", () => {
    expect(renderRobots(["https://news.example/sitemap.xml", "https://news.example/sitemap-news.xml"])).toBe(
      [
        "# Pages, feeds and sitemaps are for crawlers; the JSON API is not.",
        "User-agent: *",
        "Allow: /",
        "Allow: /feeds/",
        "Disallow: /api/",
        "",
        "Sitemap: https://news.example/sitemap.xml",
        "Sitemap: https://news.example/sitemap-news.xml",
        "",
      ].join("\n"),
    );
  });
});
