/** The push sender over the undici HTTP/1.1 transport (the production path), against the loopback push service. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPushPayload, topicFor } from "../../lib/push/payload.ts";
import { runWithConcurrency } from "../../lib/push/pool.ts";
import { sendWithRetry } from "../../lib/push/retry.ts";
import { createPushSender, type PushSend } from "../../lib/push/sender.ts";
import { createVapidSigner, generateVapidKeys, type VapidSigner } from "../../lib/push/vapid.ts";
import { createNodePushCrypto } from "../../functions/node/push-crypto.ts";
import { createUndiciTransport, type UndiciTransport } from "../../functions/node/undici-transport.ts";
import { startPushReceiver, type PushReceiver } from "../helpers/push-receiver.ts";
import { breakingArticle, pushServiceOutcomeCases } from "./transport-cases.ts";

const article = breakingArticle("u-1", "عاجل: اتفاق على وقف إطلاق النار", "تفاصيل أولية عن الاتفاق.");
const payload = buildPushPayload(article, { baseUrl: "https://news.example.com", iconUrl: "/icon.png" });
const crypto = createNodePushCrypto();

let receiver: PushReceiver;
let vapid: VapidSigner;
const config = { ...(await generateVapidKeys()), subject: "mailto:newsroom@example.com" };

beforeAll(async () => {
  receiver = await startPushReceiver();
  vapid = await createVapidSigner(config, { now: Date.now });
});
afterAll(() => receiver.close());

const variants: Array<[string, { connections: number; pipelining?: number }]> = [
  ["8 connections, no pipelining (production)", { connections: 8 }],
  ["2 connections, pipelining 4", { connections: 2, pipelining: 4 }],
];

describe.each(variants)("push sender over undici HTTP/1.1, %s", (_name, poolOptions) => {
  let transport: UndiciTransport;
  let send: PushSend;
  beforeAll(() => {
    transport = createUndiciTransport({ ca: receiver.ca, ...poolOptions });
    send = createPushSender({ vapid, transport: transport.send, crypto, timeoutMs: 300, now: Date.now });
  });
  afterAll(() => transport.close());

  it("delivers the exact payload to every subscriber exactly once, with TTL, Urgency, Topic and one Authorization", async () => {
    const subs = Array.from({ length: 40 }, () => receiver.subscribe());
    const topic = await topicFor(article.id);
    const results = await runWithConcurrency(subs, 16, (s) => send(s.subscription, payload, { urgency: "high", topic }));
    expect(results.every((r) => r.kind === "delivered" && r.status === 201)).toBe(true);
    for (const s of subs) {
      const got = receiver.received.filter((m) => m.endpointId === s.endpointId);
      expect(got.map((m) => m.payload)).toEqual([payload]);
      expect(got[0]?.headers).toMatchObject({ ttl: "86400", urgency: "high", topic, "content-encoding": "aes128gcm" });
    }
    const auth = receiver.received.filter((m) => subs.some((s) => s.endpointId === m.endpointId)).map((m) => m.headers.authorization);
    expect(new Set(auth).size).toBe(1);
  });

  it("passes a per-message TTL and a text payload", async () => {
    const s = receiver.subscribe();
    expect(await send(s.subscription, "نص عادي", { ttl: 600 })).toEqual({ kind: "delivered", status: 201 });
    const got = receiver.received.filter((m) => m.endpointId === s.endpointId);
    expect(got.map((m) => [m.payload, m.headers.ttl])).toEqual([["نص عادي", "600"]]);
  });

  pushServiceOutcomeCases(() => ({ send, receiver, payload }));

  it("reports 413 as rejected, with the response body as the reason", async () => {
    const s = receiver.subscribe();
    receiver.setMode(s.endpointId, 413);
    expect(await send(s.subscription, payload)).toEqual({ kind: "rejected", status: 413, reason: "HTTP 413: fault 413" });
  });

  it("is rejected (403) when the JWT has expired, and the connection stays usable", async () => {
    const stale = await createVapidSigner(config, { now: () => Date.now() - 13 * 3600 * 1000 });
    const staleSend = createPushSender({ vapid: stale, transport: transport.send, crypto, timeoutMs: 300, now: Date.now });
    const s = receiver.subscribe();
    expect(await staleSend(s.subscription, payload)).toMatchObject({ kind: "rejected", status: 403 });
    expect(await send(s.subscription, payload)).toEqual({ kind: "delivered", status: 201 });
  });

  it("sends queued behind a hanging request still arrive (a pipelined connection re-sends them once it is closed)", async () => {
    const hung = receiver.subscribe();
    receiver.setMode(hung.endpointId, "hang");
    const others = Array.from({ length: 6 }, () => receiver.subscribe());
    const results = await Promise.all([send(hung.subscription, payload), ...others.map((s) => send(s.subscription, payload))]);
    expect(results[0]).toMatchObject({ kind: "retry", reason: "timeout" });
    for (const [i, s] of others.entries()) {
      expect(results[i + 1]).toEqual({ kind: "delivered", status: 201 });
      // At least once: a pipelined request the receiver had already taken is sent again after the reset.
      const got = receiver.received.filter((m) => m.endpointId === s.endpointId);
      expect(got.length).toBeGreaterThanOrEqual(1);
      expect(got.every((m) => JSON.stringify(m.payload) === JSON.stringify(payload))).toBe(true);
    }
  });

  it("recovers when the push service closes its connections", async () => {
    const other = await startPushReceiver();
    const own = createUndiciTransport({ ca: other.ca, ...poolOptions });
    const sendOther = createPushSender({ vapid, transport: own.send, crypto, timeoutMs: 300, now: Date.now });
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

  it("rejects, without sending, what cannot be encrypted", async () => {
    const s = receiver.subscribe();
    const before = receiver.attempts(s.endpointId);
    const badKey = { ...s.subscription, keys: { ...s.subscription.keys, p256dh: "AAAA" } };
    expect(await send(badKey, payload)).toMatchObject({ kind: "rejected", status: 0 });
    expect(await send(s.subscription, "x".repeat(5000))).toMatchObject({ kind: "rejected", status: 0 });
    expect(receiver.attempts(s.endpointId)).toBe(before);
  });
});
