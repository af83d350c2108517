/** The store reads its own stream records back as domain events; records of any other item mean nothing. */
import { describe, expect, it } from "vitest";
import { decodeStreamRecord } from "../../lib/store/stream-events.ts";
import { feedPk, FEED_VERSION_SK, notificationKey, articleKey, batchPk, batchSk, categoryFeed, entrySk } from "../../lib/store/keys.ts";
import { streamRecord } from "../functions/lambda-events.ts";

describe("decodeStreamRecord", () => {
  it("reads a notification item's first write as the start of its fan-out", () => {
    const record = streamRecord({ ...notificationKey("art-1"), articleId: "art-1", state: "pending" }, "1");
    expect(decodeStreamRecord(record)).toEqual({ kind: "notification-created", articleId: "art-1" });
  });

  it("ignores later writes of a notification item, and one without a string articleId", () => {
    expect(decodeStreamRecord(streamRecord({ ...notificationKey("art-1"), articleId: "art-1" }, "2", "MODIFY"))).toBeUndefined();
    expect(decodeStreamRecord(streamRecord({ ...notificationKey("ghost"), articleId: 42 }, "3"))).toBeUndefined();
    expect(decodeStreamRecord(streamRecord({ ...notificationKey("ghost") }, "4"))).toBeUndefined();
  });

  it("reads a feed version stamp written or rewritten as a change of that feed, Arabic names included", () => {
    const feed = categoryFeed("سياسة");
    for (const name of ["INSERT", "MODIFY"] as const) {
      expect(decodeStreamRecord(streamRecord({ pk: feedPk(feed), sk: FEED_VERSION_SK, stamp: "s" }, "5", name))).toEqual({ kind: "feed-changed", feed });
    }
  });

  it("means nothing for entries, articles, push batches or records without keys", () => {
    const others = [
      { pk: feedPk("all"), sk: entrySk("2025-01-01T00:00:00.000Z", "x") },
      { ...articleKey("x"), articleId: "x" },
      { pk: batchPk("x"), sk: batchSk("*#0", 1), articleId: "x" },
    ];
    for (const item of others) expect(decodeStreamRecord(streamRecord(item, "6"))).toBeUndefined();
    expect(decodeStreamRecord({ eventName: "INSERT" })).toBeUndefined();
  });
});
