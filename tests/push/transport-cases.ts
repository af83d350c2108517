/**
 * How the push sender must answer each push-service outcome, against the loopback push service that verifies VAPID
 * and decrypts. Registered inside a describe block; `current()` is read inside each test, after its beforeAll has run.
 */
import { expect, it } from "vitest";
import type { Article } from "../../lib/model/article.ts";
import { sendWithRetry } from "../../lib/push/retry.ts";
import type { PushSend } from "../../lib/push/sender.ts";
import { startPushReceiver, type PushReceiver } from "../helpers/push-receiver.ts";

/** A breaking Arabic article for sender tests. */
export function breakingArticle(id: string, title: string, summary: string): Article {
  return {
    id,
    title,
    url: `https://www.anapress.net/ar/articles/${id}`,
    summary,
    contentHtml: "",
    tags: [],
    publishedAt: "2025-01-01T10:00:00.000Z",
    updatedAt: "2025-01-01T10:00:00.000Z",
    views: 0,
    lang: "ar",
    breaking: true,
  };
}

export function pushServiceOutcomeCases(current: () => { send: PushSend; receiver: PushReceiver; payload: object }): void {
  it.each([404, 410])("reports %i as gone", async (status) => {
    const { send, receiver, payload } = current();
    const s = receiver.subscribe();
    receiver.setMode(s.endpointId, status);
    expect(await send(s.subscription, payload)).toEqual({ kind: "gone", status });
  });

  it.each([500, 503])("reports %i as retry", async (status) => {
    const { send, receiver, payload } = current();
    const s = receiver.subscribe();
    receiver.setMode(s.endpointId, status);
    expect(await send(s.subscription, payload)).toMatchObject({ kind: "retry", status });
  });

  it("reports 413 as rejected", async () => {
    const { send, receiver, payload } = current();
    const s = receiver.subscribe();
    receiver.setMode(s.endpointId, 413);
    expect(await send(s.subscription, payload)).toMatchObject({ kind: "rejected", status: 413 });
  });

  it("carries Retry-After on 429 and succeeds on the second attempt, delivering the payload once", async () => {
    const { send, receiver, payload } = current();
    const s = receiver.subscribe();
    receiver.setMode(s.endpointId, { status: 429, retryAfter: "7" }, 1);
    expect(await send(s.subscription, payload)).toEqual({ kind: "retry", status: 429, retryAfterMs: 7000, reason: "HTTP 429" });
    receiver.setMode(s.endpointId, { status: 429, retryAfter: "2" }, 1);
    const slept: number[] = [];
    const result = await sendWithRetry(() => send(s.subscription, payload), { sleep: async (ms) => void slept.push(ms), rng: () => 0.1 });
    expect(result).toEqual({ kind: "delivered", status: 201, attempts: 2 });
    expect(slept).toEqual([2000]);
    expect(receiver.attempts(s.endpointId)).toBe(3);
    expect(receiver.received.filter((m) => m.endpointId === s.endpointId).map((m) => m.payload)).toEqual([payload]);
  });

  it("turns a push service that never answers into a retry, and later sends still go through", async () => {
    const { send, receiver, payload } = current();
    const s = receiver.subscribe();
    receiver.setMode(s.endpointId, "hang");
    expect(await send(s.subscription, payload)).toMatchObject({ kind: "retry", status: 0, reason: "timeout" });
    const after = receiver.subscribe();
    expect(await send(after.subscription, payload)).toEqual({ kind: "delivered", status: 201 });
  });

  it("waits for a slow push service that answers within the timeout", async () => {
    const { send, receiver, payload } = current();
    const s = receiver.subscribe();
    receiver.setMode(s.endpointId, { slowMs: 50 });
    expect(await send(s.subscription, payload)).toEqual({ kind: "delivered", status: 201 });
  });

  it("turns a refused connection into a retry", async () => {
    const { send, payload } = current();
    const closed = await startPushReceiver();
    const s = closed.subscribe();
    await closed.close();
    expect(await send(s.subscription, payload)).toMatchObject({ kind: "retry", status: 0, reason: "ECONNREFUSED" });
  });
}
