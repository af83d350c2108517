/** The store's one error type: the database could not be reached or is throttling; callers answer 503. */

export class StoreUnavailableError extends Error {
  override readonly name = "StoreUnavailableError";
  /** Seconds a client should wait before trying again. */
  readonly retryAfterSeconds: number;
  constructor(cause: unknown, retryAfterSeconds = 2) {
    super("store: DynamoDB is unreachable or throttling", { cause });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * What the SDK's exceptions and its HTTP handler's errors are named (or coded) when the failure is the service's or the
 * network's: throttling, 5xx, request and connection timeouts, refused or reset connections. The SDK has already
 * retried these (standard mode) before the store sees them.
 */
const UNAVAILABLE = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "RequestThrottledException",
  "TooManyRequestsException",
  "LimitExceededException",
  "TransactionInProgressException",
  "InternalServerError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "TimeoutError",
  "RequestTimeout",
  "AbortError",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNABORTED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UnknownEndpoint",
  "NetworkingError",
]);

/** True for failures a retry later can fix (network, throttling, 5xx), as opposed to bugs in our requests. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (UNAVAILABLE.has(e.name) || (e.code !== undefined && UNAVAILABLE.has(e.code))) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  const cause = (e as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isUnavailable(cause);
}
