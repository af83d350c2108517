/**
 * The embedded store closes the LevelDB iterator behind every Query and Scan (dynalite 4.0.0 leaves them open: memory
 * grew with every list request under load).
 */
import { PutCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { iteratorCounts } from "../../functions/node/dynalite-iterators.ts";
import { startEmbeddedDynamo, type EmbeddedDynamo } from "../../functions/node/embedded-dynamo.ts";
import { ensureTable } from "../../lib/store/index.ts";
import { createNodeDocumentClient } from "../../functions/node/dynamo-client.ts";

const TABLE = "iterator-test";
let embedded: EmbeddedDynamo;
let client: ReturnType<typeof createNodeDocumentClient>;

beforeAll(async () => {
  embedded = await startEmbeddedDynamo();
  client = createNodeDocumentClient({ endpoint: embedded.endpoint, region: "us-east-1" });
  await ensureTable(client, TABLE);
  for (let i = 0; i < 30; i++) {
    await client.send(new PutCommand({ TableName: TABLE, Item: { pk: "F#all", sk: `E#${String(i).padStart(3, "0")}`, title: `خبر ${i}` } }));
  }
});

afterAll(() => embedded.close());

describe("embedded store iterators", () => {
  it("leaves no iterator open after queries that stop early, queries read to the end, and scans", async () => {
    const query = (limit?: number) =>
      client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": "F#all" }, ScanIndexForward: false, ...(limit ? { Limit: limit } : {}) }));
    const before = iteratorCounts().opened;
    for (let i = 0; i < 40; i++) {
      expect((await query(5)).Items).toHaveLength(5);
      expect((await query()).Items).toHaveLength(30);
      expect((await client.send(new ScanCommand({ TableName: TABLE, Limit: 7 }))).Items).toHaveLength(7);
    }
    // Closing finishes just after each answer is sent; wait for the last ones, never for long.
    await vi.waitFor(() => expect(iteratorCounts().open).toBe(0), { timeout: 5_000 });
    // Every read went through the closing streams (the guard would be empty if dynalite stopped using them).
    expect(iteratorCounts().opened - before).toBeGreaterThanOrEqual(120);
  });
});
