/**
 * The first publish of a fresh process pays first-use costs in the SDK (middleware stack, endpoint and credential
 * resolution, marshalling code run for the first time) and in the store behind it. This sends the request shapes a
 * publish and its fan-out send, once each, against a key no item ever has, with writes whose conditions can never
 * hold, so those costs are paid before an article is waiting, and nothing is written.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet, batchWrite, send, sendIfAllowed, type Db, type Key } from "./db.ts";
import { WARM_UP_KEY } from "./keys.ts";

/**
 * A contradiction, not `attribute_exists(pk)` alone: refused even if an item with the key existed, so a warm-up can
 * never overwrite or create one.
 */
const NEVER = "attribute_exists(pk) AND attribute_not_exists(pk)";

/** Runs the warm-up; throws only what the store itself throws (unreachable, say), never writes. */
export async function warmUpStore(db: Db): Promise<void> {
  const table = db.table;
  const key: Key = WARM_UP_KEY;
  await send(db, new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  await send(db, new QueryCommand({ TableName: table, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": key.pk }, Limit: 100 }));
  await send(
    db,
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.sk },
      ProjectionExpression: "sk, #after",
      ExpressionAttributeNames: { "#after": "after" },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  await batchGet(db, [key], true);
  // Deleting an item that does not exist is a write request that changes nothing.
  await batchWrite(db, [{ DeleteRequest: { Key: key } }]);
  // An item with the nested shapes the store writes (lists of maps, numbers, strings).
  const item = { ...key, state: "pending", members: [{ subId: "w", endpoint: "https://push.invalid/w", keys: { p256dh: "w", auth: "w" } }], n: 1 };
  refused(await sendIfAllowed(db, new PutCommand({ TableName: table, Item: item, ConditionExpression: NEVER })));
  refused(
    await sendIfAllowed(
      db,
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: "SET #state = :state, lists = :lists ADD claims :one REMOVE stateKey",
        ConditionExpression: `${NEVER} AND #state = :state`,
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":state": "pending", ":lists": { sent: ["w"], gone: [] }, ":one": 1 },
        ReturnValues: "ALL_NEW",
      }),
    ),
  );
}

/** A write the store accepted here would mean the condition above was lost: fail loudly rather than warm quietly. */
function refused(output: object | undefined): void {
  if (output !== undefined) throw new Error("store warm-up: a write that must be refused was accepted");
}
