import { describe, expect, it } from "vitest";
import { backoffDelay } from "../lib/backoff.ts";

const policy = { baseDelayMs: 100, maxDelayMs: 1000 };

describe("backoffDelay", () => {
  it("grows exponentially up to the cap", () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, undefined, top, policy))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it("uses full jitter", () => {
    expect(backoffDelay(3, undefined, () => 0, policy)).toBe(0);
    expect(backoffDelay(3, undefined, () => 0.5, policy)).toBe(400);
  });

  it("never waits less than Retry-After", () => {
    expect(backoffDelay(0, 5000, () => 0.5, policy)).toBe(5000);
  });
});
