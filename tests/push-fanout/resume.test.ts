import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClickTags } from "../../lib/push/click-tags.ts";
import { createPushWorkers, type PushWorkerDeps } from "../../lib/push/fanout.ts";
import { createLogger } from "../../functions/node/logger.ts";
import { shardOf, subscriptionId, type SubscriptionStore } from "../../lib/store/index.ts";
import { api, article, pushServices, startBench, subscribe, type Bench, type PushServices } from "./harness.ts";

const SHARDS = 2;
const BATCH = 3;

describe("a fan-out taken over after its owner died mid-way", () => {
  let bench: Bench;
  let s: PushServices;
  beforeAll(async () => {
    bench = await startBench();
    // The article is stored without a fan-out; the two worker sets below play the dead and the living process.
    s = await pushServices(bench, { env: { SUB_SHARDS: String(SHARDS), PUSH_BATCH_SIZE: String(BATCH) }, runtime: { fanOutOnPublish: false } });
  });
  afterAll(async () => {
    s.close();
    await bench.close();
  });

  async function workers(subscriptions: SubscriptionStore, extra: Partial<PushWorkerDeps> = {}) {
    return createPushWorkers({
      store: { articles: s.store.articles, notifications: s.store.notifications, subscriptions },
      send: async () => ({ kind: "delivered", status: 201 }),
      clickTags: await createClickTags({ secret: "resume-test-click-secret-0123456789" }),
      now: () => bench.clock.now,
      sleep: async () => {},
      rng: () => 0.5,
      logger: createLogger({ level: "silent", write: () => {} }),
      baseUrl: "https://news.example",
      concurrency: 4,
      batchSize: BATCH,
      leaseMs: 60_000,
      staleBatchMs: 60_000,
      ...extra,
    });
  }

  it("continues after the last batch each shard wrote: no page read or batch written twice, everyone sent once", async () => {
    // At least two pages in every shard, so the dead owner stops with work left in each.
    const subs = [];
    const perShard = new Array<number>(SHARDS).fill(0);
    while (perShard.some((n) => n < BATCH + 1)) {
      const sub = await subscribe(bench, s);
      subs.push(sub);
      perShard[shardOf(await subscriptionId(sub.subscription.endpoint), SHARDS)]!++;
    }
    const res = await api(s, "/api/articles", { method: "POST", json: article("taken-over"), admin: true });
    expect(res.status).toBe(201);

    // The dead owner: reads each shard's first page and writes its batch, then hangs on every next page; its
    // batches never run (its in-process queue dies with it).
    const firstPagesWritten: string[] = [];
    const dead = await workers(
      { ...s.store.subscriptions, members: (topic, shard, page) => (page.after ? new Promise(() => {}) : s.store.subscriptions.members(topic, shard, page)) },
      { queue: () => ({ enqueue: async (ref) => void firstPagesWritten.push(ref.batch) }) },
    );
    void dead.fanOut("taken-over");
    for (let i = 0; i < 500 && firstPagesWritten.length < SHARDS; i++) await new Promise((r) => setTimeout(r, 10));
    expect(firstPagesWritten).toHaveLength(SHARDS);

    // The living process, once the lease has run out: the sweeper resumes the fan-out and sends the stranded batches.
    bench.clock.now = new Date(bench.clock.now.getTime() + 5 * 60_000);
    const reads: string[] = [];
    const sent: string[] = [];
    const living = await workers(
      { ...s.store.subscriptions, members: (topic, shard, page) => (reads.push(`${topic}#${shard} after ${page.after ?? "-"}`), s.store.subscriptions.members(topic, shard, page)) },
      { send: async (target) => (sent.push(target.endpoint), { kind: "delivered", status: 201 }) },
    );
    await living.sweepPush();
    await living.idle();
    // Stranded batches are picked up by the next sweep, once older than staleBatchMs.
    await living.sweepPush();
    await living.idle();

    // Only the category's shards (nobody follows it: no batch to resume from) are read from their start again.
    expect(reads.filter((read) => read.endsWith("after -")).sort()).toEqual(["سياسة#0 after -", "سياسة#1 after -"]);
    expect(sent.sort()).toEqual(subs.map((sub) => sub.subscription.endpoint).sort());
    const record = await s.store.notifications.get("taken-over");
    expect(record).toMatchObject({ state: "done", claims: 2, delivered: subs.length });
    expect(record?.batchesTotal).toBe(perShard.reduce((n, k) => n + Math.ceil(k / BATCH), 0));
  });
});
