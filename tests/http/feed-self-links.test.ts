/**
 * The W3C Feed Validation Service warns when rel="self" is not the address it fetched: every page of every feed names
 * the URL asked for (query included), while first/next/prev-archive keep pointing where RFC 5005 says.
 */
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";

const BASE = "https://news.example";
const SYRIA = encodeURIComponent("سوريا");
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });

type Links = { self?: string; first?: string; next?: string; prevArchive?: string };

/** The paging links of a feed page, whatever its format. */
async function links(t: TestServices, path: string): Promise<Links> {
  const res = await request(t, path);
  expect(res.status, path).toBe(200);
  const text = await res.text();
  if (path.includes("feed.json")) {
    const json = JSON.parse(text) as { feed_url?: string; next_url?: string };
    return { ...(json.feed_url ? { self: json.feed_url } : {}), ...(json.next_url ? { next: json.next_url } : {}) };
  }
  const doc = xml.parse(text);
  const raw = path.includes("rss.xml") ? doc.rss.channel["atom:link"] : doc.feed.link;
  const list = (Array.isArray(raw) ? raw : [raw]) as Record<string, string>[];
  const href = (rel: string) => list.find((l) => l["@rel"] === rel)?.["@href"];
  const out: Links = {};
  for (const [key, rel] of [["self", "self"], ["first", "first"], ["next", "next"], ["prevArchive", "prev-archive"]] as const) {
    const value = href(rel);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

describe("self links name the URL asked for", () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await startTestServices();
    for (let i = 0; i < 8; i++) {
      const res = await request(t, "/api/articles", {
        method: "POST",
        admin: true,
        json: { id: `self-${i}`, title: `خبر رقم ${i}`, url: `https://anapress.net/a/s${i}`, category: "سوريا", publishedAt: `2020-07-08T1${i}:00:00Z` },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  for (const file of ["rss.xml", "atom.xml", "feed.json"]) {
    const isJson = file === "feed.json";

    it(`${file}: first page, ?limit=3 and the explicit default limit name themselves`, async () => {
      for (const path of [`/feeds/${file}`, `/feeds/${file}?limit=3`, `/feeds/${file}?limit=50`, `/feeds/category/${SYRIA}/${file}?limit=2`]) {
        const got = await links(t, path);
        expect(got.self, path).toBe(`${BASE}${path}`);
        expect(got.first, path).toBeUndefined();
      }
    });

    it(`${file}: later pages name themselves while next and prev-archive follow the cursor and first is page one`, async () => {
      const one = await links(t, `/feeds/${file}?limit=3`);
      expect(one.next).toMatch(new RegExp(`^${BASE}/feeds/${file.replace(".", "\\.")}\\?limit=3&cursor=[^&]+$`));
      if (!isJson) expect(one.prevArchive).toBe(one.next);
      const twoPath = one.next!.slice(BASE.length);
      const two = await links(t, twoPath);
      expect(two.self).toBe(one.next);
      expect(two.next).toMatch(/\?limit=3&cursor=/);
      expect(two.next).not.toBe(two.self);
      if (!isJson) {
        expect(two.first).toBe(`${BASE}/feeds/${file}?limit=3`);
        expect(two.prevArchive).toBe(two.next);
      }
      // The same page asked for with its parameters the other way round names that URL, and its own next is the same.
      const cursor = new URL(one.next!).searchParams.get("cursor")!;
      const swappedPath = `/feeds/${file}?cursor=${encodeURIComponent(cursor)}&limit=3`;
      const swapped = await links(t, swappedPath);
      expect(swapped.self).toBe(`${BASE}${swappedPath}`);
      expect(swapped.next).toBe(two.next);
      // …and the first spelling still gets its own self from the cache.
      expect((await links(t, twoPath)).self).toBe(one.next);
    });

    it(`${file}: a search names its query`, async () => {
      const path = `/feeds/search/${file}?q=${encodeURIComponent("خبر رقم")}`;
      expect((await links(t, path)).self).toBe(`${BASE}${path}`);
    });
  }

  it("leaves parameters it does not know out of the self link (they change nothing in the document)", async () => {
    expect((await links(t, "/feeds/atom.xml?utm_source=x&limit=3")).self).toBe(`${BASE}/feeds/atom.xml?limit=3`);
  });

  it("keys the cache by what changes the bytes: a page asked for again costs no read, two spellings of a search two documents", async () => {
    await request(t, "/feeds/atom.xml?limit=3");
    t.calls.reset();
    expect((await links(t, "/feeds/atom.xml?limit=3")).self).toBe(`${BASE}/feeds/atom.xml?limit=3`);
    expect(t.calls.names).toEqual([]);
    // Folded alike for matching (hamza), shown as sent: each search names its own query.
    const a = `/feeds/search/atom.xml?q=${encodeURIComponent("أخبار")}`;
    const b = `/feeds/search/atom.xml?q=${encodeURIComponent("اخبار")}`;
    expect((await links(t, a)).self).toBe(`${BASE}${a}`);
    expect((await links(t, b)).self).toBe(`${BASE}${b}`);
  });
});
