/**
 * The DynamoDB client as every Node process here builds it (the local server, each Lambda, tests, benchmarks): the AWS
 * SDK's DynamoDBDocumentClient over DynamoDBClient, configured once here and handed to lib/store. Requests go over
 * keep-alive sockets (NodeHttpHandler), each attempt bounded by a connection and a request timeout so a dead endpoint
 * becomes a 503 rather than a hung request, retried by the SDK's standard retry mode.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, type TranslateConfig } from "@aws-sdk/lib-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { DocumentClient } from "../../lib/store/index.ts";

export interface NodeDynamoOptions {
  region: string;
  /** e.g. http://127.0.0.1:4567 for dynalite or DynamoDB Local; undefined for DynamoDB in `region`. */
  endpoint?: string;
  /** Each attempt is abandoned after this long. */
  requestTimeoutMs?: number;
  /** Attempts per operation, the first included. */
  maxAttempts?: number;
}

/** A local endpoint accepts any credentials; fixed ones keep the SDK from looking for real ones. */
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

/** DynamoDBClient's configuration for `options` (exported for bench/diag/dynamo-settings.ts, which varies it). */
export function dynamoClientConfig(options: NodeDynamoOptions): DynamoDBClientConfig {
  const local = options.endpoint !== undefined;
  return {
    region: options.region,
    // Without an endpoint the SDK resolves DynamoDB's regional one (FIPS and dual-stack by AWS_USE_FIPS_ENDPOINT &c.)
    // and takes credentials from its default chain: in Lambda the environment, on a laptop profiles, SSO and the rest.
    ...(local ? { endpoint: options.endpoint, credentials: LOCAL_CREDENTIALS } : {}),
    // Standard mode: throttling, 5xx, timeouts and network errors retried with jittered exponential backoff under a
    // retry quota. Not adaptive: its client-side rate limiter would hold API requests back after a throttle.
    retryMode: "standard",
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: new NodeHttpHandler({
      // Local emulators serialise writes and can queue for seconds under a burst; AWS answers in milliseconds.
      connectionTimeout: local ? 10_000 : 1_000,
      requestTimeout: options.requestTimeoutMs ?? (local ? 15_000 : 3_000),
      // Without it a breached requestTimeout is only logged (the handler's historic behaviour).
      throwOnRequestTimeout: true,
      // Sockets stay open between requests (a warm Lambda reuses its TLS session), at most 50 per origin.
      httpAgent: { keepAlive: true, maxSockets: 50 },
      httpsAgent: { keepAlive: true, maxSockets: 50 },
    }),
  };
}

/**
 * What the store writes may carry optional fields as undefined; they are left out, not refused. Class instances (a
 * Date, say) are a bug in our items and are refused. Numbers come back as numbers, and an unsafe integer throws rather
 * than silently losing digits (wrapNumbers off). A fresh object per client: lib-dynamodb writes its defaults into it.
 */
export const documentTranslation = (): TranslateConfig => ({
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  unmarshallOptions: { wrapNumbers: false },
});

export function createNodeDocumentClient(options: NodeDynamoOptions): DocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(dynamoClientConfig(options)), documentTranslation());
}
