import { describe, it, expect } from "vitest";
import { renderArticlePage, renderGonePage, renderNotFoundPage, type ArticlePageInput } from "../../lib/pages/index.ts";
import type { Article } from "../../lib/model/article.ts";
import { attr, byId, byTag, cspViolations, parse, select, text, within } from "./dom.ts";
import { article, categories, categoryFeeds, feeds, now, site } from "./fixtures.ts";

function render(overrides: Partial<Article> = {}, extra: Partial<ArticlePageInput> = {}) {
  const page = renderArticlePage({ site, article: article(overrides), feeds, categoryFeeds, categories, now, ...extra });
  return parse(page);
}

function meta(doc: ReturnType<typeof parse>, property: string): string | undefined {
  return attr(select(doc, (el) => el.name === "meta" && el.attribs.property === property)[0], "content");
}

describe("renderArticlePage", () => {
  it("is an Arabic right-to-left document titled with the article and the site", () => {
    const doc = render();
    const html = byTag(doc, "html")[0];
    expect([attr(html, "lang"), attr(html, "dir")]).toEqual(["ar", "rtl"]);
    expect(text(byTag(doc, "title")[0])).toBe(`${article().title} — أنا برس`);
    expect(text(byTag(doc, "h1")[0])).toBe(article().title);
  });

  it("is safe under a strict CSP", () => {
    expect(cspViolations(render())).toEqual([]);
  });

  it("shows the Hijri and Gregorian dates, category, author and original address", () => {
    const doc = render();
    const time = byTag(doc, "time")[0];
    expect(attr(time, "datetime")).toBe("2020-07-08T15:57:00.000Z");
    expect(text(time)).toContain("17 ذو القعدة 1441");
    expect(text(time)).toContain("8 تموز 2020");
    expect(attr(select(doc, (el) => el.attribs.class === "category")[0], "href")).toBe(`/category/${encodeURIComponent("سياسة")}`);
    expect(text(select(doc, (el) => el.attribs.class === "author")[0])).toContain("فريق التحرير");
    const address = select(doc, (el) => el.name === "a" && el.attribs.href === "http://anapress.net/a/194391885768658");
    expect(address.map(text)).toContain("http://anapress.net/a/194391885768658");
  });

  it("shows the view count in #views with the article id", () => {
    const views = byId(render(), "views");
    expect(text(views)).toBe("1034 مشاهدة");
    expect(attr(views, "data-article-id")).toBe("194391885768658");
  });

  it("has a font-size control with increase, decrease and reset buttons driven by data attributes", () => {
    const doc = render();
    const control = select(doc, (el) => el.attribs.class === "font-size-control")[0];
    expect(text(control)).toContain("حجم الخط:");
    const buttons = within(control, (el) => el.name === "button");
    expect(buttons.map((b) => [text(b), attr(b, "data-font-size"), attr(b, "type")])).toEqual([
      ["تكبير", "increase", "button"],
      ["تصغير", "decrease", "button"],
      ["الحجم الافتراضي", "reset", "button"],
    ]);
  });

  it("names the font-size buttons by their visible words alone (no aria-label to drift from them)", () => {
    const control = select(render(), (el) => el.attribs.class === "font-size-control")[0];
    for (const button of within(control, (el) => el.name === "button")) {
      expect(attr(button, "aria-label")).toBeUndefined();
      expect(attr(button, "aria-labelledby")).toBeUndefined();
    }
  });

  it("carries the whole sections menu, marking the article's own section", () => {
    const doc = render({}, { categories: ["اقتصاد", "سياسة", "رياضة"] });
    const nav = select(doc, (el) => el.name === "nav" && el.attribs.class === "categories")[0];
    expect(within(nav, (el) => el.name === "a").map(text)).toEqual(["اقتصاد", "سياسة", "رياضة"]);
    expect(within(nav, (el) => el.attribs["aria-current"] !== undefined).map(text)).toEqual(["سياسة"]);
  });

  it("links the web app manifest, the Apple touch icon and the theme colours", () => {
    const doc = render();
    const link = (rel: string) => attr(select(doc, (el) => el.name === "link" && el.attribs.rel === rel)[0], "href");
    expect(link("manifest")).toBe("/manifest.webmanifest");
    expect(link("apple-touch-icon")).toBe("/static/apple-touch-icon.png");
    expect(select(doc, (el) => el.name === "meta" && el.attribs.name === "theme-color")).toHaveLength(2);
    expect(attr(select(doc, (el) => el.name === "meta" && el.attribs.name === "apple-mobile-web-app-title")[0], "content")).toBe("أنا برس");
  });

  it("puts the trusted body inside a div carrying the article's direction and language", () => {
    const doc = render({ contentHtml: "<p>نص <strong>مهم</strong></p>" });
    const body = select(doc, (el) => el.attribs.class === "article-body")[0];
    expect([attr(body, "dir"), attr(body, "lang")]).toEqual(["rtl", "ar"]);
    expect(within(body, (el) => el.name === "strong").map(text)).toEqual(["مهم"]);
    const english = select(render({ lang: "en", contentHtml: "<p>Hi</p>" }), (el) => el.attribs.class === "article-body")[0];
    expect([attr(english, "dir"), attr(english, "lang")]).toEqual(["ltr", "en"]);
  });

  it("falls back to the escaped summary when there is no body", () => {
    const doc = render({ contentHtml: "", summary: "<b>ملخص</b>" });
    const body = select(doc, (el) => el.attribs.class === "article-body")[0];
    expect(text(body)).toBe("<b>ملخص</b>");
  });

  it("shows the lead image with the title as alt text", () => {
    const img = byTag(render(), "img")[0];
    expect(attr(img, "src")).toBe(article().imageUrl);
    expect(attr(img, "alt")).toBe(article().title);
    expect(byTag(render({ imageUrl: undefined }), "img")).toHaveLength(0);
  });

  it("links canonically to the article's url and describes it with OpenGraph", () => {
    const doc = render();
    expect(attr(select(doc, (el) => el.name === "link" && el.attribs.rel === "canonical")[0], "href")).toBe(article().url);
    expect(meta(doc, "og:title")).toBe(article().title);
    expect(meta(doc, "og:type")).toBe("article");
    expect(meta(doc, "og:url")).toBe(article().url);
    expect(meta(doc, "og:image")).toBe(article().imageUrl);
    expect(meta(doc, "og:locale")).toBe("ar_AR");
  });

  it("advertises the site feeds and its category's feeds", () => {
    const links = select(render(), (el) => el.name === "link" && el.attribs.rel === "alternate").map((el) => attr(el, "href"));
    expect(links).toEqual([feeds.rss, feeds.atom, feeds.json, categoryFeeds[0]!.rss, categoryFeeds[0]!.atom, categoryFeeds[0]!.json]);
  });

  it("escapes markup in every text field and drops script urls", () => {
    const evil = '<script>alert(1)</script>"\' onmouseover="x';
    const doc = render({ title: evil, author: evil, category: evil, summary: evil, tags: [evil], url: "javascript:alert(1)" });
    expect(cspViolations(doc)).toEqual([]);
    expect(byTag(doc, "script")).toHaveLength(1);
    expect(text(byTag(doc, "h1")[0])).toBe(evil);
    expect(meta(doc, "og:url")).toBe("#");
  });
});

describe("error pages", () => {
  it("renders an Arabic 404 page that is not indexed", () => {
    const doc = parse(renderNotFoundPage(site));
    expect(text(byTag(doc, "h1")[0])).toBe("الصفحة غير موجودة");
    expect(attr(byTag(doc, "html")[0], "dir")).toBe("rtl");
    expect(attr(select(doc, (el) => el.attribs.name === "robots")[0], "content")).toBe("noindex");
    expect(cspViolations(doc)).toEqual([]);
  });

  it("gives 404 and 410 pages the sections menu and the manifest, so a reader can go on from there", () => {
    for (const page of [renderNotFoundPage(site, ["سياسة", "اقتصاد"]), renderGonePage(site, ["سياسة", "اقتصاد"])]) {
      const doc = parse(page);
      const nav = select(doc, (el) => el.name === "nav" && el.attribs.class === "categories")[0];
      expect(within(nav, (el) => el.name === "a").map(text)).toEqual(["سياسة", "اقتصاد"]);
      expect(select(doc, (el) => el.name === "link" && el.attribs.rel === "manifest")).toHaveLength(1);
    }
  });

  it("renders an Arabic 410 page for a withdrawn article, with or without the site", () => {
    expect(text(byTag(parse(renderGonePage(site)), "h1")[0])).toBe("هذا المقال لم يعد متاحًا");
    expect(text(byTag(parse(renderGonePage()), "title")[0])).toBe("هذا المقال لم يعد متاحًا");
  });
});
