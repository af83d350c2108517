/** Retry policy for push sends: lib/backoff.ts's delays, Retry-After as a floor, bounded attempts. */

import { backoffDelay, type BackoffPolicy } from "../backoff.ts";
import type { SendResult } from "./sender.ts";

/** Tuning for {@link sendWithRetry}: the backoff (base 500 ms, cap 30 s by default) plus the bounds below. */
export interface RetryPolicy extends BackoffPolicy {
  /** Total attempts including the first. Default 4. */
  maxAttempts: number;
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
