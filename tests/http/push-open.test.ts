/**
 * The click-through route an alert's `navigate` points at: real alerts (the loopback push service decrypts them), the
 * real store on dynalite, the app in-process. A click is counted once per subscription and article, then redirected
 * to the stored article URL and nowhere else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../lib/config.ts";
import { countDbCalls } from "../helpers/test-store.ts";
import { notificationOf } from "../helpers/declarative-push.ts";
import { api, article, messagesFor, publish, pushServices, startBench, subscribe, type Bench, type PushServices } from "../push-fanout/harness.ts";

let bench: Bench;
beforeAll(async () => {
  bench = await startBench();
});
afterAll(() => bench.close());

/** The path and query of each subscriber's click-through link for `articleId`, as its browser decrypted it. */
async function alertLinks(s: PushServices, articleId: string, count: number, extra: Record<string, unknown> = {}) {
  const subs = await Promise.all(Array.from({ length: count }, () => subscribe(bench, s)));
  await publish(s, article(articleId, extra));
  return subs.map((sub) => {
    const [message] = messagesFor(bench, sub).filter((m) => notificationOf(m.payload).tag === `article-${articleId}`);
    const navigate = new URL(String(notificationOf(message?.payload).navigate));
    return navigate.pathname + navigate.search;
  });
}

const click = (s: PushServices, path: string, peer = "198.51.100.7", method = "GET") => api(s, path, { method, headers: { "x-test-peer": peer } });
const stats = async (s: PushServices, id: string) => (await api(s, `/api/articles/${id}/push-stats`, { admin: true })).json();

describe("GET /push/open/:id", () => {
  it("counts one click per subscription, however often it is clicked, and redirects to the article with the campaign", async () => {
    const s = await pushServices(bench);
    const [first, second] = await alertLinks(s, "c1", 2);
    for (let i = 0; i < 3; i++) {
      const res = await click(s, first!);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("https://news.example/ar/c1?utm_source=web-push&utm_medium=push&utm_campaign=c1");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    }
    expect(await stats(s, "c1")).toMatchObject({ delivered: 2, clicked: 1, clickThroughRate: 0.5 });
    expect((await click(s, second!)).status).toBe(302);
    expect(await stats(s, "c1")).toMatchObject({ delivered: 2, clicked: 2, clickThroughRate: 1 });
  });

  it("costs one read and at most one write per click", async () => {
    const s = await pushServices(bench);
    const [link] = await alertLinks(s, "c2", 1);
    const calls = countDbCalls(s.store.db.client);
    await click(s, link!);
    expect(calls.names).toEqual(["GetItem", "PutItem"]);
    calls.reset();
    await click(s, link!);
    expect(calls.names).toEqual(["GetItem", "PutItem"]);
    calls.reset();
    await click(s, "/push/open/c2");
    expect(calls.names).toEqual(["GetItem"]);
  });

  it("redirects but does not count a click without a tag, with a made-up tag, or with another article's tag", async () => {
    const s = await pushServices(bench);
    const [link] = await alertLinks(s, "c3", 1);
    const [other] = await alertLinks(s, "c4", 1);
    const tag = new URLSearchParams(link!.split("?")[1]).get("s")!;
    const forged = tag.slice(0, 19) + (tag.endsWith("A") ? "B" : "A");
    const otherTag = new URLSearchParams(other!.split("?")[1]).get("s")!;
    for (const path of ["/push/open/c3", `/push/open/c3?s=${forged}`, `/push/open/c3?s=${otherTag}`, "/push/open/c3?s=", `/push/open/c3?s=${"x".repeat(500)}`]) {
      const res = await click(s, path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location")).toBe("https://news.example/ar/c3?utm_source=web-push&utm_medium=push&utm_campaign=c3");
    }
    expect(await stats(s, "c3")).toMatchObject({ clicked: 0, clickThroughRate: 0 });
    expect((await click(s, link!, undefined, "HEAD")).status).toBe(302);
    expect(await stats(s, "c3")).toMatchObject({ clicked: 0 });
  });

  it("never redirects anywhere else: an unknown id gets the 404 page, an unpublished article its 410 page", async () => {
    const s = await pushServices(bench);
    const [link] = await alertLinks(s, "c5", 1);
    for (const path of ["/push/open/nope", "/push/open/..%2F..%2Fevil", `/push/open/${"a".repeat(200)}`, "/push/open/%E2%80%AEx"]) {
      const res = await click(s, path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("location")).toBeNull();
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await res.text()).toContain("الصفحة غير موجودة");
    }
    await api(s, "/api/articles/c5", { method: "DELETE", admin: true });
    const gone = await click(s, link!);
    expect(gone.status).toBe(410);
    expect(gone.headers.get("location")).toBeNull();
    expect(await gone.text()).toContain("هذا المقال لم يعد متاحًا");
    expect(await stats(s, "c5")).toMatchObject({ clicked: 0 });
  });

  it("keeps the stored URL's own parameters and fragment, adds only the missing ones, and percent-encodes Arabic", async () => {
    const s = await pushServices(bench);
    const [link] = await alertLinks(s, "c6", 1, { url: "https://news.example/ar/مقال?utm_source=newsletter&x=1#تفاصيل" });
    const res = await click(s, link!);
    expect(res.headers.get("location")).toBe(
      "https://news.example/ar/%D9%85%D9%82%D8%A7%D9%84?utm_source=newsletter&x=1&utm_medium=push&utm_campaign=c6#%D8%AA%D9%81%D8%A7%D8%B5%D9%8A%D9%84",
    );
  });

  it("takes its parameters from PUSH_UTM, and none when it is empty", async () => {
    const custom = await pushServices(bench, { env: { PUSH_UTM: "ref=alert-{id}" } });
    const [link] = await alertLinks(custom, "c7", 1);
    expect((await click(custom, link!)).headers.get("location")).toBe("https://news.example/ar/c7?ref=alert-c7");
    const none = await pushServices(bench, { env: { PUSH_UTM: "" } });
    const [plain] = await alertLinks(none, "c8", 1);
    expect((await click(none, plain!)).headers.get("location")).toBe("https://news.example/ar/c8");
    expect(await stats(none, "c8")).toMatchObject({ clicked: 1 });
  });

  it("counts at most PUSH_CLICK_RATE_PER_MINUTE clicks per address, and still redirects the rest", async () => {
    const s = await pushServices(bench, { env: { PUSH_CLICK_RATE_PER_MINUTE: "2" } });
    const links = await alertLinks(s, "c9", 4);
    for (const link of links.slice(0, 3)) expect((await click(s, link, "203.0.113.9")).status).toBe(302);
    expect(await stats(s, "c9")).toMatchObject({ clicked: 2 });
    expect((await click(s, links[3]!, "203.0.113.10")).status).toBe(302);
    expect(await stats(s, "c9")).toMatchObject({ clicked: 3 });
  });

  it("still sends the reader on when the count cannot be written", async () => {
    const s = await pushServices(bench);
    const [link] = await alertLinks(s, "c10", 1);
    const stack = s.store.db.client.middlewareStack;
    stack.add(
      (next, context) => async (args) => {
        if (/^PutItem/.test(String(context.commandName))) throw Object.assign(new Error("throttled"), { name: "ThrottlingException" });
        return next(args);
      },
      { step: "initialize", name: "throttlePutItem" },
    );
    const res = await click(s, link!);
    stack.remove("throttlePutItem");
    expect(res.status).toBe(302);
    expect(await stats(s, "c10")).toMatchObject({ clicked: 0 });
  });
});

describe("PUSH_UTM", () => {
  const utm = (value?: string) => {
    const parsed = parseConfig(value === undefined ? {} : { PUSH_UTM: value });
    return parsed.ok ? parsed.config.push.clickQuery : parsed.errors;
  };

  it("defaults to the web-push campaign, reads name=value pairs, and is off when empty", () => {
    expect(utm()).toEqual([["utm_source", "web-push"], ["utm_medium", "push"], ["utm_campaign", "{id}"]]);
    expect(utm("?ref=alerts&c={id}")).toEqual([["ref", "alerts"], ["c", "{id}"]]);
    expect(utm("")).toEqual([]);
  });

  it("refuses names that are not plain", () => {
    expect(utm("a b=1")).toEqual([expect.stringMatching(/^PUSH_UTM:/)]);
    expect(utm("=1")).toEqual([expect.stringMatching(/^PUSH_UTM:/)]);
  });
});
