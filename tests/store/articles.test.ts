import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_FEED, categoryFeed, tagFeed } from "../../lib/store/index.ts";
import { startTestServices, type TestServices } from "../helpers/test-store.ts";

const article = (n: number, extra: Record<string, unknown> = {}) => ({
  title: `خبر رقم ${n}`,
  url: `https://anapress.net/a/${n}`,
  publishedAt: new Date(Date.UTC(2020, 6, 8, 10, n)).toISOString(),
  category: n % 2 === 0 ? "سوريا" : "لبنان",
  ...extra,
});

describe("article store on a real DynamoDB endpoint", () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await startTestServices();
  });
  afterAll(async () => t.close());

  it("keeps Arabic text byte-exact apart from NFC: tashkeel, tatweel, RLM/LRM and mixed digits survive", async () => {
    const title = "\u200Fمُحَمَّد يَكتُـــب عن \u200E«COVID-19» و١٥٠ ألف حالة\u200F";
    const out = await t.service.publish({ title, url: "https://anapress.net/a/rtl", summary: "نصٌّ\u200Cمع فاصل" });
    expect(out.kind).toBe("created");
    const read = await t.store.articles.get(out.kind === "created" ? out.article.id : "");
    expect(read.kind).toBe("live");
    if (read.kind !== "live") return;
    expect(read.article.title).toBe(title.normalize("NFC"));
    expect(new TextEncoder().encode(read.article.title)).toEqual(new TextEncoder().encode(title.normalize("NFC")));
    expect(read.article.summary).toBe("نصٌّ\u200Cمع فاصل");
  });

  it("composes decomposed Arabic to NFC and strips characters XML forbids at the door", async () => {
    const out = await t.service.publish({ title: "\u0627\u0653\u0644\u0627\u0645\u0001\uFFFE\uD800 خبر", url: "https://anapress.net/a/nfc" });
    expect(out.kind).toBe("created");
    if (out.kind !== "created") return;
    expect(out.article.title).toBe("\u0622\u0644\u0627\u0645 خبر");
  });

  it("derives the same stable id from the same canonical url, so a re-post with tracking parameters updates it", async () => {
    const a = await t.service.publish({ title: "أ", url: "https://anapress.net/a/same?utm_source=x#top" });
    const b = await t.service.publish({ title: "أ", url: "https://ANAPRESS.net/a/same" });
    expect(a.kind).toBe("created");
    expect(b.kind).toBe("updated");
    if (a.kind === "invalid" || b.kind === "invalid" || a.kind === "conflict" || b.kind === "conflict" || a.kind === "missing" || b.kind === "missing") return;
    expect(b.article.id).toBe(a.article.id);
  });

  it("re-publishing identical content writes nothing and keeps updatedAt", async () => {
    const first = await t.service.publish({ id: "idem-1", ...article(1) });
    t.calls.reset();
    const again = await t.service.publish({ id: "idem-1", ...article(1) });
    expect(again.kind).toBe("unchanged");
    expect(t.calls.names).toEqual(["GetItem"]);
    if (first.kind !== "created" || again.kind !== "unchanged") return;
    expect(again.article.updatedAt).toBe(first.article.updatedAt);
  });

  it("re-publishing changed content updates it with a new updatedAt and moves it between category feeds", async () => {
    await t.service.publish({ id: "move-1", ...article(3, { category: "اقتصاد" }) });
    const updated = await t.service.publish({ id: "move-1", ...article(3, { category: "رياضة", title: "عنوان جديد" }) });
    expect(updated.kind).toBe("updated");
    const oldFeed = await t.store.articles.list(categoryFeed("اقتصاد"), { limit: 10 });
    const newFeed = await t.store.articles.list(categoryFeed("رياضة"), { limit: 10 });
    if (oldFeed === "bad-cursor" || newFeed === "bad-cursor") throw new Error("unexpected");
    expect(oldFeed.items.map((a) => a.id)).not.toContain("move-1");
    expect(newFeed.items.find((a) => a.id === "move-1")?.title).toBe("عنوان جديد");
  });

  it("pages newest first with cursors, every article once, across pages", async () => {
    for (let n = 10; n < 25; n++) await t.service.publish({ id: `page-${n}`, ...article(n, { tags: ["صفحات"] }) });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.store.articles.list(tagFeed("صفحات"), { limit: 4, ...(cursor ? { cursor } : {}) });
      if (page === "bad-cursor") throw new Error("cursor refused");
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => `page-${24 - i}`));
  });

  it("refuses a tampered cursor and a cursor from another list", async () => {
    const page = await t.store.articles.list(tagFeed("صفحات"), { limit: 2 });
    if (page === "bad-cursor" || !page.nextCursor) throw new Error("expected a next page");
    const tampered = page.nextCursor.replace(/^./, (c) => (c === "A" ? "B" : "A"));
    expect(await t.store.articles.list(tagFeed("صفحات"), { limit: 2, cursor: tampered })).toBe("bad-cursor");
    expect(await t.store.articles.list(ALL_FEED, { limit: 2, cursor: page.nextCursor })).toBe("bad-cursor");
    expect(await t.store.articles.list(ALL_FEED, { limit: 2, cursor: "not-a-cursor" })).toBe("bad-cursor");
  });

  it("unpublishing removes the article from every feed and reads as gone", async () => {
    await t.service.publish({ id: "gone-1", ...article(40, { tags: ["وداع"] }) });
    expect(await t.service.unpublish("gone-1")).toBe("unpublished");
    expect((await t.store.articles.get("gone-1")).kind).toBe("gone");
    for (const feed of [ALL_FEED, categoryFeed("سوريا"), tagFeed("وداع")]) {
      const page = await t.store.articles.list(feed, { limit: 100 });
      if (page === "bad-cursor") throw new Error("unexpected");
      expect(page.items.map((a) => a.id)).not.toContain("gone-1");
    }
  });

  it("counts 200 concurrent views without losing one", async () => {
    await t.service.publish({ id: "viral-1", ...article(50) });
    const results = await Promise.all(Array.from({ length: 200 }, () => t.store.views.increment("viral-1")));
    expect(results.every((v) => typeof v === "number")).toBe(true);
    expect(Math.max(...(results as number[]))).toBeLessThanOrEqual(200);
    const read = await t.store.articles.get("viral-1");
    expect(read.kind === "live" && read.article.views).toBe(200);
  });

  it("does not count views for an unknown article", async () => {
    expect(await t.store.views.increment("no-such-article")).toBeUndefined();
  });

  it("a crash between the article write and its feed sync is repaired by the sweeper", async () => {
    // The article item as a crashed publish leaves it: written and dirty, with no feed entries yet.
    const at = "2020-07-08T12:00:00.000Z";
    await t.client.send(
      new PutCommand({
        TableName: t.tableName,
        Item: {
          pk: "A#crashed-1", sk: "A", id: "crashed-1", title: "خبر لم يكتمل", url: "https://anapress.net/a/crashed",
          summary: "", contentHtml: "", tags: [], publishedAt: at, updatedAt: at, lang: "ar", breaking: false,
          status: "live", firstPublishedAt: at, rev: 1, syncedRev: 0, syncedFeeds: [], notify: "pending", views: 0,
          stateKey: "dirty", stateAt: `${at}#crashed-1`,
        },
      }),
    );
    const before = await t.store.articles.list(ALL_FEED, { limit: 100 });
    if (before === "bad-cursor") throw new Error("unexpected");
    expect(before.items.map((a) => a.id)).not.toContain("crashed-1");
    expect(await t.store.articles.dirtyIds()).toContain("crashed-1");
    await t.service.repair();
    const after = await t.store.articles.list(ALL_FEED, { limit: 100 });
    if (after === "bad-cursor") throw new Error("unexpected");
    expect(after.items.map((a) => a.id)).toContain("crashed-1");
    expect(await t.store.articles.dirtyIds()).not.toContain("crashed-1");
  });
});

describe("persistence", () => {
  it("keeps articles across a restart of the embedded store", async () => {
    const dir = await mkdtemp(join(tmpdir(), "news-store-"));
    const tableName = "restart-table";
    try {
      const first = await startTestServices({ path: join(dir, "db"), tableName });
      await first.service.publish({ id: "survivor", title: "باقٍ بعد إعادة التشغيل", url: "https://anapress.net/a/survivor" });
      await first.close();
      const second = await startTestServices({ path: join(dir, "db"), tableName });
      const read = await second.store.articles.get("survivor");
      expect(read.kind === "live" && read.article.title).toBe("باقٍ بعد إعادة التشغيل");
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
