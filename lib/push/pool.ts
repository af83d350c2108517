/** Bounded-concurrency runner: at most `limit` calls in flight, results in input order. */

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
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
