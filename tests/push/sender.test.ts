/**
 * The push sender as production composes it — web-push's generateRequestDetails with our cached VAPID header, over the
 * undici transport — against the loopback push service, which verifies the JWT and decrypts every message.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import webpush from "web-push";
import { buildPushPayload, topicFor, withClickTag } from "../../lib/push/payload.ts";
import { runWithConcurrency } from "../../lib/push/pool.ts";
import { sendWithRetry } from "../../lib/push/retry.ts";
import { parseRetryAfter } from "../../lib/push/retry-after.ts";
import { createPushSender, type PushSend } from "../../lib/push/sender.ts";
import { createVapidHeaders, type VapidHeaders } from "../../lib/push/vapid-headers.ts";
import { createUndiciTransport, type UndiciTransport } from "../../functions/node/undici-transport.ts";
import { startPushReceiver, type PushReceiver } from "../helpers/push-receiver.ts";
import { breakingArticle, pushServiceOutcomeCases } from "./transport-cases.ts";

const article = breakingArticle("u-1", "عاجل: اتفاق على وقف إطلاق النار", "تفاصيل أولية عن الاتفاق.");
const payload = withClickTag(buildPushPayload(article, { baseUrl: "https://news.example.com", iconUrl: "/icon.png" }), "A".repeat(20));
const config = { ...webpush.generateVAPIDKeys(), subject: "mailto:newsroom@example.com" };

let receiver: PushReceiver;
let vapid: VapidHeaders;
let transport: UndiciTransport;
let send: PushSend;

beforeAll(async () => {
  receiver = await startPushReceiver();
  vapid = await createVapidHeaders(config, { now: Date.now });
  transport = createUndiciTransport({ ca: receiver.ca, connections: 8 });
  send = createPushSender({ vapid, transport: transport.send, timeoutMs: 300, now: Date.now });
});
afterAll(async () => {
  await transport.close();
  await receiver.close();
});

const messagesOf = (endpointId: string) => receiver.received.filter((m) => m.endpointId === endpointId);

describe("push sender: web-push over undici HTTP/1.1", () => {
  it("delivers the exact payload to every subscriber exactly once, with TTL, Urgency, Topic and one Authorization", async () => {
    const subs = Array.from({ length: 40 }, () => receiver.subscribe());
    const topic = await topicFor(article.id);
    const results = await runWithConcurrency(subs, 16, (s) => send(s.subscription, payload, { urgency: "high", topic }));
    expect(results.every((r) => r.kind === "delivered" && r.status === 201)).toBe(true);
    for (const s of subs) {
      const got = messagesOf(s.endpointId);
      expect(got.map((m) => m.payload)).toEqual([payload]);
      expect(got[0]?.headers).toMatchObject({ ttl: "86400", urgency: "high", topic, "content-encoding": "aes128gcm" });
    }
    const auth = subs.flatMap((s) => messagesOf(s.endpointId).map((m) => m.headers.authorization));
    expect(new Set(auth).size).toBe(1);
  });

  it("signs no JWT per message: the cached header is the one every send carries", async () => {
    const signing = vi.spyOn(webpush, "getVapidHeaders");
    const before = vapid.signedCount;
    const subs = Array.from({ length: 25 }, () => receiver.subscribe());
    for (const s of subs) expect(await send(s.subscription, payload)).toEqual({ kind: "delivered", status: 201 });
    expect(signing).not.toHaveBeenCalled();
    expect(vapid.signedCount).toBe(before);
    const headers = new Set(subs.flatMap((s) => messagesOf(s.endpointId).map((m) => m.headers.authorization)));
    expect([...headers]).toEqual([vapid.authorizationFor(receiver.url)]);
    signing.mockRestore();
  });

  it("passes a per-message TTL and a text payload", async () => {
    const s = receiver.subscribe();
    expect(await send(s.subscription, "نص عادي", { ttl: 600 })).toEqual({ kind: "delivered", status: 201 });
    expect(messagesOf(s.endpointId).map((m) => [m.payload, m.headers.ttl])).toEqual([["نص عادي", "600"]]);
  });

  it("is rejected when the JWT was signed with a key other than k=", async () => {
    const other = await createVapidHeaders({ ...webpush.generateVAPIDKeys(), subject: config.subject }, { now: Date.now });
    const forged = { authorizationFor: (endpoint: string) => other.authorizationFor(endpoint).replace(/k=.*$/, `k=${config.publicKey}`) };
    const forgedSend = createPushSender({ vapid: forged, transport: transport.send, timeoutMs: 1000, now: Date.now });
    const s = receiver.subscribe();
    expect(await forgedSend(s.subscription, payload)).toMatchObject({ kind: "rejected", status: 403 });
    expect(receiver.refused.find((r) => r.endpointId === s.endpointId)?.reason).toMatch(/signature/);
  });

  it("is rejected (403) when the JWT has expired, and the connection stays usable", async () => {
    const stale = await createVapidHeaders(config, { now: () => Date.now() - 13 * 3600 * 1000 });
    const staleSend = createPushSender({ vapid: stale, transport: transport.send, timeoutMs: 300, now: Date.now });
    const s = receiver.subscribe();
    expect(await staleSend(s.subscription, payload)).toMatchObject({ kind: "rejected", status: 403 });
    expect(await send(s.subscription, payload)).toEqual({ kind: "delivered", status: 201 });
  });

  pushServiceOutcomeCases(() => ({ send, receiver, payload }));

  it("reports 413 as rejected, with the response body as the reason", async () => {
    const s = receiver.subscribe();
    receiver.setMode(s.endpointId, 413);
    expect(await send(s.subscription, payload)).toEqual({ kind: "rejected", status: 413, reason: "HTTP 413: fault 413" });
  });

  it("sends beside a hanging request still arrive, once each", async () => {
    const hung = receiver.subscribe();
    receiver.setMode(hung.endpointId, "hang");
    const others = Array.from({ length: 6 }, () => receiver.subscribe());
    const results = await Promise.all([send(hung.subscription, payload), ...others.map((s) => send(s.subscription, payload))]);
    expect(results[0]).toMatchObject({ kind: "retry", reason: "timeout" });
    for (const [i, s] of others.entries()) {
      expect(results[i + 1]).toEqual({ kind: "delivered", status: 201 });
      expect(messagesOf(s.endpointId).map((m) => m.payload)).toEqual([payload]);
    }
  });

  it("recovers when the push service closes its connections", async () => {
    const other = await startPushReceiver();
    const own = createUndiciTransport({ ca: other.ca, connections: 8 });
    const sendOther = createPushSender({ vapid, transport: own.send, timeoutMs: 300, now: Date.now });
    const s = other.subscribe();
    expect(await sendOther(s.subscription, payload)).toEqual({ kind: "delivered", status: 201 });
    // Drop every socket (as a push service closing idle connections does); the pool opens a new one.
    await other.dropConnections();
    const result = await sendWithRetry(() => sendOther(s.subscription, payload), { sleep: async () => {}, rng: () => 0 });
    expect(result).toMatchObject({ kind: "delivered", status: 201 });
    expect(other.received.filter((m) => m.endpointId === s.endpointId)).toHaveLength(2);
    await own.close();
    await other.close();
  });

  it("rejects, without sending, keys web-push cannot encrypt to", async () => {
    const s = receiver.subscribe();
    const before = receiver.attempts(s.endpointId);
    const badKey = { ...s.subscription, keys: { ...s.subscription.keys, p256dh: "AAAA" } };
    expect(await send(badKey, payload)).toMatchObject({ kind: "rejected", status: 0 });
    const offCurve = Buffer.from(s.subscription.keys.p256dh, "base64url");
    offCurve[64] = (offCurve[64] ?? 0) ^ 1;
    const badPoint = { ...s.subscription, keys: { ...s.subscription.keys, p256dh: offCurve.toString("base64url") } };
    expect(await send(badPoint, payload)).toMatchObject({ kind: "rejected", status: 0 });
    expect(await send(s.subscription, payload, { topic: "not a topic!" })).toMatchObject({ kind: "rejected", status: 0 });
    expect(receiver.attempts(s.endpointId)).toBe(before);
  });

  it("reports a payload over one record as the push service's 413", async () => {
    const s = receiver.subscribe();
    expect(await send(s.subscription, "x".repeat(5000))).toMatchObject({ kind: "rejected", status: 413 });
  });

  // Last: setVapidDetails is process-wide, and production never calls it.
  it("keeps its own header even when something in the process called webpush.setVapidDetails", async () => {
    const stray = webpush.generateVAPIDKeys();
    webpush.setVapidDetails("mailto:someone-else@example.com", stray.publicKey, stray.privateKey);
    const signing = vi.spyOn(webpush, "getVapidHeaders");
    const s = receiver.subscribe();
    expect(await send(s.subscription, payload)).toEqual({ kind: "delivered", status: 201 });
    expect(messagesOf(s.endpointId)[0]?.headers.authorization).toBe(vapid.authorizationFor(receiver.url));
    expect(messagesOf(s.endpointId)[0]?.headers.authorization).toContain(`k=${config.publicKey}`);
    expect(signing).not.toHaveBeenCalled();
    signing.mockRestore();
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0);
  it("reads delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Wed, 01 Jan 2025 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 01 Jan 2025 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
