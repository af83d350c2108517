/**
 * Event-source filters of the table's two stream subscribers, in a module without SST globals so tests can check them
 * against the stream records our own writes produce.
 */

/** Only first publications reach the fan-out: a notification item (pk N#<id>) being created. */
export const newNotifications = { eventName: ["INSERT"], dynamodb: { NewImage: { pk: { S: [{ prefix: "N#" }] } } } };

/** Feed version stamps created or rewritten (pk F#<feed>, sk V): one per changed feed per sync. */
export const feedVersionChanges = {
  eventName: ["INSERT", "MODIFY"],
  dynamodb: { Keys: { pk: { S: [{ prefix: "F#" }] }, sk: { S: ["V"] } } },
};
