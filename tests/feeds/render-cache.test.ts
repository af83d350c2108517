/** The render cache keeps at most maxEntries documents, dropping the least recently used first. */
import { describe, expect, it } from "vitest";
import { createRenderCache, type LoadResult } from "../../lib/feeds/render-cache.ts";

const loader = (version: string) => async (): Promise<LoadResult> => ({ version, lastModified: new Date(0), render: () => `<rss>${version}</rss>` });

describe("createRenderCache bounds", () => {
  it("keeps at most maxEntries documents and renders again the one used least recently", async () => {
    let now = 0;
    const cache = createRenderCache({ now: () => now, revalidateMs: 60_000, maxEntries: 10 });
    for (let i = 0; i < 10; i++) await cache.get(`feed-${i}`, ["all"], loader("v1"));
    // feed-0 is used again, so feed-1 is now the least recently used.
    now = 1;
    expect(cache.peek("feed-0")).toBeDefined();
    await cache.get("feed-10", ["all"], loader("v1"));
    expect(cache.stats()).toEqual({ entries: 10, renders: 11 });
    expect(cache.peek("feed-1")).toBeUndefined();
    expect(cache.peek("feed-0")).toBeDefined();
    await cache.get("feed-1", ["all"], loader("v1"));
    expect(cache.stats().renders).toBe(12);
  });
});
