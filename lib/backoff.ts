/**
 * Exponential backoff with full jitter: the one delay rule of everything here that waits and tries again (push sends,
 * WebSub pings, the store's unprocessed batch items). The loops stay with their callers, since each retries on its own
 * typed outcome (a `retry` send result, a hub's 5xx, keys DynamoDB left unprocessed) rather than on a thrown error; the
 * packages that run the loop (p-retry, exponential-backoff) retry on throws, sleep on their own timers and have no
 * Retry-After floor, so they would need more code around them than this rule is.
 */

/** Base and cap of the exponential. */
export interface BackoffPolicy {
  /** Retry n (0 for the first) waits below base·2ⁿ. */
  baseDelayMs: number;
  /** Cap on the jittered exponential part. */
  maxDelayMs: number;
}

/**
 * Delay before retry number `attempt` (0 for the first retry): uniform in [0, min(cap, base·2^attempt)) ("full
 * jitter", so many workers hitting one 503 or one throttled partition do not come back in lockstep), but never less
 * than `floorMs` (a server's Retry-After).
 */
export function backoffDelay(attempt: number, floorMs: number | undefined, random: () => number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt));
  return Math.max(Math.floor(random() * ceiling), floorMs ?? 0);
}
