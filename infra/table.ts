/** The one DynamoDB table (the same shape as lib/store/table.ts), with TTL and a stream of new images for the fan-out. */

export const table = new sst.aws.Dynamo("Table", {
  fields: { pk: "string", sk: "string", stateKey: "string", stateAt: "string" },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  // Sparse: only items with work left to do carry stateKey, so the sweeper's Query stays small.
  globalIndexes: { byState: { hashKey: "stateKey", rangeKey: "stateAt", projection: "keys-only" } },
  stream: "new-image",
  ttl: "expiresAt",
});
