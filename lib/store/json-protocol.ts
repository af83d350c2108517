/**
 * DynamoDB's JSON protocol (awsJson1_0), SigV4-signed (sigv4.ts): what the AWS SDK's DynamoDB client does on the
 * wire, without the ~210 KB of middleware, endpoint rules and credential chain it adds to each Lambda bundle (issue
 * 5's 350 KB budget for the API could not be met with it inside). Runtime-free: the hashing and the HTTP POST are
 * handed in (functions/node/dynamo-client.ts gives node:crypto and a keep-alive node:http agent; `fetch` is the
 * fallback for the POST, at ~300 µs more CPU per request in Node 20).
 *
 * Kept from the SDK's behaviour: its error names (`ConditionalCheckFailedException`, …) and `$metadata.httpStatusCode`
 * on failures, the standard retry mode (3 attempts; throttling, 5xx, timeouts and network errors retried with capped
 * exponential backoff and full jitter), a per-attempt timeout. Left out: endpoint discovery (off by default in the
 * SDK too), clock-skew correction, response CRC32 checks.
 */
import type { Operation } from "./commands.ts";
import { isUnavailable } from "./errors.ts";
import { createSigV4Signer, type SigV4Primitives } from "./sigv4.ts";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface JsonProtocolOptions {
  region: string;
  /** e.g. http://127.0.0.1:4567 for a local store; undefined for DynamoDB in `region`. */
  endpoint?: string;
  /** Asked before each request, so rotated credentials are picked up. */
  credentials: () => Credentials | Promise<Credentials>;
  /** Each attempt is abandoned after this long (a dead endpoint becomes a 503, not a hung request). */
  requestTimeoutMs: number;
  maxAttempts: number;
  sigv4: SigV4Primitives;
  /** Sends one request; a `fetch` POST when absent. */
  post?: HttpPost;
  now?: () => Date;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * POSTs `body` and resolves with the answer's status and text. Rejects when there is no answer: an error named
 * "TimeoutError" once `timeoutMs` has passed, any other error for the network failing.
 */
export type HttpPost = (url: URL, headers: Record<string, string>, body: string, timeoutMs: number) => Promise<{ status: number; text: string }>;

/** {@link HttpPost} over `fetch`, for runtimes that bring nothing better. */
export function fetchPost(fetchFn: typeof fetch = (input, init) => fetch(input, init)): HttpPost {
  return async (url, headers, body, timeoutMs) => {
    // fetch sets Host from the URL itself (the same value that was signed).
    const { host: _fromUrl, ...rest } = headers;
    const response = await fetchFn(url, { method: "POST", headers: rest, body, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, text: await response.text() };
  };
}

/** A failure DynamoDB reported, named as the SDK names it. */
export class DynamoDbError extends Error {
  readonly $metadata: { httpStatusCode: number; attempts: number };
  constructor(name: string, message: string, status: number, attempts: number) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: status, attempts };
  }
}

/** The request never got an answer: refused, reset, closed mid-way, DNS. */
export class NetworkError extends Error {
  override readonly name = "NetworkError";
}

/** Throttling backs off from a longer base than other failures a retry can fix (as the SDK's standard mode). */
const THROTTLING = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "RequestThrottledException",
  "TooManyRequestsException",
  "LimitExceededException",
]);

/** The SDK's standard-mode delays: 100 ms base (500 ms when throttled), doubled per attempt, at most 20 s, full jitter. */
function backoffMs(attempt: number, throttled: boolean, random: () => number): number {
  const base = throttled ? 500 : 100;
  return Math.floor(random() * Math.min(20_000, base * 2 ** attempt));
}

/** What a retry can fix is exactly what callers answer 503 for when retries run out (lib/store/errors.ts). */
function retryable(error: unknown): { retry: boolean; throttled: boolean } {
  const throttled = error instanceof DynamoDbError && (THROTTLING.has(error.name) || error.$metadata.httpStatusCode === 429);
  return { retry: isUnavailable(error), throttled };
}

export function dynamoDbEndpoint(region: string): string {
  return `https://dynamodb.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`;
}

/** `__type` is "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException" (or just the name). */
function errorFrom(status: number, text: string, attempts: number): DynamoDbError {
  let type = `HTTP${status}`;
  let message = text.slice(0, 500);
  try {
    const body = JSON.parse(text) as { __type?: string; message?: string; Message?: string };
    if (body.__type) type = body.__type.slice(body.__type.lastIndexOf("#") + 1);
    message = body.message ?? body.Message ?? message;
  } catch {
    // Not JSON (a proxy's error page, say): the status alone names it.
  }
  return new DynamoDbError(type, message, status, attempts);
}

export function createJsonProtocol(options: JsonProtocolOptions) {
  const url = new URL(options.endpoint ?? dynamoDbEndpoint(options.region));
  const post = options.post ?? fetchPost();
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const sign = createSigV4Signer(options.sigv4);

  async function attempt(operation: Operation, body: string, attempts: number): Promise<Record<string, unknown>> {
    const headers = sign({
      credentials: await options.credentials(),
      region: options.region,
      service: "dynamodb",
      host: url.host,
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `DynamoDB_20120810.${operation}` },
      body,
      now: now(),
    });
    let answer: { status: number; text: string };
    try {
      answer = await post(url, headers, body, options.requestTimeoutMs);
    } catch (error) {
      // The timeout stays a TimeoutError; anything else here ("fetch failed", a socket error) is the network
      // failing, which callers should see as such, not as a bug.
      if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) throw error;
      throw new NetworkError(error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (answer.status !== 200) throw errorFrom(answer.status, answer.text, attempts);
    return JSON.parse(answer.text) as Record<string, unknown>;
  }

  return {
    /** Sends one operation (wire form in, wire form out), retrying what a retry can fix. */
    async call(operation: Operation, input: object): Promise<Record<string, unknown>> {
      const body = JSON.stringify(input);
      for (let n = 1; ; n++) {
        try {
          return await attempt(operation, body, n);
        } catch (error) {
          const { retry, throttled } = retryable(error);
          if (!retry || n >= options.maxAttempts) throw error;
          await sleep(backoffMs(n, throttled, random));
        }
      }
    },
  };
}
