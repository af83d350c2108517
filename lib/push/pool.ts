/** Bounded-concurrency runner: p-map, with this project's refusal of a limit below one. */
import pMap from "p-map";

/**
 * Runs `fn` over `items` with at most `limit` promises pending at once. Results keep input order.
 * A rejection from `fn` rejects the whole run (callers that must not stop, like the push sender,
 * return outcomes instead of throwing).
 */
export async function runWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error("pool: limit must be a positive integer");
  return pMap(items, fn, { concurrency: limit });
}
