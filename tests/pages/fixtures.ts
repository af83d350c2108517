/** Sample site, feeds and articles for the page tests, modelled on the anapress.net seed page. */
import type { Article } from "../../lib/model/article.ts";
import type { CategoryFeedLinks, FeedLinks, SiteInfo } from "../../lib/pages/index.ts";

export const site: SiteInfo = { title: "أنا برس", description: "أخبار سوريا والعالم", baseUrl: "https://news.example" };

export const categories = ["سياسة", "اقتصاد"];

function feedsFor(path: string): FeedLinks {
  return { rss: `https://news.example${path}.rss`, atom: `https://news.example${path}.atom`, json: `https://news.example${path}.json` };
}

export const feeds: FeedLinks = feedsFor("/feeds/all");

export const categoryFeeds: CategoryFeedLinks[] = categories.map((category) => ({
  category,
  ...feedsFor(`/feeds/category/${encodeURIComponent(category)}`),
}));

export function article(overrides: Partial<Article> = {}): Article {
  return {
    id: "194391885768658",
    title: "اتفاقية شاملة للتعاون العسكري بين دمشق وطهران.. ورئيس الأركان الإيراني يوجه رسالة لتركيا",
    url: "http://anapress.net/a/194391885768658",
    summary: "وقع نظام الأسد اليوم الأربعاء اتفاقية شاملة للتعاون العسكري مع إيران.",
    contentHtml:
      "<p>وقع نظام الأسد اليوم الأربعاء اتفاقية شاملة للتعاون العسكري مع إيران، شملت العمل على تقوية أنظمة الدفاع الجوي لدى النظام.</p>" +
      '<p>وذكرت مصادر موالية للنظام أن الاتفاقية جرى توقيعها بين وزير الدفاع بنظام الأسد "علي أيوب"، ورئيس أركان الجيش الإيراني "محمد باقري".</p>',
    author: "فريق التحرير",
    category: "سياسة",
    tags: ["إيران", "دمشق"],
    imageUrl: "https://anapress.net/images/194391885768658.jpg",
    publishedAt: "2020-07-08T15:57:00.000Z",
    updatedAt: "2020-07-08T16:10:00.000Z",
    views: 1034,
    lang: "ar",
    breaking: false,
    ...overrides,
  };
}

export const headlines: Article[] = [
  article(),
  article({ id: "a2", title: "واشنطن تؤكد استعدادها لدعم تركيا فيما يخص إدلب", views: 88, category: "سياسة", publishedAt: "2020-07-08T12:00:00.000Z" }),
  article({ id: "a3", title: 'مشافي حلب تعاني من نفاد أكياس الجثث بسبب فيروس "كورونا"', views: 5, category: "اقتصاد", publishedAt: "2020-07-07T09:30:00.000Z" }),
];

export const now = new Date("2020-07-08T19:00:00.000Z");
