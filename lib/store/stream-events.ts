/**
 * The table's stream records read back as domain events, so stream subscribers (functions/aws/handlers.ts) know
 * nothing of the key layout. Takes the DynamoDB JSON shape the stream delivers, not the aws-lambda types.
 */
import { feedOfVersionKey, notificationIdOf, type FeedKey } from "./keys.ts";

/** A string attribute in DynamoDB JSON (`{ "S": "…" }`); other attribute types read as absent here. */
export interface StreamAttribute {
  S?: string;
}

/** The parts of a DynamoDB stream record that are read: its event name, keys and new image. */
export interface StreamRecordShape {
  eventName?: string;
  dynamodb?: {
    Keys?: Record<string, StreamAttribute>;
    NewImage?: Record<string, StreamAttribute>;
  };
}

export type StoreEvent =
  /** A notification item was written for the first time: the article's push fan-out is due. */
  | { kind: "notification-created"; articleId: string }
  /** A feed's version stamp was written: every sync that changed the feed rewrites it, the sweeper's repairs too. */
  | { kind: "feed-changed"; feed: FeedKey };

/** The event a record stands for, or undefined for an item no subscriber acts on (or a malformed one). */
export function decodeStreamRecord(record: StreamRecordShape): StoreEvent | undefined {
  const pk = record.dynamodb?.Keys?.pk?.S;
  const sk = record.dynamodb?.Keys?.sk?.S;
  if (pk === undefined || sk === undefined) return undefined;
  // The stamp's keys say everything: an INSERT or a MODIFY of it is a change of the feed all the same.
  const feed = feedOfVersionKey({ pk, sk });
  if (feed !== undefined) return { kind: "feed-changed", feed };
  if (record.eventName !== "INSERT" || notificationIdOf({ pk, sk }) === undefined) return undefined;
  // The fan-out trusts the item's own articleId, and only when it is a string.
  const articleId = record.dynamodb?.NewImage?.articleId?.S;
  return articleId === undefined ? undefined : { kind: "notification-created", articleId };
}
