/** Token buckets per client: bounded in number, the least recently seen client forgotten first. */
import { describe, expect, it } from "vitest";
import { tokenBuckets } from "../../lib/http/rate-limit.ts";

describe("tokenBuckets", () => {
  it("refuses past the budget and refills with time", () => {
    let now = 0;
    const buckets = tokenBuckets({ perMinute: 2, now: () => now });
    buckets.take("203.0.113.1");
    buckets.take("203.0.113.1");
    expect(buckets.wait("203.0.113.1")).toBe(30);
    now = 30_000;
    expect(buckets.wait("203.0.113.1")).toBeUndefined();
  });

  it("keeps at most maxKeys clients, forgetting the least recently seen", () => {
    const buckets = tokenBuckets({ perMinute: 1, now: () => 0, maxKeys: 2 });
    buckets.take("a");
    buckets.take("b");
    expect(buckets.wait("a")).toBe(60);
    // "a" was seen last, so a third client pushes "b" out, whose bucket starts full again.
    buckets.take("c");
    expect(buckets.wait("a")).toBe(60);
    expect(buckets.wait("b")).toBeUndefined();
  });
});
