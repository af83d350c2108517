import { describe, expect, it } from "vitest";
import { articleInputSchema } from "../../lib/articles/schema.ts";
import { feedItemsToArticles } from "../../lib/import/from-feed.ts";
import type { FeedSource, FeedSourceItem } from "../../lib/import/feed-source.ts";

const item = (fields: Partial<FeedSourceItem> = {}): FeedSourceItem => ({
  title: "عنوان الخبر",
  link: "https://news.example/a/1",
  authors: [],
  categories: [],
  imageUrls: [],
  ...fields,
});
const feed = (items: FeedSourceItem[], link = "https://news.example/"): FeedSource => ({ format: "rss", link, items });
const one = (fields: Partial<FeedSourceItem>, options = {}) => {
  const result = feedItemsToArticles(feed([item(fields)]), options);
  expect(result.articles).toHaveLength(1);
  return result.articles[0]!;
};

describe("feedItemsToArticles", () => {
  it("maps title and url and sets no id, so the server derives a stable one", () => {
    expect(one({})).toEqual({ title: "عنوان الخبر", url: "https://news.example/a/1" });
  });

  it("resolves a relative link against the feed's link", () => {
    expect(one({ link: "/a/2?x=1" }, {}).url).toBe("https://news.example/a/2?x=1");
  });

  it("skips an item without a link, with the reason and its title", () => {
    const { link: _link, ...noLink } = item();
    const result = feedItemsToArticles(feed([noLink]));
    expect(result.articles).toEqual([]);
    expect(result.skipped).toEqual([{ reason: "no link", title: "عنوان الخبر" }]);
  });

  it("skips an item whose link is not http(s)", () => {
    const result = feedItemsToArticles(feed([item({ link: "javascript:alert(1)" })]));
    expect(result.skipped).toEqual([{ reason: "unusable link: javascript:alert(1)", title: "عنوان الخبر" }]);
  });

  it("skips a relative link when the feed has no link to resolve it against", () => {
    const result = feedItemsToArticles({ format: "json", items: [item({ link: "/a/3" })] });
    expect(result.skipped[0]?.reason).toBe("unusable link: /a/3");
  });

  it("skips an item without a title", () => {
    const result = feedItemsToArticles(feed([item({ title: "  " })]));
    expect(result.skipped).toEqual([{ reason: "no title: https://news.example/a/1" }]);
  });

  it("keeps title text byte-exact, markup-like characters included", () => {
    const title = 'غارات على دير الزور <"عاجل"> & تفاصيل';
    expect(one({ title }).title).toBe(title);
  });

  it("turns an HTML description into a plain-text summary", () => {
    expect(one({ summaryHtml: "<p>وقع <b>اتفاق</b> &amp; بيان</p><p>فقرة ثانية</p><script>x()</script>" }).summary).toBe(
      "وقع اتفاق & بيان فقرة ثانية",
    );
  });

  it("keeps a plain-text summary as text, angle brackets included", () => {
    expect(one({ summaryText: "أقل من <5> حالات" }).summary).toBe("أقل من <5> حالات");
  });

  it("cuts a very long summary to the API's limit", () => {
    const summary = one({ summaryText: "كلمة ".repeat(3000) }).summary!;
    expect(summary.length).toBeLessThanOrEqual(5000);
    expect(summary.endsWith("…")).toBe(true);
  });

  it("passes content HTML through for the server to sanitise", () => {
    expect(one({ contentHtml: '<p dir="rtl">نص</p>' }).contentHtml).toBe('<p dir="rtl">نص</p>');
  });

  it("takes the first author with a name", () => {
    expect(one({ authors: [" ", "مراسل أنا برس", "آخر"] }).author).toBe("مراسل أنا برس");
  });

  it("makes the first category the category and the rest tags", () => {
    const article = one({ categories: ["سياسة", " سوريا ", "إيران"] });
    expect(article.category).toBe("سياسة");
    expect(article.tags).toEqual(["سوريا", "إيران"]);
  });

  it("uses --category for items that carry no category", () => {
    expect(one({}, { defaultCategory: "منوعات" }).category).toBe("منوعات");
  });

  it("prefers the item's own category over --category", () => {
    expect(one({ categories: ["صحة"] }, { defaultCategory: "منوعات" }).category).toBe("صحة");
  });

  it("drops tags with / ? # % and keeps at most 10 unique tags", () => {
    const names = ["أ", "50% من الحالات", "a/b", "why?", "#وسم", "أ", ...Array.from({ length: 12 }, (_, i) => `وسم${i}`)];
    const tags = one({ categories: ["سياسة", ...names] }).tags!;
    expect(tags).toHaveLength(10);
    expect(tags.slice(0, 2)).toEqual(["أ", "وسم0"]);
    expect(tags.some((t) => /[/?#%]/.test(t))).toBe(false);
  });

  it("takes the first http(s) image url, resolved against the item's url", () => {
    expect(one({ imageUrls: ["data:image/png;base64,AA", "/img/1.jpg"] }).imageUrl).toBe("https://news.example/img/1.jpg");
  });

  it("writes the publish date as RFC 3339 in UTC", () => {
    expect(one({ published: new Date("Wed, 08 Jul 2020 18:57:00 +0300") }).publishedAt).toBe("2020-07-08T15:57:00.000Z");
    expect(one({ published: "2020-07-06T08:15:00+03:00" }).publishedAt).toBe("2020-07-06T05:15:00.000Z");
  });

  it("omits an invalid or out-of-range date", () => {
    expect(one({ published: "الثلاثاء 7 تموز 2020" }).publishedAt).toBeUndefined();
    expect(one({ published: new Date(Number.NaN) }).publishedAt).toBeUndefined();
    expect(one({ published: "2150-01-01T00:00:00Z" }).publishedAt).toBeUndefined();
  });

  it("produces inputs the API's schema accepts", () => {
    const article = one({
      summaryHtml: "<p>ملخص</p>",
      contentHtml: "<p>نص</p>",
      authors: ["أنا برس"],
      categories: ["سياسة", "سوريا"],
      imageUrls: ["https://news.example/i.jpg"],
      published: new Date("2020-07-08T15:57:00Z"),
    });
    expect(articleInputSchema.safeParse(article).success).toBe(true);
  });
});
