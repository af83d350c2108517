/** Proves the DynamoDB request counts documented in docs/data-model.md by counting SDK commands per API call. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request, startTestServices, type TestServices } from "../helpers/test-store.ts";

describe("DynamoDB requests per API call (docs/data-model.md)", () => {
  let t: TestServices;
  const body = { id: "count-1", title: "خبر للعد", url: "https://anapress.net/a/count", category: "سوريا", tags: ["عد", "اختبار"] };
  beforeAll(async () => {
    t = await startTestServices();
  });
  afterAll(async () => t.close());

  async function callsFor(path: string, init: Parameters<typeof request>[2] = {}) {
    t.calls.reset();
    const res = await request(t, path, init);
    expect(res.status).toBeLessThan(300);
    return [...t.calls.names];
  }

  it("POST /api/articles (new): read, conditional put, one batch of feed entries, the notification, the sync mark", async () => {
    expect(await callsFor("/api/articles", { method: "POST", admin: true, json: body })).toEqual([
      "GetItem", "PutItem", "BatchWriteItem", "PutItem", "UpdateItem",
    ]);
  });

  it("POST /api/articles (same content again): one read, no write", async () => {
    expect(await callsFor("/api/articles", { method: "POST", admin: true, json: body })).toEqual(["GetItem"]);
  });

  it("POST /api/articles (changed): read, conditional put, one batch, the sync mark", async () => {
    expect(await callsFor("/api/articles", { method: "POST", admin: true, json: { ...body, title: "خبر معدل" } })).toEqual([
      "GetItem", "PutItem", "BatchWriteItem", "UpdateItem",
    ]);
  });

  it("GET /api/articles: one Query", async () => {
    expect(await callsFor("/api/articles?limit=50")).toEqual(["Query"]);
    expect(await callsFor(`/api/articles?category=${encodeURIComponent("سوريا")}`)).toEqual(["Query"]);
  });

  it("GET /api/articles/:id: one BatchGetItem (the article and its view shards)", async () => {
    expect(await callsFor("/api/articles/count-1")).toEqual(["BatchGetItem"]);
  });

  it("POST /api/articles/:id/views: one BatchGetItem and one UpdateItem (plus the roll-up at most once a minute)", async () => {
    const first = await callsFor("/api/articles/count-1/views", { method: "POST" });
    expect(first.slice(0, 2)).toEqual(["BatchGetItem", "UpdateItem"]);
    // The first view of an article also rolls the count up: article + one update per feed entry (all, category, 2 tags).
    expect(first.length).toBe(2 + 1 + 4);
    expect(await callsFor("/api/articles/count-1/views", { method: "POST" })).toEqual(["BatchGetItem", "UpdateItem"]);
  });

  it("PATCH /api/articles/:id: the read for the merge, then as a changed publish", async () => {
    expect(await callsFor("/api/articles/count-1", { method: "PATCH", admin: true, json: { summary: "ملخص" } })).toEqual([
      "BatchGetItem", "GetItem", "PutItem", "BatchWriteItem", "UpdateItem",
    ]);
  });

  it("DELETE /api/articles/:id: read, conditional put, one batch of deletes, the sync mark", async () => {
    expect(await callsFor("/api/articles/count-1", { method: "DELETE", admin: true })).toEqual([
      "GetItem", "PutItem", "BatchWriteItem", "UpdateItem",
    ]);
  });

  it("GET /health: one DescribeTable", async () => {
    expect(await callsFor("/health")).toEqual(["DescribeTable"]);
  });
});
