/**
 * dynalite writes an item and its secondary-index entries as separate LevelDB writes (index entries first, then the
 * item), so a process killed between them leaves the sparse work index out of step with the table: an item that
 * should be listed is not (a push batch or notification the sweeper can then never find again), or an entry points
 * at an item that no longer carries it. DynamoDB never does this, so the domain code trusts the index; instead the
 * local runtime, after an unclean shutdown of its embedded store, brings the index back in step with the table here.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { send, sendConditional, type Command, type Db, type Item } from "../../lib/store/db.ts";
import { STATE_INDEX, WORK_STATES } from "../../lib/store/table.ts";

export interface WorkIndexRepair {
  /** Items that carried a work state the index did not list; rewritten so the index lists them again. */
  relisted: number;
  /** Index entries that pointed at nothing (or at a state the item no longer has); removed. */
  unlisted: number;
}

type Entry = { pk: string; sk: string; stateKey: string; stateAt: string };

const entryId = (e: Entry) => JSON.stringify([e.pk, e.sk, e.stateKey, e.stateAt]);
/** Marks the stand-in item written only to take a stale index entry away again. */
const PLACEHOLDER = "workIndexPlaceholder";

export async function repairWorkIndex(db: Db): Promise<WorkIndexRepair> {
  const listed = new Map<string, Entry>();
  for (const stateKey of WORK_STATES) {
    for await (const item of pages(db, (start) => new QueryCommand({
      TableName: db.table,
      IndexName: STATE_INDEX,
      KeyConditionExpression: "stateKey = :k",
      ExpressionAttributeValues: { ":k": stateKey },
      ...(start ? { ExclusiveStartKey: start } : {}),
    }))) {
      const entry = item as Entry;
      listed.set(entryId(entry), entry);
    }
  }

  let relisted = 0;
  const carried = new Set<string>();
  for await (const item of pages(db, (start) => new ScanCommand({
    TableName: db.table,
    ProjectionExpression: "pk, sk, stateKey, stateAt, #placeholder",
    FilterExpression: "attribute_exists(stateKey) OR attribute_exists(#placeholder)",
    ExpressionAttributeNames: { "#placeholder": PLACEHOLDER },
    ...(start ? { ExclusiveStartKey: start } : {}),
  }))) {
    if (item[PLACEHOLDER]) {
      // Left by a repair that was itself interrupted.
      await send(db, new DeleteCommand({ TableName: db.table, Key: { pk: item.pk, sk: item.sk } }));
      continue;
    }
    const entry = item as Entry;
    carried.add(entryId(entry));
    if (listed.has(entryId(entry))) continue;
    // Writing the same attributes makes dynalite put the index entry again; the condition keeps a live writer's change.
    if (await sendConditional(db, new UpdateCommand({
      TableName: db.table,
      Key: { pk: entry.pk, sk: entry.sk },
      UpdateExpression: "SET stateKey = :k, stateAt = :at",
      ConditionExpression: "stateKey = :k AND stateAt = :at",
      ExpressionAttributeValues: { ":k": entry.stateKey, ":at": entry.stateAt },
    }))) relisted++;
  }

  let unlisted = 0;
  for (const [id, entry] of listed) {
    if (carried.has(id)) continue;
    if (await unlist(db, entry)) unlisted++;
  }
  return { relisted, unlisted };
}

/**
 * Removes an index entry whose item does not carry it: the item is made to carry it for a moment (so dynalite knows
 * the entry) and then to carry what it had before, which deletes the entry. Interrupted half-way, what is left is an
 * entry that is true again, or a placeholder the next repair deletes.
 */
async function unlist(db: Db, entry: Entry): Promise<boolean> {
  const Key = { pk: entry.pk, sk: entry.sk };
  const out = await send<{ Item?: Item }>(db, new GetCommand({ TableName: db.table, Key, ConsistentRead: true }));
  const item = out.Item;
  const values = { ":k": entry.stateKey, ":at": entry.stateAt };
  if (!item) {
    const placed = await sendConditional(db, new PutCommand({
      TableName: db.table,
      Item: { ...Key, stateKey: entry.stateKey, stateAt: entry.stateAt, [PLACEHOLDER]: true },
      ConditionExpression: "attribute_not_exists(pk)",
    }));
    if (!placed) return false;
    return sendConditional(db, new DeleteCommand({ TableName: db.table, Key, ConditionExpression: "attribute_exists(#p)", ExpressionAttributeNames: { "#p": PLACEHOLDER } }));
  }
  const had = typeof item.stateKey === "string" && typeof item.stateAt === "string" ? { k: item.stateKey, at: item.stateAt } : undefined;
  const borrowed = await sendConditional(db, new UpdateCommand({
    TableName: db.table,
    Key,
    UpdateExpression: "SET stateKey = :k, stateAt = :at",
    ConditionExpression: had ? "stateKey = :hk AND stateAt = :hat" : "attribute_not_exists(stateKey)",
    ExpressionAttributeValues: had ? { ...values, ":hk": had.k, ":hat": had.at } : values,
  }));
  if (!borrowed) return false;
  return sendConditional(db, new UpdateCommand({
    TableName: db.table,
    Key,
    UpdateExpression: had ? "SET stateKey = :hk, stateAt = :hat" : "REMOVE stateKey, stateAt",
    ConditionExpression: "stateKey = :k AND stateAt = :at",
    ExpressionAttributeValues: had ? { ...values, ":hk": had.k, ":hat": had.at } : values,
  }));
}

async function* pages(db: Db, command: (start?: Record<string, unknown>) => Command): AsyncGenerator<Item> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await send<{ Items?: Item[]; LastEvaluatedKey?: Record<string, unknown> }>(db, command(start));
    yield* out.Items ?? [];
    start = out.LastEvaluatedKey;
  } while (start);
}
