import { describe, it, expect } from "vitest";
import { renderCategoryPage, renderHomePage, type HomePageInput } from "../../lib/pages/index.ts";
import { attr, byId, byTag, cspViolations, parse, select, text, within } from "./dom.ts";
import { article, categories, categoryFeeds, feeds, headlines, now, site } from "./fixtures.ts";

function input(overrides: Partial<HomePageInput> = {}): HomePageInput {
  return { site, articles: headlines, categories, feeds, categoryFeeds, now, ...overrides };
}

function alternates(html: string) {
  return select(parse(html), (el) => el.name === "link" && el.attribs.rel === "alternate").map((el) => ({
    type: attr(el, "type"),
    title: attr(el, "title"),
    href: attr(el, "href"),
  }));
}

describe("renderHomePage", () => {
  it("is an Arabic right-to-left HTML5 document", () => {
    const page = renderHomePage(input());
    expect(page.startsWith("<!DOCTYPE html>")).toBe(true);
    const html = byTag(parse(page), "html")[0];
    expect(attr(html, "lang")).toBe("ar");
    expect(attr(html, "dir")).toBe("rtl");
  });

  it("loads only the static stylesheet and deferred script, with no inline script, style or handlers", () => {
    const doc = parse(renderHomePage(input()));
    expect(cspViolations(doc)).toEqual([]);
    const [script] = byTag(doc, "script");
    expect(attr(script, "src")).toBe("/static/app.js");
    expect(attr(script, "defer")).toBe("");
    const css = select(doc, (el) => el.name === "link" && el.attribs.rel === "stylesheet");
    expect(css.map((el) => attr(el, "href"))).toEqual(["/static/style.css"]);
    const meta = select(doc, (el) => el.name === "meta");
    expect(meta.some((el) => attr(el, "charset") === "utf-8")).toBe(true);
    expect(meta.some((el) => attr(el, "name") === "viewport")).toBe(true);
    expect(meta.some((el) => attr(el, "name") === "color-scheme")).toBe(true);
  });

  it("advertises RSS, Atom and JSON Feed for the site and every category, with Arabic titles", () => {
    const links = alternates(renderHomePage(input()));
    expect(links).toHaveLength(9);
    expect(links).toContainEqual({ type: "application/rss+xml", title: "أنا برس (RSS)", href: feeds.rss });
    expect(links).toContainEqual({ type: "application/atom+xml", title: "أنا برس (Atom)", href: feeds.atom });
    expect(links).toContainEqual({ type: "application/feed+json", title: "أنا برس (JSON Feed)", href: feeds.json });
    for (const c of categoryFeeds) {
      expect(links).toContainEqual({ type: "application/rss+xml", title: `أنا برس — ${c.category} (RSS)`, href: c.rss });
      expect(links).toContainEqual({ type: "application/atom+xml", title: `أنا برس — ${c.category} (Atom)`, href: c.atom });
      expect(links).toContainEqual({ type: "application/feed+json", title: `أنا برس — ${c.category} (JSON Feed)`, href: c.json });
    }
    expect(links.find((l) => l.title === "أنا برس — سياسة (RSS)")?.href).toBe(
      "https://news.example/feeds/category/%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9.rss",
    );
  });

  it("lists headlines linking to their article pages with time, category and views", () => {
    const doc = parse(renderHomePage(input()));
    expect(text(byTag(doc, "h1")[0])).toBe("آخر الأخبار");
    const items = select(doc, (el) => el.attribs.class === "headline");
    expect(items).toHaveLength(3);
    const first = parse(renderHomePage(input({ articles: [article()] })));
    const link = select(first, (el) => el.name === "a" && (el.attribs.href ?? "").startsWith("/articles/"))[0];
    expect(attr(link, "href")).toBe("/articles/194391885768658");
    expect(text(link)).toBe(article().title);
    const time = byTag(first, "time")[0];
    expect(attr(time, "datetime")).toBe("2020-07-08T15:57:00.000Z");
    expect(text(time)).toContain("17 ذو القعدة 1441");
    expect(text(time)).toContain("8 تموز 2020");
    expect(text(time)).toContain("18:57");
    const category = select(first, (el) => el.attribs.class === "category")[0];
    expect(attr(category, "href")).toBe("/category/%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9");
    expect(text(select(first, (el) => el.attribs.class === "views")[0])).toBe("1034 مشاهدة");
  });

  it("percent-encodes article ids in links", () => {
    const doc = parse(renderHomePage(input({ articles: [article({ id: "خبر/1?x" })] })));
    const link = select(doc, (el) => el.name === "a" && (el.attribs.href ?? "").startsWith("/articles/"))[0];
    expect(attr(link, "href")).toBe(`/articles/${encodeURIComponent("خبر/1?x")}`);
  });

  it("shows markup in a title as text", () => {
    const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const doc = parse(renderHomePage(input({ articles: [article({ title: evil, category: '"><b>' })] })));
    expect(cspViolations(doc)).toEqual([]);
    expect(byTag(doc, "img")).toHaveLength(0);
    expect(text(select(doc, (el) => el.attribs.class === "headline-title")[0])).toBe(evil);
  });

  it("links to older headlines with المزيد only when there is a next page", () => {
    const more = (doc: ReturnType<typeof parse>) => select(doc, (el) => el.name === "a" && text(el) === "المزيد");
    const withNext = more(parse(renderHomePage(input({ nextUrl: "/?before=abc" }))));
    expect(withNext.map((el) => attr(el, "href"))).toEqual(["/?before=abc"]);
    expect(attr(withNext[0], "rel")).toBe("next");
    expect(more(parse(renderHomePage(input())))).toHaveLength(0);
  });

  it("offers visible RSS, Atom and JSON Feed links per category under تابعنا", () => {
    const doc = parse(renderHomePage(input()));
    const section = select(doc, (el) => el.name === "section" && el.attribs.class === "subscribe")[0];
    expect(text(section)).toContain("تابعنا");
    const hrefs = within(section, (el) => el.name === "a").map((el) => attr(el, "href"));
    for (const c of categoryFeeds) expect(hrefs).toEqual(expect.arrayContaining([c.rss, c.atom, c.json]));
    expect(hrefs).toEqual(expect.arrayContaining([feeds.rss, feeds.atom, feeds.json]));
  });

  it("renders a hidden alerts section with the VAPID key, topic checkboxes, button and live status", () => {
    const doc = parse(renderHomePage(input({ vapidPublicKey: "BNcRd-key_123" })));
    const section = byId(doc, "alerts");
    expect(section?.name).toBe("section");
    expect(attr(section, "hidden")).toBe("");
    expect(attr(section, "data-vapid-public-key")).toBe("BNcRd-key_123");
    const boxes = select(doc, (el) => el.name === "input" && el.attribs.name === "topic");
    expect(boxes.map((el) => [attr(el, "type"), attr(el, "value")])).toEqual([
      ["checkbox", "سياسة"],
      ["checkbox", "اقتصاد"],
    ]);
    expect(text(byId(doc, "alerts-enable"))).toBe("فعّل التنبيهات");
    const status = select(doc, (el) => el.attribs.role === "status")[0];
    expect(attr(status, "aria-live")).toBe("polite");
  });

  it("says that choosing no section means every section, and carries the Home Screen hint for iPhone", () => {
    const doc = parse(renderHomePage(input({ vapidPublicKey: "BKey" })));
    const fieldset = select(doc, (el) => el.name === "fieldset")[0];
    const hint = byId(doc, attr(fieldset, "aria-describedby") ?? "");
    expect(text(hint)).toBe("إن لم تختر أي قسم تصلك تنبيهات كل الأقسام.");
    const install = byId(doc, "alerts-install");
    expect(attr(install, "hidden")).toBe("");
    expect(text(install)).toContain("إضافة إلى الشاشة الرئيسية");
    expect(attr(byId(doc, "alerts-update"), "hidden")).toBe("");
    expect(text(byId(doc, "alerts-update"))).toBe("حفظ الأقسام");
  });

  it("leaves out the VAPID attribute when push is not configured", () => {
    expect(attr(byId(parse(renderHomePage(input())), "alerts"), "data-vapid-public-key")).toBeUndefined();
  });

  it("says so when there are no headlines yet", () => {
    const doc = parse(renderHomePage(input({ articles: [] })));
    expect(text(select(doc, (el) => el.attribs.class === "empty")[0])).toBe("لا توجد أخبار بعد.");
  });
});

describe("renderCategoryPage", () => {
  it("heads the list with the category and advertises its feeds first", () => {
    const page = renderCategoryPage({ ...input(), category: "اقتصاد", articles: [headlines[2]!] });
    const doc = parse(page);
    expect(text(byTag(doc, "h1")[0])).toBe("اقتصاد");
    expect(text(byTag(doc, "title")[0])).toBe("اقتصاد — أنا برس");
    const links = alternates(page);
    expect(links[0]).toEqual({ type: "application/rss+xml", title: "أنا برس — اقتصاد (RSS)", href: categoryFeeds[1]!.rss });
    expect(links).toHaveLength(9);
    const current = select(doc, (el) => el.attribs["aria-current"] === "page")[0];
    expect(attr(current, "href")).toBe(`/category/${encodeURIComponent("اقتصاد")}`);
    expect(cspViolations(doc)).toEqual([]);
  });
});
