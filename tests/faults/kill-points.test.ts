/**
 * Kill points: the real local service (a child process over dynalite persisting in DATA_DIR) is SIGKILLed at seeded
 * random moments while it publishes and fans out pushes to a slow loopback push service; after restarts every
 * article is stored once and every matching subscriber has its push. Run with `npm run test:faults`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startService, type ServiceProcess } from "../../scripts/load/service-process.ts";
import { pick, seededRandom } from "../../scripts/load/seeded-random.ts";
import { startPushReceiver, type PushReceiver } from "../helpers/push-receiver.ts";
import {
  admin, articleBody, follows, getJson, payloadTag, pushStates, REPEATS_PER_KILL, serviceEnv, tallyDeliveries,
  type Lifetime, type PublishAttempt, type Topics,
} from "./harness.ts";

const ROUNDS = 20;
const SEED = Number(process.env.FAULT_SEED ?? 20250110);
const CATEGORIES = ["سياسة", "رياضة", "اقتصاد", "ثقافة"];
const PREFERENCES: Topics[] = [undefined, ["سياسة"], ["رياضة", "اقتصاد"]];
const SUBSCRIBERS = 15;
/** Leases of 10 s and a 3 s sweeper (set in serviceEnv) let a crashed worker's share be taken over quickly. */
const SETTLE_LIMIT_MS = 180_000;
const RESTART_AFTER_MS = 90_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(process.env.RUN_FAULT_TESTS !== "1")("publish and fan-out killed at random points", () => {
  let receiver: PushReceiver;
  let dir: string;
  let env: Record<string, string>;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    receiver = await startPushReceiver();
    // Slow enough that kills land while sends are in flight.
    receiver.setMode("*", { slowMs: 50 });
    dir = mkdtempSync(join(tmpdir(), "kill-points-"));
    const caFile = join(dir, "receiver-ca.pem");
    writeFileSync(caFile, receiver.ca);
    env = serviceEnv({ dataDir: join(dir, "data"), port: await freePort(), receiverPort: receiver.port, caFile });
  });

  afterAll(async () => {
    await service?.stop("SIGKILL");
    await receiver?.close();
    // KEEP_FAULT_DATA=1 keeps the table (DATA_DIR) for inspection.
    if (dir && process.env.KEEP_FAULT_DATA === "1") console.log(`kill points: data kept in ${join(dir, "data")}`);
    else if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("stores every article once and delivers every subscriber's push after 20 kills", async () => {
    const rng = seededRandom(SEED);
    const lifetimes: Lifetime[] = [];
    let lifetimeStart = 0;
    const endLifetime = (killed: boolean) => {
      lifetimes.push({ start: lifetimeStart, end: receiver.received.length, killed });
      lifetimeStart = receiver.received.length;
    };

    service = await startService(env);
    const subscribers = Array.from({ length: SUBSCRIBERS }, (_, i) => ({ sub: receiver.subscribe(), topics: PREFERENCES[i % PREFERENCES.length] }));
    for (const { sub, topics } of subscribers) {
      const res = await fetch(`${service.baseUrl}/api/push/subscriptions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...sub.subscription, ...(topics ? { topics } : {}) }),
      });
      expect(res.status, await res.text()).toBe(201);
    }

    const attempts: PublishAttempt[] = [];
    const kills = { midPublish: 0, midFanout: 0, idle: 0 };
    let lastKillAt = Date.now();
    for (let round = 1; round <= ROUNDS; round++) {
      if (round > 1) service = await startService(env);
      const running = service;
      const batch: PublishAttempt[] = Array.from({ length: rng() < 0.5 ? 1 : 2 }, (_, n) => ({
        id: `kp-${round}-${n}`,
        url: `https://news.example/ar/kp-${round}-${n}`,
        category: pick(rng, CATEGORIES),
        breaking: rng() < 0.3,
        round,
      }));
      const posts = batch.map((attempt) => {
        attempts.push(attempt);
        return fetch(`${running.baseUrl}/api/articles`, {
          method: "POST",
          headers: { ...admin, "content-type": "application/json" },
          body: JSON.stringify(articleBody(attempt, attempts.length - 1)),
        })
          .then(async (res) => {
            attempt.status = res.status;
            await res.arrayBuffer();
          })
          .catch(() => {
            // Cut off by the kill: the outcome is checked after the restart.
          });
      });
      if (rng() < 0.35) {
        // Killed while the publish is handled (a cold process takes tens of ms): stored, half-synced or not at all.
        await sleep(rng() * 40);
      } else {
        // Killed 0–400 ms after the answers (or a cut-off): mostly mid-fan-out.
        await Promise.race([Promise.all(posts), sleep(3_000)]);
        await sleep(rng() * 400);
      }
      const unanswered = batch.some((a) => a.status === undefined);
      const stillSending = batch.some((a) => {
        const wanted = subscribers.filter((s) => follows(s.topics, a.category)).length;
        const got = new Set(receiver.received.slice(lifetimeStart).filter((m) => payloadTag(m) === `article-${a.id}`).map((m) => m.endpointId));
        return got.size < wanted;
      });
      running.child.kill("SIGKILL");
      lastKillAt = Date.now();
      if (unanswered) kills.midPublish++;
      else if (stillSending) kills.midFanout++;
      else kills.idle++;
      await running.exited;
      await Promise.all(posts);
      // Requests the receiver had already read finish their slow answer; they belong to this lifetime.
      await sleep(200);
      endLifetime(true);
    }

    // Recovery: the start-up sweep repairs articles at once; claimed fan-outs and batches wait out their leases (10 s here).
    service = await startService(env);
    let restarted = false;
    let states = new Map<string, string>();
    let stored: string[] = [];
    for (;;) {
      const found: string[] = [];
      for (const attempt of attempts) {
        const res = await fetch(`${service.baseUrl}/api/articles/${attempt.id}`);
        await res.arrayBuffer();
        if (res.status === 200) found.push(attempt.id);
      }
      stored = found;
      states = await pushStates(service.baseUrl, stored);
      if ([...states.values()].every((s) => s === "done")) break;
      const waited = Date.now() - lastKillAt;
      if (waited > SETTLE_LIMIT_MS) break;
      if (waited > RESTART_AFTER_MS && !restarted) {
        // A graceful restart runs the start-up sweep now instead of at the next tick.
        await service.stop("SIGTERM");
        endLifetime(false);
        service = await startService(env);
        restarted = true;
      }
      await sleep(1_000);
    }
    const settledAfterMs = Date.now() - lastKillAt;

    const list = await getJson<{ items: Array<{ id: string }>; nextCursor: string | null }>(`${service.baseUrl}/api/articles?limit=100`);
    const feed = await getJson<{ items: Array<{ id: string }> }>(`${service.baseUrl}/feeds/feed.json`);
    await service.stop("SIGTERM");
    service = undefined;
    endLifetime(false);

    const listed = (id: string) => list.body.items.filter((item) => item.id === id).length;
    const inFeed = (id: string) => feed.body.items.filter((item) => item.id.endsWith(`:article/${id}`)).length;
    const tally = tallyDeliveries(receiver.received, lifetimes);
    const confirmed = attempts.filter((a) => a.status !== undefined);
    const cutOff = attempts.filter((a) => a.status === undefined);

    console.log(
      `kill points (seed ${SEED}): ${ROUNDS} rounds, ${attempts.length} publishes (${confirmed.length} answered, ` +
        `${cutOff.length} cut off, ${cutOff.filter((a) => stored.includes(a.id)).length} of those stored); kills mid-publish ` +
        `${kills.midPublish}, mid-fan-out ${kills.midFanout}, after fan-out ${kills.idle}; ${receiver.received.length} pushes, ` +
        `${tally.repeats} repeats (bound ${REPEATS_PER_KILL} per kill); settled ${(settledAfterMs / 1000).toFixed(0)} s after the last kill` +
        `${restarted ? " (with one restart)" : ""}`,
    );

    expect(list.body.nextCursor).toBeNull();
    expect(confirmed.map((a) => `${a.id} ${a.status}`)).toEqual(confirmed.map((a) => `${a.id} 201`));
    expect(list.body.items.every((item) => attempts.some((a) => a.id === item.id))).toBe(true);
    for (const attempt of attempts) {
      const expected = stored.includes(attempt.id) ? 1 : 0;
      if (attempt.status === 201) expect(expected, `${attempt.id} got a 201 but is gone`).toBe(1);
      expect(listed(attempt.id), `${attempt.id} in /api/articles`).toBe(expected);
      expect(inFeed(attempt.id), `${attempt.id} in /feeds/feed.json`).toBe(expected);
    }
    expect(Object.fromEntries(states)).toEqual(Object.fromEntries(stored.map((id) => [id, "done"])));
    for (const attempt of attempts) {
      for (const { sub, topics } of subscribers) {
        const copies = tally.count(sub.endpointId, `article-${attempt.id}`);
        const wanted = stored.includes(attempt.id) && follows(topics, attempt.category);
        if (wanted) expect(copies, `${sub.endpointId} push for ${attempt.id}`).toBeGreaterThanOrEqual(1);
        else expect(copies, `${sub.endpointId} must not get ${attempt.id}`).toBe(0);
      }
    }
    for (const message of receiver.received) {
      const attempt = attempts.find((a) => `article-${a.id}` === payloadTag(message));
      expect(message.headers.urgency).toBe(attempt?.breaking ? "high" : "normal");
    }
    expect(receiver.refused).toEqual([]);
    expect(tally.unexplained).toEqual([]);
    expect(tally.repeats).toBeLessThanOrEqual(ROUNDS * REPEATS_PER_KILL);
  });
});
