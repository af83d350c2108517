/** Thin helpers over the SDK's document client: typed conditional writes and complete batch reads/writes. */
import { BatchGetCommand, BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { backoffDelay, type BackoffPolicy } from "../backoff.ts";
import { StoreUnavailableError, isUnavailable } from "./errors.ts";

/**
 * The client the store sends through: the SDK's document client, built and configured by the runtime (functions/node/
 * dynamo-client.ts) with the marshalling the store relies on (undefined values dropped, numbers as numbers).
 */
export type DocumentClient = DynamoDBDocumentClient;
/**
 * Any command the document client sends (lib-dynamodb's document commands, client-dynamodb's table commands); typed
 * loosely because the SDK's command generics do not unify.
 */
export type Command = { readonly input: object };

export type Key = { pk: string; sk: string };
export type Item = Record<string, unknown> & Key;
export type WriteRequest = { PutRequest: { Item: Key & Record<string, unknown> } | { Item: Key & object } } | { DeleteRequest: { Key: Key } };

export interface Db {
  client: DocumentClient;
  table: string;
  /** Sleeps between retries of unprocessed batch items; tests pass a fast one. */
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), for the jitter of those retries. */
  random: () => number;
}

/** Sends a command; failures a retry can fix become StoreUnavailableError, bugs stay as they are. */
export async function send<T>(db: Db, command: Command): Promise<T> {
  try {
    return (await db.client.send(command as never)) as T;
  } catch (error) {
    if (isUnavailable(error)) throw new StoreUnavailableError(error);
    throw error;
  }
}

/** Every item a Query matches, page after page. */
export async function queryAll(db: Db, input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await send<{ Items?: Item[]; LastEvaluatedKey?: Record<string, unknown> }>(
      db,
      new QueryCommand({ ...input, TableName: db.table, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Runs a conditional write; undefined when the condition failed (a race or a precondition), otherwise the output
 * (its `Attributes` when ReturnValues asked for them).
 */
export async function sendIfAllowed<T extends object = { Attributes?: Item }>(db: Db, command: Command): Promise<T | undefined> {
  try {
    return await send<T>(db, command);
  } catch (error) {
    if (error instanceof Error && error.name === "ConditionalCheckFailedException") return undefined;
    throw error;
  }
}

/** Runs a conditional write; false when the condition failed (a race or a precondition), true when written. */
export async function sendConditional(db: Db, command: Command): Promise<boolean> {
  return (await sendIfAllowed(db, command)) !== undefined;
}

const MAX_BATCH_ROUNDS = 8;
/**
 * Unprocessed items mean the partition is throttled (the SDK has already retried the request itself): rounds 2–8 wait
 * below 50 ms, 100 ms, … 3.2 s, about 6 s in all at the most.
 */
const BATCH_BACKOFF: BackoffPolicy = { baseDelayMs: 50, maxDelayMs: 3_200 };

/** Waits before round `round` (none before the first) of a batch call; past the last round, gives up with `failure`. */
async function beforeRound(db: Db, round: number, failure: string): Promise<void> {
  if (round >= MAX_BATCH_ROUNDS) throw new StoreUnavailableError(failure);
  if (round > 0) await db.sleep(backoffDelay(round - 1, undefined, db.random, BATCH_BACKOFF));
}

/** Reads keys with BatchGetItem, retrying unprocessed keys with backoff; at most 100 keys per call. */
export async function batchGet(db: Db, keys: Key[], consistent = false): Promise<Item[]> {
  const found: Item[] = [];
  let pending = keys;
  for (let round = 0; pending.length > 0; round++) {
    await beforeRound(db, round, "batchGet: keys left unprocessed");
    const out = await send<{ Responses?: Record<string, Item[]>; UnprocessedKeys?: Record<string, { Keys?: Key[] }> }>(
      db,
      new BatchGetCommand({ RequestItems: { [db.table]: { Keys: pending, ConsistentRead: consistent } } }),
    );
    found.push(...(out.Responses?.[db.table] ?? []));
    pending = out.UnprocessedKeys?.[db.table]?.Keys ?? [];
  }
  return found;
}

/** Writes with BatchWriteItem in chunks of 25, retrying unprocessed items with backoff. */
export async function batchWrite(db: Db, requests: WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let round = 0; pending.length > 0; round++) {
      await beforeRound(db, round, "batchWrite: items left unprocessed");
      const out = await send<{ UnprocessedItems?: Record<string, WriteRequest[]> }>(
        db,
        new BatchWriteCommand({ RequestItems: { [db.table]: pending } }),
      );
      pending = out.UnprocessedItems?.[db.table] ?? [];
    }
  }
}
