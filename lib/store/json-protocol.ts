/**
 * DynamoDB's JSON protocol (awsJson1_0) over `fetch`, signed with SigV4 by aws4fetch: what the AWS SDK's DynamoDB
 * client does on the wire, without the ~210 KB of middleware, endpoint rules and credential chain it adds to each
 * Lambda bundle (issue 5's 350 KB budget for the API could not be met with it inside). Runtime-free: fetch and
 * WebCrypto exist in Node 20+, Lambda and workers alike.
 *
 * Kept from the SDK's behaviour: its error names (`ConditionalCheckFailedException`, …) and `$metadata.httpStatusCode`
 * on failures, the standard retry mode (3 attempts; throttling, 5xx, timeouts and network errors retried with capped
 * exponential backoff and full jitter), a per-attempt timeout. Left out: endpoint discovery (off by default in the
 * SDK too), clock-skew correction, response CRC32 checks.
 */
import { AwsV4Signer } from "aws4fetch";
import type { Operation } from "./commands.ts";
import { isUnavailable } from "./errors.ts";

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
  fetch?: typeof fetch;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
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
  const url = options.endpoint ?? dynamoDbEndpoint(options.region);
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // Signing keys are derived once per day and credential, not per request.
  const signingKeys = new Map<string, ArrayBuffer>();

  async function attempt(operation: Operation, body: string, attempts: number): Promise<Record<string, unknown>> {
    const credentials = await options.credentials();
    const signed = await new AwsV4Signer({
      url,
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `DynamoDB_20120810.${operation}` },
      body,
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
      service: "dynamodb",
      region: options.region,
      cache: signingKeys,
    }).sign();
    let response: Response;
    let text: string;
    try {
      response = await doFetch(signed.url, {
        method: "POST",
        headers: signed.headers,
        body,
        signal: AbortSignal.timeout(options.requestTimeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // The timeout stays a TimeoutError; everything else fetch throws here is "TypeError: fetch failed" or a
      // socket error under it, which callers should see as the network failing, not as a bug.
      if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) throw error;
      throw new NetworkError(error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (response.status !== 200) throw errorFrom(response.status, text, attempts);
    return JSON.parse(text) as Record<string, unknown>;
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
