/** Retry policy for push sends: exponential backoff with full jitter, Retry-After as a floor, bounded attempts. */

import type { SendResult } from "./sender.ts";

/** Tuning for {@link backoffDelay} and {@link sendWithRetry}. */
export interface RetryPolicy {
  /** Total attempts including the first. Default 4. */
  maxAttempts: number;
  /** Base of the exponential; attempt n waits up to base·2ⁿ. Default 500 ms. */
  baseDelayMs: number;
  /** Cap on the jittered exponential part. Default 30 s. */
  maxDelayMs: number;
  /** A Retry-After beyond this is not waited for in-process: the result goes back to the caller to requeue. Default 60 s. */
  maxRetryAfterMs: number;
}

/** Defaults suited to a queue worker that can requeue what it could not finish. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Delay before retry number `attempt` (0 for the first retry): uniform in [0, min(cap, base·2^attempt))
 * ("full jitter", so many workers hitting one 503 do not come back in lockstep), but never less than
 * the push service's Retry-After.
 */
export function backoffDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  rng: () => number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs"> = DEFAULT_RETRY_POLICY,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt));
  const jittered = Math.floor(rng() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** What {@link sendWithRetry} needs from its surroundings. */
export interface RetryDeps {
  sleep: (ms: number) => Promise<void>;
  rng: () => number;
  policy?: Partial<RetryPolicy>;
}

/** The last result plus how many attempts it took. */
export type RetriedResult = SendResult & { attempts: number };

/**
 * Calls `attempt` until it is not a `retry` result, attempts run out, or the push service asks
 * for a wait longer than `maxRetryAfterMs`; returns the last result either way.
 */
export async function sendWithRetry(attempt: () => Promise<SendResult>, deps: RetryDeps): Promise<RetriedResult> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...deps.policy };
  for (let n = 1; ; n++) {
    const result = await attempt();
    if (result.kind !== "retry" || n >= policy.maxAttempts) return { ...result, attempts: n };
    if ((result.retryAfterMs ?? 0) > policy.maxRetryAfterMs) return { ...result, attempts: n };
    await deps.sleep(backoffDelay(n - 1, result.retryAfterMs, deps.rng, policy));
  }
}
