/**
 * An Atom entry's `updated` (JSON Feed date_modified) is the article's own last change: demo and imported articles keep
 * their source dates rather than all sharing the moment they were loaded, which the W3C validator flags.
 */
import { readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemo, type DemoArticle } from "../../lib/demo.ts";
import { decodeFeedBytes, feedItemsToArticles, parseFeedText } from "../../lib/import/index.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });
const LOADED_AT = Date.UTC(2026, 10, 29, 8, 0, 0);
const demo = JSON.parse(readFileSync(new URL("../../data/demo-articles.json", import.meta.url), "utf8")) as { articles: DemoArticle[] };

interface Entry {
  id: string;
  updated: string;
  published?: string;
}

async function atomEntries(t: TestServices, path: string): Promise<Entry[]> {
  const feed = xml.parse(await (await request(t, path)).text()).feed;
  return ([] as Entry[]).concat(feed.entry ?? []);
}

describe("entry dates are each article's own", () => {
  let t: TestServices;
  let clock = LOADED_AT;
  beforeAll(async () => {
    t = await startTestServices({ now: () => new Date(clock) });
  });
  afterAll(async () => t?.close());

  it("gives the demo articles their source dates: no two entries share `updated`, none is the load time", async () => {
    expect(await loadDemo(t.store, t.service, demo.articles)).toBe(demo.articles.length);
    const entries = await atomEntries(t, "/feeds/atom.xml");
    expect(entries).toHaveLength(demo.articles.length);
    const sourceDates = demo.articles.map((a) => new Date(String(a.publishedAt)).toISOString().replace(".000Z", "Z"));
    expect(entries.map((e) => e.updated).sort()).toEqual([...sourceDates].sort());
    for (const e of entries) expect(e.updated).toBe(e.published);
    expect(new Set(entries.map((e) => e.updated)).size).toBe(entries.length);
    const json = (await (await request(t, "/feeds/feed.json")).json()) as { items: { date_published: string; date_modified: string }[] };
    for (const item of json.items) expect(item.date_modified).toBe(item.date_published);
  });

  it("gives imported articles their feed's dates, and an edit its own time", async () => {
    clock += 3_600_000;
    const parsed = parseFeedText(decodeFeedBytes(readFileSync(new URL("../fixtures/import/anapress-rss.xml", import.meta.url)), "application/rss+xml"));
    if (!parsed.ok) throw new Error(parsed.error);
    const { articles } = feedItemsToArticles(parsed.source);
    expect(articles.filter((a) => a.publishedAt).length).toBeGreaterThanOrEqual(4);
    const ids: string[] = [];
    for (const article of articles) {
      const res = await request(t, "/api/articles", { method: "POST", admin: true, json: { ...article, tags: ["مستورد"] } });
      expect(res.status).toBe(201);
      const saved = (await res.json()) as { id: string; publishedAt: string; updatedAt: string };
      expect(saved.updatedAt).toBe(saved.publishedAt);
      expect(saved.updatedAt).toBe(article.publishedAt ?? new Date(clock).toISOString());
      ids.push(saved.id);
    }
    const entries = await atomEntries(t, `/feeds/tag/${encodeURIComponent("مستورد")}/atom.xml`);
    expect(entries).toHaveLength(articles.length);
    expect(new Set(entries.map((e) => e.updated)).size).toBe(entries.length);

    clock += 60_000;
    const id = ids[0]!;
    const patched = await request(t, `/api/articles/${id}`, { method: "PATCH", admin: true, json: { title: "عنوان معدّل" } });
    expect(((await patched.json()) as { updatedAt: string }).updatedAt).toBe(new Date(clock).toISOString());
  });

  it("does not date an article's last change in the future when it is published ahead of time", async () => {
    const res = await request(t, "/api/articles", { method: "POST", admin: true, json: { title: "خبر مجدول", url: "https://anapress.net/a/later", publishedAt: "2099-01-01T00:00:00Z" } });
    const saved = (await res.json()) as { publishedAt: string; updatedAt: string };
    expect(saved.publishedAt).toBe("2099-01-01T00:00:00.000Z");
    expect(saved.updatedAt).toBe(new Date(clock).toISOString());
  });
});
