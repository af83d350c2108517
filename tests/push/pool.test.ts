import { describe, expect, it } from "vitest";
import { runWithConcurrency } from "../../lib/push/pool.ts";

describe("runWithConcurrency", () => {
  it("never has more than the limit in flight and keeps input order", async () => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 40 }, (_, i) => i);
    const results = await runWithConcurrency(items, 5, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, (n * 7) % 5));
      inFlight--;
      return n * 2;
    });
    expect(results).toEqual(items.map((n) => n * 2));
    expect(peak).toBe(5);
  });

  it("handles an empty list and refuses a zero limit", async () => {
    expect(await runWithConcurrency([], 3, async () => 1)).toEqual([]);
    await expect(runWithConcurrency([1], 0, async () => 1)).rejects.toThrow(/limit/);
  });
});
