/**
 * The document client the store talks through: commands in document form (lib/store/commands.ts), converted to and
 * from DynamoDB's attribute values (document-codec.ts) and sent over the JSON protocol (json-protocol.ts). Works the
 * same against AWS, dynalite or DynamoDB Local; Node processes build it with functions/node/dynamo-client.ts.
 */
import type { Command } from "./commands.ts";
import { decodeOutput, encodeInput } from "./document-codec.ts";
import { createJsonProtocol, type Credentials, type HttpPost } from "./json-protocol.ts";
import type { SigV4Primitives } from "./sigv4.ts";

export type { Credentials } from "./json-protocol.ts";

export interface ClientOptions {
  /** e.g. http://127.0.0.1:4567 for a local store; undefined for AWS. */
  endpoint?: string;
  region: string;
  /**
   * Where credentials come from on AWS (functions/ pass the Lambda environment's). A local endpoint accepts any, so
   * it gets fixed ones when this is absent.
   */
  credentials?: () => Credentials | Promise<Credentials>;
  /** Give up on an attempt after this long, so a dead endpoint becomes a 503, not a hung request. */
  requestTimeoutMs?: number;
  maxAttempts?: number;
  /** Hashing for request signatures (the runtime's; functions/node/dynamo-client.ts passes node:crypto's). */
  sigv4: SigV4Primitives;
  /** How a request is sent; `fetch` when absent. */
  post?: HttpPost;
}

/** Output in document form; the fields present depend on the operation. */
export type DocumentOutput = Record<string, unknown> & {
  Item?: Record<string, unknown>;
  Items?: Record<string, unknown>[];
  Attributes?: Record<string, unknown>;
  LastEvaluatedKey?: Record<string, unknown>;
};

export interface DocumentClient {
  send<T = DocumentOutput>(command: Command): Promise<T>;
}

const LOCAL_CREDENTIALS: Credentials = { accessKeyId: "local", secretAccessKey: "local" };

export function createDocumentClient(options: ClientOptions): DocumentClient {
  const credentials = options.credentials ?? (options.endpoint ? () => LOCAL_CREDENTIALS : undefined);
  if (!credentials) throw new Error("store: credentials are required to reach DynamoDB on AWS");
  const protocol = createJsonProtocol({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    credentials,
    // Local emulators serialise writes and can queue for seconds under a burst; AWS answers in milliseconds.
    requestTimeoutMs: options.requestTimeoutMs ?? (options.endpoint ? 15_000 : 3_000),
    maxAttempts: options.maxAttempts ?? 3,
    sigv4: options.sigv4,
    ...(options.post ? { post: options.post } : {}),
  });
  return {
    async send<T>(command: Command): Promise<T> {
      const output = await protocol.call(command.operation, encodeInput(command.operation, command.input));
      return decodeOutput(command.operation, output) as T;
    },
  };
}
