/** Builds the DynamoDB document client for an endpoint (dynalite, DynamoDB Local) or for AWS itself. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface ClientOptions {
  /** e.g. http://127.0.0.1:4567 for a local store; undefined for AWS. */
  endpoint?: string;
  region: string;
  /** Give up on a request after this long, so a dead endpoint becomes a 503, not a hung request. */
  requestTimeoutMs?: number;
  maxAttempts?: number;
}

export function createDocumentClient(options: ClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          // A local endpoint accepts any credentials; these keep the SDK from searching for real ones.
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }
      : {}),
    // Local emulators serialise writes and can queue for seconds under a burst; AWS answers in milliseconds.
    requestHandler: options.endpoint
      ? { requestTimeout: options.requestTimeoutMs ?? 15_000, connectionTimeout: 10_000 }
      : { requestTimeout: options.requestTimeoutMs ?? 3_000, connectionTimeout: 1_000 },
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
