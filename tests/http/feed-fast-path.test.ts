import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { brotliDecompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeServer } from "../../functions/node/server.ts";
import { nodeCompressors } from "../../functions/node/compress.ts";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";

const SYRIA = encodeURIComponent("سوريا");

describe("the Node server's fast path for fresh cached feeds", () => {
  let t: TestServices;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    t = await startTestServices({ compress: nodeCompressors });
    await request(t, "/api/articles", { method: "POST", admin: true, json: { id: "fast-1", title: "خبر سريع", url: "https://anapress.net/a/fast", category: "سوريا" } });
    server = createNodeServer(t);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  const comparable = (res: Response) => {
    const headers = Object.fromEntries([...res.headers].filter(([name]) => !["date", "x-request-id", "connection", "keep-alive", "transfer-encoding"].includes(name)));
    return { status: res.status, headers };
  };

  for (const path of ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json", `/feeds/category/${SYRIA}/rss.xml`]) {
    it(`answers ${decodeURIComponent(path)} from the cache exactly as the app does, 200 and 304`, async () => {
      const viaApp = await request(t, path, { headers: { "accept-encoding": "br" } });
      expect(t.feedFastPath("GET", path, {})).toBeDefined();
      const viaServer = await fetch(base + path, { headers: { "accept-encoding": "br" } });
      expect(comparable(viaServer)).toEqual(comparable(viaApp));
      // fetch decodes brotli on the way in; the in-process response is still encoded.
      expect(new Uint8Array(await viaServer.arrayBuffer())).toEqual(new Uint8Array(brotliDecompressSync(new Uint8Array(await viaApp.arrayBuffer()))));
      expect(viaServer.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      const again = await fetch(base + path, { headers: { "if-none-match": viaApp.headers.get("etag")! } });
      expect(again.status).toBe(304);
    });
  }

  it("leaves queries, other methods and feeds not yet cached to the app", () => {
    expect(t.feedFastPath("GET", "/feeds/rss.xml?limit=3", {})).toBeUndefined();
    expect(t.feedFastPath("POST", "/feeds/rss.xml", {})).toBeUndefined();
    expect(t.feedFastPath("GET", `/feeds/tag/${encodeURIComponent("غير-موجود")}/rss.xml`, {})).toBeUndefined();
    expect(t.feedFastPath("GET", "/feeds/category/%E0%A4%A/rss.xml", {})).toBeUndefined();
  });

  it("stops answering from memory the moment a publish changes the feed", async () => {
    await request(t, "/api/articles", { method: "POST", admin: true, json: { id: "fast-2", title: "خبر أحدث", url: "https://anapress.net/a/fast2", publishedAt: "2030-01-01T00:00:00Z" } });
    expect(t.feedFastPath("GET", "/feeds/feed.json", {})).toBeUndefined();
    const feed = await (await fetch(`${base}/feeds/feed.json`)).json();
    expect(feed.items[0].title).toBe("خبر أحدث");
  });
});
