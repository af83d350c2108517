/**
 * Batch reads and writes retry what DynamoDB leaves unprocessed with jittered backoff, and give up as unavailable. A
 * unit around lib/store/db.ts with a stand-in client: neither dynalite nor DynamoDB Local ever leaves items unprocessed.
 */
import { describe, expect, it } from "vitest";
import { batchGet, batchWrite, type Db, type DocumentClient, type Key } from "../../lib/store/db.ts";
import { StoreUnavailableError } from "../../lib/store/errors.ts";

const TABLE = "t";
const keys: Key[] = [{ pk: "A#1", sk: "A" }, { pk: "A#2", sk: "A" }];

/** A client that leaves everything unprocessed for the first `throttled` calls, then processes all. */
function throttledDb(throttled: number, random = () => 0.5) {
  const sleeps: number[] = [];
  let calls = 0;
  const send = async (command: { input: { RequestItems: Record<string, { Keys?: Key[] } | unknown[]> } }) => {
    const request = command.input.RequestItems[TABLE]!;
    const held = calls++ < throttled;
    if (Array.isArray(request)) return held ? { UnprocessedItems: { [TABLE]: request } } : {};
    const asked = request.Keys ?? [];
    return held ? { Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: asked } } } : { Responses: { [TABLE]: asked } };
  };
  const db: Db = { client: { send } as unknown as DocumentClient, table: TABLE, sleep: async (ms) => void sleeps.push(ms), random };
  return { db, sleeps, calls: () => calls };
}

describe("batch retries of unprocessed items", () => {
  it("reads what was left unprocessed again, after exponentially growing jittered waits", async () => {
    const t = throttledDb(3);
    expect(await batchGet(t.db, keys)).toEqual(keys);
    expect(t.calls()).toBe(4);
    expect(t.sleeps).toEqual([25, 50, 100]);
  });

  it("spreads the waits with full jitter", async () => {
    const t = throttledDb(2, () => 0);
    await batchWrite(t.db, keys.map((Key) => ({ DeleteRequest: { Key } })));
    expect(t.sleeps).toEqual([0, 0]);
  });

  it("gives up as unavailable after eight rounds, with waits capped", async () => {
    const t = throttledDb(Number.POSITIVE_INFINITY, () => 0.999999);
    await expect(batchWrite(t.db, keys.map((Key) => ({ DeleteRequest: { Key } })))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(t.calls()).toBe(8);
    expect(t.sleeps).toEqual([49, 99, 199, 399, 799, 1599, 3199]);
  });
});
