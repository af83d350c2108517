/**
 * The baseline for the API's cold start (bench/bundles.ts): the least a Lambda reading DynamoDB can be, a handler that
 * imports DynamoDBDocumentClient and answers one GetCommand, the client built with the SDK's defaults. Built by the
 * same build as the functions (scripts/build-functions.ts).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { pk: string; sk: string }) => {
  const out = await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.pk, sk: event.sk } }));
  return { statusCode: out.Item ? 200 : 404, body: JSON.stringify(out.Item ?? null) };
};
