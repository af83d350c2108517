/**
 * An item's size as DynamoDB counts it against its 400 KB limit (AWS's "Item sizes and formats"): attribute names and
 * strings in UTF-8 bytes, numbers 1 byte per two significant digits plus 1, booleans and null 1 byte, lists and maps
 * 3 bytes plus 1 per element. dynalite counts strings in UTF-16 units instead, so it cannot tell us.
 */
export const DYNAMODB_ITEM_LIMIT = 400 * 1024;

const utf8 = (s: string) => Buffer.byteLength(s, "utf8");

function valueBytes(value: unknown): number {
  if (value === null || typeof value === "boolean") return 1;
  if (typeof value === "string") return utf8(value);
  if (typeof value === "number") return Math.ceil(String(Math.abs(value)).replace(/[.e+-]/g, "").replace(/^0+/, "").length / 2) + 1;
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + valueBytes(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === "object") return 3 + Object.entries(value as object).reduce((sum, [k, v]) => sum + 1 + utf8(k) + valueBytes(v), 0);
  throw new Error(`no DynamoDB size for ${typeof value}`);
}

/** Bytes of a document-form item (as the document client reads it back). */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueBytes(value), 0);
}
