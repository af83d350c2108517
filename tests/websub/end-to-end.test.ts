import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedUrls } from "../../lib/feeds/feed-paths.ts";
import { createLogger } from "../../functions/node/logger.ts";
import { categoryFeed, tagFeed } from "../../lib/store/keys.ts";
import { createWebSubPublisher, type WebSubPublisher } from "../../lib/websub/index.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";
import { startHub, type Hub } from "./hub-receiver.ts";

const article = {
  id: "194391885768658",
  title: "اتفاقية شاملة للتعاون العسكري بين دمشق وطهران.. ورئيس الأركان الإيراني يوجه رسالة لتركيا",
  url: "http://anapress.net/a/194391885768658",
  summary: "وقع نظام الأسد اليوم الأربعاء اتفاقية شاملة للتعاون العسكري مع إيران.",
  category: "سوريا",
  tags: ["إيران"],
  publishedAt: "2020-07-08T18:57:00+03:00",
};

describe("WebSub through the publishing API", () => {
  let hub: Hub;
  let publisher: WebSubPublisher;
  let t: TestServices;
  const lines: string[] = [];

  beforeAll(async () => {
    hub = await startHub();
    publisher = createWebSubPublisher({
      hubUrl: hub.url,
      baseUrl: "https://news.example",
      fetch: (url, init) => fetch(url, init),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      logger: createLogger({ level: "debug", write: (line) => lines.push(line) }),
    });
    t = await startTestServices({ listeners: [publisher.listener] });
  });
  afterAll(async () => {
    await publisher.idle();
    await t.close();
    await hub.close();
  });

  it("pings the hub with the percent-encoded Arabic category and tag feed URLs after a publish", async () => {
    const res = await request(t, "/api/articles", { method: "POST", admin: true, json: article });
    expect(res.status).toBe(201);
    await publisher.idle();
    const pinged = hub.posts.map((p) => p.urls[0]);
    const category = feedUrls(t.config.publicBaseUrl, categoryFeed("سوريا"));
    expect(category.rss).toBe(`https://news.example/feeds/category/${encodeURIComponent("سوريا")}/rss.xml`);
    for (const url of [...Object.values(category), ...Object.values(feedUrls(t.config.publicBaseUrl, tagFeed("إيران")))]) {
      expect(pinged).toContain(url);
    }
    expect(pinged).toContain("https://news.example/feeds/atom.xml");
    expect(hub.posts.every((p) => p.mode[0] === "publish")).toBe(true);
  });

  it("pings again when the article is unpublished", async () => {
    const before = hub.posts.length;
    const res = await request(t, `/api/articles/${article.id}`, { method: "DELETE", admin: true });
    expect(res.status).toBeLessThan(300);
    await publisher.idle();
    const pinged = hub.posts.slice(before).map((p) => p.urls[0]);
    expect(pinged).toContain(feedUrls(t.config.publicBaseUrl, categoryFeed("سوريا")).json);
  });
});
