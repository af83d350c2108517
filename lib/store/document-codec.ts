/**
 * Document form ⇄ DynamoDB's attribute-value form, for exactly the fields each operation carries, as the SDK's
 * document client does (@aws-sdk/lib-dynamodb), with @aws-sdk/util-dynamodb doing the conversion itself. Options as
 * before the switch: undefined values are dropped, class instances are refused, numbers come back as numbers (and an
 * unsafe integer throws rather than silently losing digits).
 */
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { Operation } from "./commands.ts";

type Doc = Record<string, unknown>;
type Wire = Record<string, AttributeValue>;
type Json = Record<string, unknown>;

const toWire = (doc: unknown): Wire => marshall(doc as Doc, { removeUndefinedValues: true, convertClassInstanceToMap: false });
const toDoc = (wire: unknown): Doc => unmarshall(wire as Wire);

/** Converts the fields that hold items, keys or expression values; everything else passes as is. */
function convertFields(message: Json, fields: readonly string[], convert: (value: unknown) => unknown): Json {
  const out: Json = { ...message };
  for (const field of fields) if (message[field] !== undefined) out[field] = convert(message[field]);
  return out;
}

type WriteRequest = { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } };

function mapWrites(requests: Record<string, WriteRequest[]>, convert: (value: unknown) => unknown): Json {
  const out: Json = {};
  for (const [table, writes] of Object.entries(requests)) {
    out[table] = writes.map((w) =>
      w.PutRequest ? { PutRequest: { Item: convert(w.PutRequest.Item) } } : { DeleteRequest: { Key: convert(w.DeleteRequest?.Key) } },
    );
  }
  return out;
}

type KeysAndAttributes = { Keys: unknown[] } & Json;

function mapKeys(requests: Record<string, KeysAndAttributes>, convert: (value: unknown) => unknown): Json {
  const out: Json = {};
  for (const [table, request] of Object.entries(requests)) out[table] = { ...request, Keys: request.Keys.map(convert) };
  return out;
}

const ITEM_INPUT_FIELDS: Partial<Record<Operation, readonly string[]>> = {
  GetItem: ["Key"],
  PutItem: ["Item", "ExpressionAttributeValues"],
  UpdateItem: ["Key", "ExpressionAttributeValues"],
  DeleteItem: ["Key", "ExpressionAttributeValues"],
  Query: ["ExpressionAttributeValues", "ExclusiveStartKey"],
  Scan: ["ExpressionAttributeValues", "ExclusiveStartKey"],
};

const ITEM_OUTPUT_FIELDS: Partial<Record<Operation, readonly string[]>> = {
  GetItem: ["Item"],
  PutItem: ["Attributes"],
  UpdateItem: ["Attributes"],
  DeleteItem: ["Attributes"],
  Query: ["LastEvaluatedKey"],
  Scan: ["LastEvaluatedKey"],
};

/** The wire input of an operation given in document form. */
export function encodeInput(operation: Operation, input: object): Json {
  const json = input as Json;
  if (operation === "BatchGetItem") return { ...json, RequestItems: mapKeys(json.RequestItems as Record<string, KeysAndAttributes>, toWire) };
  if (operation === "BatchWriteItem") return { ...json, RequestItems: mapWrites(json.RequestItems as Record<string, WriteRequest[]>, toWire) };
  const fields = ITEM_INPUT_FIELDS[operation];
  return fields ? convertFields(json, fields, toWire) : json;
}

/** The document form of an operation's wire output. */
export function decodeOutput(operation: Operation, output: Json): Json {
  if (operation === "BatchGetItem") {
    const responses: Json = {};
    for (const [table, items] of Object.entries((output.Responses ?? {}) as Record<string, unknown[]>)) responses[table] = items.map(toDoc);
    const unprocessed = output.UnprocessedKeys as Record<string, KeysAndAttributes> | undefined;
    return { ...output, Responses: responses, ...(unprocessed ? { UnprocessedKeys: mapKeys(unprocessed, toDoc) } : {}) };
  }
  if (operation === "BatchWriteItem") {
    const unprocessed = output.UnprocessedItems as Record<string, WriteRequest[]> | undefined;
    return unprocessed ? { ...output, UnprocessedItems: mapWrites(unprocessed, toDoc) } : output;
  }
  const fields = ITEM_OUTPUT_FIELDS[operation];
  if (!fields) return output;
  const out = convertFields(output, fields, toDoc);
  if (Array.isArray(output.Items)) out.Items = output.Items.map(toDoc);
  return out;
}
