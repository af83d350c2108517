import { describe, expect, it } from "vitest";
import { sendWithRetry } from "../../lib/push/retry.ts";
import type { SendResult } from "../../lib/push/sender.ts";

const policy = { baseDelayMs: 100, maxDelayMs: 1000 };

describe("sendWithRetry", () => {
  const retry = (retryAfterMs?: number): SendResult => ({ kind: "retry", status: 503, retryAfterMs, reason: "HTTP 503" });

  it("stops after the bounded number of attempts", async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await sendWithRetry(
      async () => (calls++, retry()),
      { sleep: async (ms) => void sleeps.push(ms), rng: () => 0.5, policy: { maxAttempts: 3, ...policy } },
    );
    expect(result).toMatchObject({ kind: "retry", attempts: 3 });
    expect(calls).toBe(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it("does not retry gone or rejected outcomes", async () => {
    for (const outcome of [{ kind: "gone", status: 410 }, { kind: "rejected", status: 403, reason: "x" }] as const) {
      let calls = 0;
      const result = await sendWithRetry(async () => (calls++, outcome), { sleep: async () => {}, rng: Math.random });
      expect(result).toEqual({ ...outcome, attempts: 1 });
    }
  });

  it("hands a long Retry-After back to the caller instead of sleeping", async () => {
    const sleeps: number[] = [];
    const result = await sendWithRetry(async () => retry(3_600_000), {
      sleep: async (ms) => void sleeps.push(ms),
      rng: Math.random,
    });
    expect(result).toMatchObject({ kind: "retry", retryAfterMs: 3_600_000, attempts: 1 });
    expect(sleeps).toEqual([]);
  });
});
