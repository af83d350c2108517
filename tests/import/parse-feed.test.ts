import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { articleInputSchema } from "../../lib/articles/schema.ts";
import { decodeFeedBytes, feedItemsToArticles, parseFeedText } from "../../lib/import/index.ts";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url));
const parse = (name: string) => {
  const parsed = parseFeedText(decodeFeedBytes(fixture(name)));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.source;
};

describe("the Arabic RSS 2.0 fixture", () => {
  const source = parse("anapress-rss.xml");
  const { articles, skipped } = feedItemsToArticles(source);

  it("is detected as RSS and every item is read", () => {
    expect(source.format).toBe("rss");
    expect(source.items).toHaveLength(6);
  });

  it("skips the item without a link and keeps the rest", () => {
    expect(articles).toHaveLength(5);
    expect(skipped).toEqual([{ reason: "no link", title: 'مشافي حلب تعاني من نفاد أكياس الجثث بسبب فيروس "كورونا"' }]);
  });

  it("reads content:encoded, the enclosure image, the creator and categories", () => {
    expect(articles[0]).toMatchObject({
      title: "اتفاقية شاملة للتعاون العسكري بين دمشق وطهران.. ورئيس الأركان الإيراني يوجه رسالة لتركيا",
      url: "http://anapress.net/a/194391885768658",
      author: "أنا برس",
      category: "سياسة",
      tags: ["سوريا", "إيران"],
      imageUrl: "http://anapress.net/images/194391885768658.jpg",
      publishedAt: "2020-07-08T15:57:00.000Z",
    });
    expect(articles[0]!.contentHtml).toContain('<p dir="rtl">');
    expect(articles[0]!.summary).not.toContain("<");
  });

  it("reads a Media RSS image", () => {
    expect(articles[1]!.imageUrl).toBe("http://anapress.net/images/194391885768001.jpg");
  });

  it("resolves the relative link against the channel link and drops the tag with %", () => {
    expect(articles[2]).toMatchObject({ url: "http://anapress.net/a/194391885767950", tags: ["كورونا"] });
  });

  it("keeps a CDATA title with markup-like characters as text", () => {
    expect(articles[3]!.title).toBe('بينهم قتلى من الحرس الثوري.. غارات على مواقع للميليشيات الإيرانية بدير الزور <"عاجل">');
  });

  it("omits a date that is not RFC 822", () => {
    expect(articles[4]!.publishedAt).toBeUndefined();
  });

  it("yields only inputs the API's schema accepts", () => {
    for (const article of articles) expect(articleInputSchema.safeParse(article).success).toBe(true);
  });
});

describe("the Atom fixture", () => {
  const { articles } = feedItemsToArticles(parse("anapress-atom.xml"));

  it("maps entries with author, categories, HTML summary as text and content", () => {
    expect(articles).toHaveLength(2);
    expect(articles[0]).toMatchObject({
      author: "مراسل أنا برس",
      category: "لبنان",
      tags: ["لاجئون"],
      summary: "قال الرئيس اللبناني إن وجود السوريين عبء كبير.",
      publishedAt: "2020-07-08T07:30:00.000Z",
    });
    expect(articles[0]!.contentHtml).toContain("<strong>عبئاً كبيراً</strong>");
  });

  it("falls back to the updated date when there is no published date", () => {
    expect(articles[1]!.publishedAt).toBe("2020-07-07T09:00:00.000Z");
  });
});

describe("the JSON Feed 1.1 fixture", () => {
  const source = parse("anapress-feed.json");
  const { articles, skipped } = feedItemsToArticles(source);

  it("is detected as JSON by content", () => {
    expect(source.format).toBe("json");
  });

  it("maps url, content_html, summary, image, authors and tags", () => {
    expect(articles[0]).toEqual({
      title: "ميلشيا الحشد الشعبي العراقي يرسل مقاتليه إلى خطوط الجبهة في إدلب",
      url: "http://anapress.net/a/194391885767400",
      summary: "أرسلت ميليشيا الحشد الشعبي مقاتلين إلى إدلب.",
      contentHtml: "<p>أرسلت ميليشيا الحشد الشعبي مقاتلين إلى <em>إدلب</em>.</p>",
      author: "أنا برس",
      category: "سياسة",
      tags: ["العراق", "إدلب"],
      imageUrl: "http://anapress.net/images/194391885767400.jpg",
      publishedAt: "2020-07-06T05:15:00.000Z",
    });
  });

  it("resolves a relative url against home_page_url, uses content_text as summary and drops a bad date", () => {
    expect(articles[1]).toEqual({
      title: "مشافي حلب تعاني من نفاد أكياس الجثث",
      url: "http://anapress.net/a/194391885767300",
      summary: "نص بلا تنسيق عن مشافي حلب.",
    });
  });

  it("skips the item without a url", () => {
    expect(skipped).toEqual([{ reason: "no link", title: "بند بلا رابط" }]);
  });
});

describe("parseFeedText", () => {
  it("refuses JSON that is not a JSON Feed", () => {
    expect(parseFeedText('{"items": []}')).toMatchObject({ ok: false });
  });

  it("refuses invalid JSON with the parser's message", () => {
    const result = parseFeedText("{ nope");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^import: invalid JSON/);
  });

  it("refuses a document that is neither XML feed nor JSON", () => {
    expect(parseFeedText("<html><body>not a feed</body></html>")).toMatchObject({ ok: false });
    expect(parseFeedText("   ")).toMatchObject({ ok: false });
  });
});

describe("decodeFeedBytes", () => {
  it("honours the XML declaration's encoding (windows-1256 Arabic)", () => {
    // "خبر" in windows-1256 is 0xCE 0xC8 0xD1 (iconv -t CP1256).
    const head = new TextEncoder().encode('<?xml version="1.0" encoding="windows-1256"?><t>');
    const bytes = new Uint8Array([...head, 0xce, 0xc8, 0xd1]);
    expect(decodeFeedBytes(bytes)).toBe('<?xml version="1.0" encoding="windows-1256"?><t>خبر');
  });

  it("lets the Content-Type charset win over the declaration", () => {
    const bytes = new TextEncoder().encode('<?xml version="1.0" encoding="windows-1256"?>خبر');
    expect(decodeFeedBytes(bytes, "application/rss+xml; charset=utf-8")).toContain("خبر");
  });

  it("strips a UTF-8 byte order mark", () => {
    expect(decodeFeedBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe("{}");
  });
});
