import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, select, text } from "../pages/dom.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";

/** The section names in a page's menu, in order. */
async function menu(res: Response): Promise<string[]> {
  const doc = parse(await res.text());
  const nav = select(doc, (el) => el.name === "nav" && el.attribs.class === "categories")[0];
  return nav ? select(doc, (el) => el.name === "a" && (el.attribs.href ?? "").startsWith("/category/") && isWithin(el, nav)).map(text) : [];
}

function isWithin(el: { parent: unknown }, ancestor: unknown): boolean {
  for (let node = el.parent; node; node = (node as { parent: unknown }).parent) if (node === ancestor) return true;
  return false;
}

describe("the sections list over HTTP", () => {
  let t: TestServices;
  let clock = Date.UTC(2026, 10, 29, 8, 0, 0);
  const now = () => new Date(clock);

  beforeAll(async () => {
    t = await startTestServices({ now });
    const articles = [
      { id: "p-syria", category: "سوريا" },
      { id: "p-lebanon", category: "لبنان" },
      { id: "p-economy", category: "اقتصاد" },
      { id: "p-gone", category: "صحة" },
    ];
    for (const a of articles) {
      const res = await request(t, "/api/articles", { method: "POST", admin: true, json: { ...a, title: `خبر ${a.id}`, url: `https://anapress.net/a/${a.id}` } });
      expect(res.status).toBe(201);
    }
    await request(t, "/api/articles/p-gone", { method: "DELETE", admin: true });
  });
  afterAll(async () => t.close());

  it("carries every section on the home, category, article, 404 and 410 pages, not just those of the page's articles", async () => {
    const all = ["اقتصاد", "سوريا", "صحة", "لبنان"];
    expect(await menu(await request(t, "/"))).toEqual(all);
    expect(await menu(await request(t, `/category/${encodeURIComponent("سوريا")}`))).toEqual(all);
    expect(await menu(await request(t, "/articles/p-syria"))).toEqual(all);
    const missing = await request(t, "/articles/no-such-article");
    expect(missing.status).toBe(404);
    expect(await menu(missing)).toEqual(all);
    const gone = await request(t, "/articles/p-gone");
    expect(gone.status).toBe(410);
    expect(await menu(gone)).toEqual(all);
    const noCategory = await request(t, `/category/${encodeURIComponent("لا يوجد")}`);
    expect(noCategory.status).toBe(404);
    expect(await menu(noCategory)).toEqual(all);
  });

  it("offers every section as an alert topic on the home page", async () => {
    const doc = parse(await (await request(t, "/")).text());
    const topics = select(doc, (el) => el.name === "input" && el.attribs.name === "topic").map((el) => el.attribs.value);
    expect(topics).toEqual(["اقتصاد", "سوريا", "صحة", "لبنان"]);
  });

  it("serves the list as JSON with category page urls, an ETag and 304s", async () => {
    const res = await request(t, "/api/sections");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = await res.json();
    expect(body.items[1]).toEqual({ name: "سوريا", url: `https://news.example/category/${encodeURIComponent("سوريا")}` });
    expect(body).toMatchObject({ order: [], hidden: [] });
    const etag = res.headers.get("etag")!;
    expect((await request(t, "/api/sections", { headers: { "if-none-match": etag } })).status).toBe(304);
  });

  it("costs no read for a page in steady state, and one more read per revalidation window, not per request", async () => {
    await request(t, "/");
    await request(t, "/articles/p-syria");
    t.calls.reset();
    await request(t, "/");
    await request(t, "/");
    expect(t.calls.names).toEqual([]);
    await request(t, "/articles/p-syria");
    await request(t, "/articles/p-syria");
    expect(t.calls.names).toEqual(["BatchGetItem", "BatchGetItem"]);
    clock += 6_000;
    t.calls.reset();
    await request(t, "/");
    await request(t, "/articles/p-syria");
    await request(t, "/articles/p-lebanon");
    expect(t.calls.names.filter((n) => n === "Query")).toHaveLength(2); // the home feed and the sections, once each
  });

  it("refuses settings without the admin token, and names the field at fault", async () => {
    expect((await request(t, "/api/sections", { method: "PUT", json: { order: [] } })).status).toBe(401);
    const bad = await request(t, "/api/sections", { method: "PUT", admin: true, json: { order: ["سوريا", "سوريا"], hidden: ["a/b"], extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const pointers = (await bad.json()).errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(["/order", "/hidden/0", "/extra"]));
  });

  it("puts the newsroom's order and hidden list on every page at once", async () => {
    await request(t, "/");
    t.calls.reset();
    const res = await request(t, "/api/sections", { method: "PUT", admin: true, json: { order: ["لبنان", "سوريا"], hidden: ["صحة"] } });
    expect(res.status).toBe(200);
    expect(t.calls.names).toEqual(["PutItem", "Query"]);
    expect((await res.json()).items.map((i: { name: string }) => i.name)).toEqual(["لبنان", "سوريا", "اقتصاد"]);
    expect(await menu(await request(t, "/"))).toEqual(["لبنان", "سوريا", "اقتصاد"]);
    expect(await menu(await request(t, "/articles/p-economy"))).toEqual(["لبنان", "سوريا", "اقتصاد"]);
  });

  it("keeps a hidden section's own page and feeds, without putting it back in the menu", async () => {
    const page = await request(t, `/category/${encodeURIComponent("صحة")}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`/feeds/category/${encodeURIComponent("صحة")}/rss.xml`);
    expect(await menu(new Response(html))).toEqual(["لبنان", "سوريا", "اقتصاد"]);
  });

  it("shows a new section published by another process after the revalidation window", async () => {
    const other = await startTestServices({ endpoint: t.endpoint, tableName: t.tableName });
    try {
      await request(other, "/api/articles", { method: "POST", admin: true, json: { id: "p-sport", title: "خبر رياضي", url: "https://anapress.net/a/sport", category: "رياضة" } });
    } finally {
      await other.close();
    }
    expect(await menu(await request(t, "/articles/p-syria"))).not.toContain("رياضة");
    clock += 6_000;
    expect(await menu(await request(t, "/articles/p-syria"))).toEqual(["لبنان", "سوريا", "اقتصاد", "رياضة"]);
  });
});
