import { afterEach, describe, expect, it } from "vitest";
import type { ArticleChange } from "../../lib/articles/service.ts";
import { feedUrls } from "../../lib/feeds/feed-paths.ts";
import { createLogger } from "../../functions/node/logger.ts";
import { createWebSubPublisher, type WebSubPublisherOptions } from "../../lib/websub/index.ts";
import { startHub, type Hub, type Responder } from "./hub-receiver.ts";

const BASE = "https://news.example";
const change = (...feeds: string[]): ArticleChange => ({ articleId: "194391885768658", feeds, notificationQueued: false });

let hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.map((h) => h.close()));
  hubs = [];
});

async function setup(respond?: Responder, overrides: Partial<WebSubPublisherOptions> = {}) {
  const hub = await startHub(respond);
  hubs.push(hub);
  const lines: string[] = [];
  const sleeps: number[] = [];
  const publisher = createWebSubPublisher({
    hubUrl: hub.url,
    baseUrl: BASE,
    fetch: (url, init) => fetch(url, init),
    // Backoff is recorded, not waited for: the tests check the delays asked for, not the clock.
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    logger: createLogger({ level: "debug", write: (line) => lines.push(line) }),
    ...overrides,
  });
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { hub, publisher, lines, sleeps, logs };
}

const topicsOf = (...feeds: string[]) => feeds.flatMap((feed) => Object.values(feedUrls(BASE, feed)));

describe("WebSub publisher", () => {
  it("pings hub.url for the rss, atom and json URLs of every affected feed, one topic per form POST", async () => {
    const { hub, publisher, logs } = await setup();
    publisher.listener(change("all", "c:سياسة", "t:إيران"));
    await publisher.idle();
    expect(hub.posts).toHaveLength(9);
    expect(hub.posts.map((p) => p.urls[0]).sort()).toEqual(topicsOf("all", "c:سياسة", "t:إيران").sort());
    for (const post of hub.posts) {
      expect(post.contentType.split(";")[0]).toBe("application/x-www-form-urlencoded");
      expect(post.mode).toEqual(["publish"]);
      expect(post.urls).toHaveLength(1);
      expect(post.path).toBe("/hub");
      expect(post.authorization).toBeUndefined();
    }
    expect(logs().filter((l) => l.message === "websub ping delivered")).toHaveLength(9);
  });

  it("counts 202 Accepted as delivered", async () => {
    const { hub, publisher, logs, sleeps } = await setup(() => ({ status: 202 }));
    publisher.listener(change("all"));
    await publisher.idle();
    expect(hub.posts).toHaveLength(3);
    expect(sleeps).toEqual([]);
    expect(logs().filter((l) => l.level !== "debug")).toEqual([]);
  });

  it("returns from the listener before the hub answers", async () => {
    const { hub, publisher } = await setup(() => "hang");
    const returned = publisher.listener(change("all"));
    expect(returned).toBeUndefined();
    // The article service awaits each listener: that await must settle while every ping is still unanswered.
    await Promise.resolve(returned);
    await hub.waitForPosts(3);
    expect(hub.answered).toBe(0);
    hub.release();
    await publisher.idle();
    expect(hub.answered).toBe(3);
  });

  it("retries a 500 and delivers once when the hub then answers 204", async () => {
    const { hub, publisher, sleeps, logs } = await setup((_post, nth) => ({ status: nth === 1 ? 500 : 204 }));
    publisher.listener(change("all"));
    await publisher.idle();
    for (const topic of topicsOf("all")) expect(hub.posts.filter((p) => p.urls[0] === topic)).toHaveLength(2);
    expect(sleeps).toHaveLength(3);
    // Full jitter: the first retry waits below baseDelayMs (1 s); random() = 0.5 gives half of it.
    expect(sleeps).toEqual([500, 500, 500]);
    expect(logs().filter((l) => l.message === "websub ping delivered").map((l) => l.attempts)).toEqual([2, 2, 2]);
    expect(logs().filter((l) => l.level === "error" || l.level === "warn")).toEqual([]);
  });

  it("waits at least Retry-After after a 429", async () => {
    const { hub, publisher, sleeps } = await setup((_post, nth) =>
      nth === 1 ? { status: 429, headers: { "retry-after": "7" } } : { status: 204 },
    );
    publisher.listener(change("all"));
    await publisher.idle();
    expect(hub.posts).toHaveLength(6);
    expect(sleeps).toHaveLength(3);
    for (const ms of sleeps) expect(ms).toBeGreaterThanOrEqual(7000);
  });

  it("honours an HTTP-date Retry-After against the injected clock", async () => {
    const now = Date.parse("2020-07-08T16:00:00Z");
    const { publisher, sleeps } = await setup(
      (_post, nth) => (nth === 1 ? { status: 503, headers: { "retry-after": "Wed, 08 Jul 2020 16:00:30 GMT" } } : { status: 204 }),
      { now: () => now },
    );
    publisher.listener(change("all"));
    await publisher.idle();
    expect(sleeps).toEqual([30_000, 30_000, 30_000]);
  });

  it("gives up when Retry-After exceeds maxDelayMs instead of holding the ping", async () => {
    const { hub, publisher, sleeps, logs } = await setup(() => ({ status: 429, headers: { "retry-after": "3600" } }));
    publisher.listener(change("all"));
    await publisher.idle();
    expect(hub.posts).toHaveLength(3);
    expect(sleeps).toEqual([]);
    expect(logs().filter((l) => l.level === "error")).toHaveLength(3);
  });

  it("does not retry a 400 and logs a warning", async () => {
    const { hub, publisher, sleeps, logs } = await setup(() => ({ status: 400, body: "bad topic" }));
    publisher.listener(change("all"));
    await publisher.idle();
    expect(hub.posts).toHaveLength(3);
    expect(sleeps).toEqual([]);
    const warnings = logs().filter((l) => l.level === "warn");
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatchObject({ message: "websub hub refused ping", status: 400, attempts: 1 });
  });

  it("logs an error after maxAttempts of 5xx", async () => {
    const { hub, publisher, sleeps, logs } = await setup(() => ({ status: 502 }), { maxAttempts: 3 });
    publisher.listener(change("all"));
    await publisher.idle();
    expect(hub.posts).toHaveLength(9);
    // Exponential ceilings 1 s, 2 s with random() = 0.5, twice per topic.
    expect([...sleeps].sort((a, b) => a - b)).toEqual([500, 500, 500, 1000, 1000, 1000]);
    const errors = logs().filter((l) => l.level === "error");
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatchObject({ message: "websub ping failed, attempts exhausted", reason: "HTTP 502", attempts: 3 });
  });

  it("retries a request that times out", async () => {
    const { hub, publisher, logs } = await setup((_post, nth) => (nth === 1 ? "hang" : { status: 204 }), { timeoutMs: 500 });
    publisher.listener(change("all"));
    await publisher.idle();
    // Counts, not timings: a loaded machine may time out an answered request too, which only adds attempts.
    for (const topic of topicsOf("all")) expect(hub.posts.filter((p) => p.urls[0] === topic).length).toBeGreaterThanOrEqual(2);
    expect(logs().filter((l) => l.message === "websub ping delivered")).toHaveLength(3);
    hub.release();
  });

  it("logs ECONNREFUSED when the hub is down, and never throws", async () => {
    const hub = await startHub();
    await hub.close();
    const lines: string[] = [];
    const publisher = createWebSubPublisher({
      hubUrl: hub.url,
      baseUrl: BASE,
      fetch: (url, init) => fetch(url, init),
      sleep: async () => {},
      random: () => 0,
      logger: createLogger({ level: "error", write: (line) => lines.push(line) }),
      maxAttempts: 2,
    });
    expect(() => publisher.listener(change("all"))).not.toThrow();
    await publisher.idle();
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ reason: "ECONNREFUSED", attempts: 2 });
  });

  it("coalesces a burst of changes to one feed while the first ping is in flight", async () => {
    const { hub, publisher } = await setup(() => "hang");
    publisher.listener(change("all"));
    await hub.waitForPosts(3);
    for (let i = 0; i < 20; i++) publisher.listener(change("all"));
    hub.release();
    await publisher.idle();
    // The in-flight ping may have been read before the burst, so each topic is pinged once more, not 20 times.
    expect(hub.posts).toHaveLength(6);
    for (const topic of topicsOf("all")) expect(hub.posts.filter((p) => p.urls[0] === topic)).toHaveLength(2);
  });

  it("folds changes made while a ping waits to be sent into that ping", async () => {
    const { hub, publisher } = await setup(undefined, { concurrency: 1 });
    for (let i = 0; i < 20; i++) publisher.listener(change("all", "c:سياسة"));
    await publisher.idle();
    // The first topic's request left at once (so it is pinged again); the other five were still queued.
    expect(hub.posts).toHaveLength(7);
    expect(new Set(hub.posts.map((p) => p.urls[0]))).toEqual(new Set(topicsOf("all", "c:سياسة")));
  });

  it("keeps hub credentials, paths, queries and response bodies out of the log", async () => {
    const { hub } = await setup();
    const lines: string[] = [];
    const hubUrl = hub.url.replace("http://", "http://publisher:s3cret%2Ftoken@") + "?key=query-secret";
    const publisher = createWebSubPublisher({
      hubUrl,
      baseUrl: BASE,
      fetch: (url, init) => fetch(url, init),
      sleep: async () => {},
      random: () => 0,
      logger: createLogger({ level: "debug", write: (line) => lines.push(line) }),
      maxAttempts: 2,
    });
    hub.respond = (post) =>
      post.urls[0]?.endsWith(".xml") ? { status: 500, body: "body-secret 500" } : { status: 403, body: "body-secret 403" };
    publisher.listener(change("all"));
    await publisher.idle();
    expect(hub.posts).toHaveLength(5);
    for (const post of hub.posts) {
      expect(post.authorization).toBe(`Basic ${Buffer.from("publisher:s3cret/token").toString("base64")}`);
      expect(post.path).toBe("/hub?key=query-secret");
    }
    const log = lines.join("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of ["s3cret", "query-secret", "body-secret", "/hub", "Basic"]) expect(log).not.toContain(secret);
    expect(log).toContain(new URL(hub.url).origin);
  });
});
