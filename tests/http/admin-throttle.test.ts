/** Wrong admin tokens are counted per client address; past the budget that address gets 429 on every admin route. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request, startTestServices, TEST_ADMIN_TOKEN, type TestServices } from "../helpers/test-store.ts";

let t: TestServices;
let clock = Date.UTC(2025, 0, 10, 8, 0, 0);
beforeAll(async () => {
  t = await startTestServices({ now: () => new Date(clock), config: { ADMIN_FAILURES_PER_MINUTE: "3", TRUST_PROXY: "1" } });
});
afterAll(async () => t?.close());

const from = (address: string, authorization?: string) => ({
  "x-forwarded-for": address,
  ...(authorization ? { authorization } : {}),
});
const article = (id: string) => ({
  id,
  title: "خبر للاختبار",
  url: `https://news.example/ar/${id}`,
  summary: "ملخص",
  publishedAt: "2025-01-10T08:00:00.000Z",
});
const publish = (id: string, headers: Record<string, string>) => request(t, "/api/articles", { method: "POST", json: article(id), headers });

describe("admin token guessing", () => {
  it("answers 429 with Retry-After to an address after three wrong tokens — even with the right one — and not to others", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await publish(`guess-${i}`, from("203.0.113.7", `Bearer wrong-token-${i}-0123456789`));
      expect(res.status).toBe(401);
    }
    const blocked = await publish("guess-right", from("203.0.113.7", `Bearer ${TEST_ADMIN_TOKEN}`));
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const body = await blocked.text();
    expect(body).not.toContain(TEST_ADMIN_TOKEN);
    // The same budget guards every admin route.
    const stats = await request(t, "/api/articles/guess-right/push-stats", { headers: from("203.0.113.7", `Bearer ${TEST_ADMIN_TOKEN}`) });
    expect(stats.status).toBe(429);
    expect((await request(t, "/api/articles/guess-right")).status).toBe(404);

    const other = await publish("other-address", from("198.51.100.4", `Bearer ${TEST_ADMIN_TOKEN}`));
    expect(other.status).toBe(201);
  });

  it("lets the address in again once the budget refills", async () => {
    clock += 60_000;
    const res = await publish("after-a-minute", from("203.0.113.7", `Bearer ${TEST_ADMIN_TOKEN}`));
    expect(res.status).toBe(201);
  });

  it("never counts requests with the right token or with no Authorization header", async () => {
    for (let i = 0; i < 6; i++) {
      expect((await publish(`fine-${i}`, from("192.0.2.50", `Bearer ${TEST_ADMIN_TOKEN}`))).status).toBe(201);
      expect((await publish(`anon-${i}`, from("192.0.2.50"))).status).toBe(401);
    }
    expect((await publish("still-fine", from("192.0.2.50", `Bearer ${TEST_ADMIN_TOKEN}`))).status).toBe(201);
  });
});
