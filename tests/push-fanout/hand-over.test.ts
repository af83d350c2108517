import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchSk, subscriptionId, type SubscriberTarget } from "../../lib/store/index.ts";
import { api, article, messagesFor, pushServices, startBench, subscribe, type Bench, type PushServices } from "./harness.ts";
import { notificationOf } from "../helpers/declarative-push.ts";
import type { ReceiverSubscription } from "../helpers/push-receiver.ts";

/** A batch written claimed by the fan-out and handed to this process's queue with the article it read. */
describe("a batch handed over by the fan-out that wrote it", () => {
  let bench: Bench;
  let s: PushServices;
  let subs: ReceiverSubscription[];
  let members: SubscriberTarget[];
  beforeAll(async () => {
    bench = await startBench();
    s = await pushServices(bench, { runtime: { fanOutOnPublish: false } });
    subs = [await subscribe(bench, s), await subscribe(bench, s)];
    members = await Promise.all(subs.map(async (sub) => ({ subId: await subscriptionId(sub.subscription.endpoint), ...sub.subscription })));
  });
  afterAll(async () => {
    s.close();
    await bench.close();
  });

  async function handedOver(id: string, seq: number) {
    const res = await api(s, "/api/articles", { method: "POST", json: article(id), admin: true });
    expect(res.status).toBe(201);
    const read = await s.store.articles.read(id);
    if (read.kind !== "live") throw new Error("not live");
    const ref = { articleId: id, batch: batchSk("*#0", seq) };
    const batch = await s.store.notifications.putBatch({ ...ref, members, held: false }, { claimMs: 60_000 });
    return { ref, handOver: { batch, lease: batch.claimed!, article: { article: read.article, readAt: bench.clock.now.getTime() } } };
  }

  it("sends at once while its lease is fresh, and renews a stale lease that is still its own", async () => {
    const fresh = await handedOver("h1", 0);
    expect(await s.push!.processBatch(fresh.ref, fresh.handOver)).toMatchObject({ kind: "done", counts: { delivered: 2 } });
    const stale = await handedOver("h2", 0);
    bench.clock.now = new Date(bench.clock.now.getTime() + 30_000);
    expect(await s.push!.processBatch(stale.ref, stale.handOver)).toMatchObject({ kind: "done", counts: { delivered: 2 } });
    for (const sub of subs) expect(messagesFor(bench, sub).map((m) => notificationOf(m.payload).tag)).toEqual(["article-h1", "article-h2"]);
  });

  it("is skipped when another worker took the batch after its lease ran out", async () => {
    const { ref, handOver } = await handedOver("h3", 0);
    bench.clock.now = new Date(bench.clock.now.getTime() + 61_000);
    expect(await s.store.notifications.claimBatch(ref, 60_000)).toBeDefined();
    expect(await s.push!.processBatch(ref, handOver)).toEqual({ kind: "skipped" });
    for (const sub of subs) expect(messagesFor(bench, sub).filter((m) => notificationOf(m.payload).tag === "article-h3")).toEqual([]);
  });

  it("reads the article again once the handed-over copy is old, and sends nothing when it was unpublished", async () => {
    const { ref, handOver } = await handedOver("h4", 0);
    expect((await api(s, "/api/articles/h4", { method: "DELETE", admin: true })).status).toBeLessThan(300);
    bench.clock.now = new Date(bench.clock.now.getTime() + 2_000);
    expect(await s.push!.processBatch(ref, handOver)).toMatchObject({ kind: "done", counts: { attempted: 0 } });
    for (const sub of subs) expect(messagesFor(bench, sub).filter((m) => notificationOf(m.payload).tag === "article-h4")).toEqual([]);
  });
});
