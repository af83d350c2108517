/** The one DynamoDB table's definition: key schema and the sparse state index, shared by local set-up, tests and docs. */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/** Name of the sparse GSI that lists work left to do (dirty articles, pending notifications). */
export const STATE_INDEX = "byState";

/** Every `stateKey` the stores write: dirty articles, unsettled notifications, pending and held push batches. */
export const WORK_STATES = ["dirty", "notify", "batch", "held"] as const;

/** CreateTable input for the table; on AWS the same shape is declared in infra/. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
      { AttributeName: "stateKey", AttributeType: "S" },
      { AttributeName: "stateAt", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: STATE_INDEX,
        KeySchema: [
          { AttributeName: "stateKey", KeyType: "HASH" },
          { AttributeName: "stateAt", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "KEYS_ONLY" },
      },
    ],
  };
}
