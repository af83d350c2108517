/** The store warm-up (store.warmUp, lib/store/warm-up.ts) sends a publish's and a fan-out's request shapes and leaves the table as it was. */
import { DescribeTableCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATE_INDEX } from "../../lib/store/table.ts";
import { startTestServices, type TestServices } from "../helpers/test-store.ts";

/** Every item of the table and of its index, as the wire carries them (typed attribute values), and its counts. */
async function snapshot(t: TestServices): Promise<string> {
  const scan = async (index?: string) => {
    const items: unknown[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await t.client.send(
        new ScanCommand({ TableName: t.tableName, ...(index ? { IndexName: index } : { ConsistentRead: true }), ...(start ? { ExclusiveStartKey: start as never } : {}) }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  };
  const table = (await t.client.send(new DescribeTableCommand({ TableName: t.tableName }))).Table;
  return JSON.stringify({ items: await scan(), index: await scan(STATE_INDEX), count: table?.ItemCount, bytes: table?.TableSizeBytes });
}

describe("store warm-up", () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await startTestServices();
    // A table with what a publish and a subscribe leave: article, feed entries, sitemap, notification, membership.
    const published = await t.service.publish({ title: "خبر عاجل", url: "https://anapress.net/a/warm", category: "سياسة", contentHtml: "<p>نص</p>" });
    expect(published.kind).toBe("created");
    await t.store.subscriptions.upsert({ endpoint: "https://push.example/sub/1", keys: { p256dh: "BPcMbnWQL5GOYX6X", auth: "4vQK-SvRAN5eo-8A" } });
  });
  afterAll(async () => t.close());

  it("sends reads, a batch read, a batch delete and conditional writes, and the table is byte-for-byte unchanged", async () => {
    const before = await snapshot(t);
    expect(JSON.parse(before).items.length).toBeGreaterThan(5);
    t.calls.reset();
    await t.store.warmUp();
    expect(t.calls.names).toEqual(["GetItem", "Query", "Query", "BatchGetItem", "BatchWriteItem", "PutItem", "UpdateItem"]);
    expect(await snapshot(t)).toBe(before);
    // Twice in a row (a restart soon after another) changes nothing either.
    await t.store.warmUp();
    expect(await snapshot(t)).toBe(before);
  });

  it("on an empty table too", async () => {
    const empty = await startTestServices();
    try {
      const before = await snapshot(empty);
      await empty.store.warmUp();
      expect(await snapshot(empty)).toBe(before);
      expect(JSON.parse(before).items).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});
