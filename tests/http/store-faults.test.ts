import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultProxy, type FaultProxy } from "../helpers/dynamo-fault-proxy.ts";
import { request, startTestDynamo, startTestServices, TEST_ADMIN_TOKEN, type TestDynamo, type TestServices } from "../helpers/test-store.ts";

describe("when DynamoDB is unreachable or throttling", () => {
  let dynamo: TestDynamo;
  let proxy: FaultProxy;
  let t: TestServices;
  let clock = Date.UTC(2026, 10, 29, 9, 0, 0);

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    proxy = await startFaultProxy(dynamo.endpoint);
    // A short per-attempt timeout, so the hung endpoint is given up on (three attempts) well within the test's time.
    t = await startTestServices({ endpoint: proxy.endpoint, now: () => new Date(clock), requestTimeoutMs: 300 });
    const res = await request(t, "/api/articles", { method: "POST", admin: true, json: { id: "before", title: "خبر قبل العطل", url: "https://anapress.net/a/before" } });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
    await dynamo.close();
  });

  const snapshot = async () => {
    proxy.setMode("pass");
    const out = await t.client.send(new ScanCommand({ TableName: t.tableName }));
    return JSON.stringify((out.Items ?? []).sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`)));
  };

  for (const mode of ["throttle", "error500", "refuse", "hang"] as const) {
    it(`answers 503 with Retry-After and writes nothing while the store is in "${mode}"`, async () => {
      const before = await snapshot();
      proxy.setMode(mode);
      const publish = await request(t, "/api/articles", { method: "POST", admin: true, json: { id: `during-${mode}`, title: "خبر أثناء العطل", url: `https://anapress.net/a/${mode}` } });
      expect(publish.status).toBe(503);
      expect(publish.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(publish.headers.get("content-type")).toContain("application/problem+json");
      const body = await publish.text();
      expect(body).not.toContain(TEST_ADMIN_TOKEN);
      expect(body).not.toMatch(/\n\s+at /);
      expect((await request(t, "/api/articles")).status).toBe(503);
      expect((await request(t, "/health")).status).toBe(503);
      expect(await snapshot()).toBe(before);
    });
  }

  it("recovers without a restart once the store answers again", async () => {
    proxy.setMode("pass");
    clock += 1_000;
    const publish = await request(t, "/api/articles", { method: "POST", admin: true, json: { id: "after", title: "خبر بعد العطل", url: "https://anapress.net/a/after" } });
    expect(publish.status).toBe(201);
    expect((await request(t, "/health")).status).toBe(200);
    const list = await (await request(t, "/api/articles")).json();
    expect(list.items.map((a: { id: string }) => a.id)).toEqual(["after", "before"]);
  });

  it("keeps serving a feed it has already rendered while the store is down", async () => {
    proxy.setMode("pass");
    const fresh = await request(t, "/feeds/rss.xml");
    expect(fresh.status).toBe(200);
    proxy.setMode("refuse");
    clock += 60_000;
    const stale = await request(t, "/feeds/rss.xml");
    expect(stale.status).toBe(200);
    expect(stale.headers.get("etag")).toBe(fresh.headers.get("etag"));
    expect((await request(t, "/feeds/atom.xml")).status).toBe(503);
    proxy.setMode("pass");
  });
});
