import { startFaultProxy } from "../helpers/dynamo-fault-proxy.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { topicFor } from "../../lib/push/payload.ts";
import { pushSenderFor, type PushSend } from "../../lib/push/sender.ts";
import { createNodePushRuntime } from "../../functions/node/push-runtime.ts";
import { notificationOf, parseDeclarativePush } from "../helpers/declarative-push.ts";
import { api, article, messagesFor, publish, pushServices, startBench, subscribe, type Bench } from "./harness.ts";

let bench: Bench;
beforeAll(async () => {
  bench = await startBench();
});
afterAll(() => bench.close());

async function stats(s: Parameters<typeof api>[0], id: string) {
  return (await api(s, `/api/articles/${id}/push-stats`, { admin: true })).json();
}

describe("push fan-out on first publication", () => {
  it("sends every subscriber the exact payload once, and nothing on edits or re-publish", async () => {
    const s = await pushServices(bench);
    const subs = await Promise.all(Array.from({ length: 5 }, () => subscribe(bench, s)));
    await publish(s, article("a1", { breaking: false }));
    const topic = await topicFor("a1");
    const links = new Set<string>();
    for (const sub of subs) {
      const got = messagesFor(bench, sub);
      expect(got).toHaveLength(1);
      expect(got[0]!.payload).toMatchObject({
        web_push: 8030,
        notification: {
          title: "عنوان الخبر a1",
          body: "ملخص الخبر باللغة العربية.",
          navigate: expect.stringMatching(/^https:\/\/news\.example\/push\/open\/a1\?s=[A-Za-z0-9_-]{20}$/),
          icon: "https://news.example/static/icon.png",
          lang: "ar",
          dir: "rtl",
          tag: "article-a1",
          silent: false,
        },
      });
      expect(parseDeclarativePush(JSON.stringify(got[0]!.payload), "https://news.example/").ok).toBe(true);
      expect(got[0]!.headers).toMatchObject({ urgency: "normal", topic, ttl: "86400" });
      links.add(String(notificationOf(got[0]!.payload).navigate));
    }
    // One click-through link per subscriber, each leading to the article.
    expect(links.size).toBe(subs.length);
    for (const link of links) {
      const res = await api(s, new URL(link).pathname + new URL(link).search);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^https:\/\/news\.example\/ar\/a1\?/);
    }
    await publish(s, article("a1", { title: "عنوان معدل" }));
    await publish(s, article("a1", { title: "عنوان معدل" }));
    await api(s, "/api/articles/a1", { method: "DELETE", admin: true });
    await publish(s, article("a1", { title: "عنوان بعد إعادة النشر" }));
    await s.push!.sweepPush();
    await s.push!.idle();
    for (const sub of subs) expect(messagesFor(bench, sub)).toHaveLength(1);
    expect(await stats(s, "a1")).toEqual({
      articleId: "a1", state: "done", attempted: 5, delivered: 5, expired: 0, failed: 0, retried: 0, held: 0,
      clicked: 5, clickThroughRate: 1,
      batches: { total: expect.any(Number), done: expect.any(Number) },
    });
    const st = await stats(s, "a1");
    expect(st.batches.done).toBe(st.batches.total);
    s.close();
  });

  it("delivers with web-push's encryption over undici HTTP/1.1, as functions/local.ts and the push worker compose it", async () => {
    // createNodePushRuntime is what local.ts and functions/push-worker.ts call; only the test CA is added.
    const runtime = createNodePushRuntime({ connections: 8, ca: bench.receiver.ca });
    const s = await pushServices(bench, { runtime: { transport: runtime.transport, hmac: runtime.hmac } });
    const subs = await Promise.all(Array.from({ length: 30 }, () => subscribe(bench, s)));
    const gone = subs[0]!;
    bench.receiver.setMode(gone.endpointId, 410);
    const busy = subs[1]!;
    bench.receiver.setMode(busy.endpointId, { status: 429, retryAfter: "1" }, 1);
    await publish(s, article("u1", { breaking: true }));
    await s.push!.idle();
    const topic = await topicFor("u1");
    for (const sub of subs.slice(1)) {
      const got = messagesFor(bench, sub);
      expect(got).toHaveLength(1);
      expect(notificationOf(got[0]!.payload)).toMatchObject({ title: "عنوان الخبر u1", tag: "article-u1", lang: "ar", dir: "rtl" });
      expect(got[0]!.headers).toMatchObject({ urgency: "high", topic, ttl: "86400", "content-encoding": "aes128gcm" });
    }
    expect(messagesFor(bench, gone)).toHaveLength(0);
    expect(await stats(s, "u1")).toMatchObject({ state: "done", attempted: 30, delivered: 29, expired: 1, failed: 0, retried: 1 });
    await runtime.close();
    s.close();
  });

  it("filters by topic: a سياسة subscriber misses a رياضة article, a no-topics subscriber gets both", async () => {
    const s = await pushServices(bench);
    const politics = await subscribe(bench, s, { topics: ["سياسة"] });
    const everything = await subscribe(bench, s);
    const both = await subscribe(bench, s, { topics: ["سياسة", "رياضة"] });
    await publish(s, article("p1", { category: "سياسة" }));
    await publish(s, article("s1", { category: "رياضة" }));
    const tags = (sub: typeof politics) => messagesFor(bench, sub).map((m) => notificationOf(m.payload).tag).sort();
    expect(tags(politics)).toEqual(["article-p1"]);
    expect(tags(everything)).toEqual(["article-p1", "article-s1"]);
    expect(tags(both)).toEqual(["article-p1", "article-s1"]);
    s.close();
  });

  it("re-posting with other topics replaces the memberships", async () => {
    const s = await pushServices(bench);
    const sub = await subscribe(bench, s, { topics: ["رياضة"] });
    const again = await api(s, "/api/push/subscriptions", { method: "POST", json: { ...sub.subscription, topics: ["اقتصاد"] } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ topics: ["اقتصاد"] });
    await publish(s, article("r1", { category: "رياضة" }));
    await publish(s, article("e1", { category: "اقتصاد" }));
    expect(messagesFor(bench, sub).map((m) => notificationOf(m.payload).tag)).toEqual(["article-e1"]);
    s.close();
  });

  it("removes a subscription answered with 410 and does not try it for the next article", async () => {
    const s = await pushServices(bench);
    const gone = await subscribe(bench, s);
    const fine = await subscribe(bench, s);
    bench.receiver.setMode(gone.endpointId, 410);
    await publish(s, article("g1"));
    expect(bench.receiver.attempts(gone.endpointId)).toBe(1);
    await publish(s, article("g2"));
    expect(bench.receiver.attempts(gone.endpointId)).toBe(1);
    expect(messagesFor(bench, fine)).toHaveLength(2);
    expect(await stats(s, "g1")).toMatchObject({ attempted: 2, delivered: 1, expired: 1 });
    s.close();
  });

  it("retries a 429 with Retry-After and delivers", async () => {
    const s = await pushServices(bench);
    const busy = await subscribe(bench, s);
    bench.receiver.setMode(busy.endpointId, { status: 429, retryAfter: "2" }, 2);
    await publish(s, article("t1"));
    expect(messagesFor(bench, busy)).toHaveLength(1);
    expect(bench.receiver.attempts(busy.endpointId)).toBe(3);
    expect(await stats(s, "t1")).toMatchObject({ delivered: 1, retried: 2, failed: 0 });
    s.close();
  });

  it("leaves nobody without the push when the process dies mid-fan-out; only in-flight sends repeat", async () => {
    const env = { PUSH_BATCH_SIZE: "10", PUSH_CONCURRENCY: "4" };
    const first = await pushServices(bench, { env });
    const subs = await Promise.all(Array.from({ length: 60 }, () => subscribe(bench, first)));
    // A sender that delivers 25 messages, then "dies": every later send hangs forever, as in a killed process.
    let sent = 0;
    const real = (await pushServices(bench, { table: first.table, env })).push!;
    void real;
    const realSend = await pushSenderFor({
      vapid: { ...bench.vapid, subject: "mailto:alerts@anapress.net" },
      transport: bench.runtime.transport,
      now: () => bench.clock.now.getTime(),
    });
    const dying: PushSend = async (target, payload, options) => {
      if (sent >= 25) return new Promise(() => {});
      sent++;
      return realSend(target, payload, options);
    };
    // The doomed process reaches the table through a proxy that stops answering when it "dies", so its fan-out cannot
    // go on writing and claiming in the background once the fresh process has taken over (a killed process cannot).
    const line = await startFaultProxy(bench.dynamo.endpoint);
    const doomed = await pushServices(bench, { table: first.table, env, runtime: { send: dying }, endpoint: line.endpoint });
    await api(doomed, "/api/articles", { method: "POST", json: article("k1"), admin: true });
    // Let the doomed process get as far as it can, then drop it (its memory is gone; its hung sends never finish).
    // Up to 20 s: on a loaded machine the doomed process must really reach its hang before it is dropped, or it
    // would keep claiming batches after the clock jump below.
    for (let i = 0; i < 2000 && sent < 25; i++) await new Promise((r) => setTimeout(r, 10));
    // Its last markers land, then the line goes dead: the moment of the kill.
    await new Promise((r) => setTimeout(r, 50));
    line.setMode("refuse");
    doomed.close();
    // A fresh process over the same table: the sweeper resumes once the leases have expired.
    bench.clock.now = new Date(bench.clock.now.getTime() + 5 * 60_000);
    const fresh = await pushServices(bench, { table: first.table, env });
    await fresh.push!.sweepPush();
    await fresh.push!.idle();
    const counts = subs.map((sub) => messagesFor(bench, sub).length);
    expect(counts.every((n) => n >= 1)).toBe(true);
    const duplicates = counts.filter((n) => n > 1).length;
    // At most what was in flight: the doomed process's unfinished sends (concurrency 4 per batch, 4 batches at once).
    expect(duplicates).toBeLessThanOrEqual(16);
    const st = await stats(fresh, "k1");
    expect(st.state).toBe("done");
    expect(st.batches).toEqual({ total: st.batches.total, done: st.batches.total });
    first.close();
    fresh.close();
    await line.close();
  });

  it("holds a normal article in quiet hours and sends it when the clock passes the end; breaking ignores them", async () => {
    bench.clock.now = new Date("2025-01-10T22:30:00.000Z"); // 01:30 in Damascus
    const s = await pushServices(bench);
    const sleeper = await subscribe(bench, s, { timeZone: "Asia/Damascus", quietHours: { start: "23:00", end: "07:00" } });
    const awake = await subscribe(bench, s, { timeZone: "Asia/Damascus" });
    await publish(s, article("q1"));
    expect(messagesFor(bench, sleeper)).toHaveLength(0);
    expect(messagesFor(bench, awake)).toHaveLength(1);
    expect(await stats(s, "q1")).toMatchObject({ held: 1, delivered: 1, state: "done" });
    await publish(s, article("q2", { breaking: true }));
    expect(messagesFor(bench, sleeper).map((m) => m.headers.urgency)).toEqual(["high"]);
    bench.clock.now = new Date("2025-01-11T03:59:00.000Z");
    await s.push!.sweepPush();
    await s.push!.idle();
    expect(messagesFor(bench, sleeper)).toHaveLength(1);
    bench.clock.now = new Date("2025-01-11T04:00:30.000Z"); // 07:00:30 in Damascus
    await s.push!.sweepPush();
    await s.push!.idle();
    await s.push!.sweepPush();
    await s.push!.idle();
    expect(messagesFor(bench, sleeper).map((m) => notificationOf(m.payload).tag)).toEqual(["article-q2", "article-q1"]);
    expect(await stats(s, "q1")).toMatchObject({ held: 1, delivered: 2, attempted: 2 });
    s.close();
  });

  it("delivers exactly one push to each of 2,000 subscribers over several batches", async () => {
    const s = await pushServices(bench, { env: { PUSH_BATCH_SIZE: "250", SUB_SHARDS: "4" } });
    const subs = Array.from({ length: 2000 }, () => bench.receiver.subscribe());
    // Subscribe through the store (the HTTP path is covered above) to keep the test quick.
    for (let i = 0; i < subs.length; i += 50) {
      await Promise.all(subs.slice(i, i + 50).map((sub) => s.store.subscriptions.upsert(sub.subscription)));
    }
    await publish(s, article("big"));
    const ids = new Set(subs.map((sub) => sub.endpointId));
    const got = bench.receiver.received.filter((m) => ids.has(m.endpointId) && notificationOf(m.payload).tag === "article-big");
    expect(got).toHaveLength(2000);
    expect(new Set(got.map((m) => m.endpointId)).size).toBe(2000);
    const st = await stats(s, "big");
    expect(st).toMatchObject({ state: "done", attempted: 2000, delivered: 2000 });
    expect(st.batches.total).toBeGreaterThanOrEqual(8);
    s.close();
  }, 120_000);
});
