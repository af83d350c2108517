import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderAtom, renderJsonFeed, renderRss } from "../../lib/feeds/index.ts";
import { feedDocument } from "../fixtures/articles.ts";

// Reviewable copies of what readers receive. After an intended change: UPDATE_FEED_FIXTURES=1 npx vitest run tests/feeds
const cases = [
  ["politics.rss", renderRss],
  ["politics.atom", renderAtom],
  ["politics.json", renderJsonFeed],
] as const;

describe("golden feeds in tests/fixtures/feeds", () => {
  it.each(cases)("%s matches the serialiser's output byte for byte", (name, render) => {
    const url = new URL(`../fixtures/feeds/${name}`, import.meta.url);
    const output = render(feedDocument());
    if (process.env.UPDATE_FEED_FIXTURES) writeFileSync(url, output);
    expect(output).toBe(readFileSync(url, "utf8"));
  });
});
