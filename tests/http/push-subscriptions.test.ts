import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, pushServices, startBench, type Bench, type PushServices } from "../push-fanout/harness.ts";

let bench: Bench;
let s: PushServices;
beforeAll(async () => {
  bench = await startBench();
  s = await pushServices(bench, { env: { SUBSCRIBE_RATE_PER_MINUTE: "3" } });
});
afterAll(async () => {
  s.close();
  await bench.close();
});

const post = (json: unknown, peer: string) => api(s, "/api/push/subscriptions", { method: "POST", json, headers: { "x-test-peer": peer } });

describe("push HTTP API", () => {
  it("serves the VAPID public key", async () => {
    const res = await api(s, "/api/push/vapid-public-key");
    expect(res.status).toBe(200);
    const { publicKey } = (await res.json()) as { publicKey: string };
    expect(publicKey).toBe(bench.vapid.publicKey);
    expect(Buffer.from(publicKey, "base64url")).toHaveLength(65);
  });

  it("answers 503 for the key when push is not configured", async () => {
    const bare = await pushServices(bench, { env: { VAPID_PUBLIC_KEY: "", VAPID_PRIVATE_KEY: "" } });
    const res = await api(bare, "/api/push/vapid-public-key");
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    bare.close();
  });

  it("creates with 201, updates with 200, and deletes with 204 (also when unknown)", async () => {
    const sub = bench.receiver.subscribe().subscription;
    const created = await post({ ...sub, topics: ["سياسة"], timeZone: "Asia/Damascus", quietHours: { start: "23:00", end: "07:00" } }, "192.0.2.1");
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; topics: string[] };
    expect(body.topics).toEqual(["سياسة"]);
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const updated = await post({ ...sub, topics: [] }, "192.0.2.1");
    expect(updated.status).toBe(200);
    expect(await updated.json()).toEqual({ id: body.id, topics: [] });
    const del = (endpoint: string) => api(s, "/api/push/subscriptions", { method: "DELETE", json: { endpoint }, headers: { "x-test-peer": "192.0.2.9" } });
    expect((await del(sub.endpoint)).status).toBe(204);
    expect((await del(`${bench.receiver.url}/push/never`)).status).toBe(204);
    expect((await post(sub, "192.0.2.1")).status).toBe(201);
  });

  it("names the invalid fields with JSON pointers", async () => {
    const sub = bench.receiver.subscribe().subscription;
    const res = await post({ ...sub, endpoint: "https://evil.example/push/1", keys: { p256dh: "AAAA", auth: sub.keys.auth }, quietHours: { start: "25:00", end: "07:00" } }, "192.0.2.2");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    const pointers = ((await res.json()) as { errors: Array<{ pointer: string }> }).errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(["/endpoint", "/keys/p256dh", "/quietHours/start"]));
  });

  it("limits subscribes per client address with 429 and Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(bench.receiver.subscribe().subscription, "192.0.2.77")).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await post(bench.receiver.subscribe().subscription, "192.0.2.77");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    // Another address is unaffected; after a minute the bucket has refilled.
    expect((await post(bench.receiver.subscribe().subscription, "192.0.2.78")).status).toBe(201);
    bench.clock.now = new Date(bench.clock.now.getTime() + 60_000);
    expect((await post(bench.receiver.subscribe().subscription, "192.0.2.77")).status).toBe(201);
  });

  it("keeps push stats behind the admin token and answers 404 for an unknown article", async () => {
    expect((await api(s, "/api/articles/nope/push-stats")).status).toBe(401);
    expect((await api(s, "/api/articles/nope/push-stats", { admin: true })).status).toBe(404);
  });
});
