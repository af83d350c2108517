/**
 * Send slots per push service: at most `limit` sends in flight from this process to one origin, whichever batch they
 * belong to. Batches running side by side share the slots (first come, first served), so the process keeps
 * PUSH_CONCURRENCY sends on the wire per push service (its connection count) and no more: a send never waits for a
 * connection after its message is encrypted, and a crash repeats at most what those slots held.
 */
import { endpointParts } from "./endpoint-parts.ts";

export interface SendSlots {
  /** Runs `send` once a slot for the endpoint's origin is free. */
  run<T>(endpoint: string, send: () => Promise<T>): Promise<T>;
}

export function createSendSlots(limit: number): SendSlots {
  if (!Number.isInteger(limit) || limit < 1) throw new Error("send slots: limit must be a positive integer");
  const origins = new Map<string, { busy: number; waiting: Array<() => void> }>();

  return {
    async run(endpoint, send) {
      const origin = originOf(endpoint);
      let slots = origins.get(origin);
      if (!slots) origins.set(origin, (slots = { busy: 0, waiting: [] }));
      const own = slots;
      // A freed slot passes straight to the next waiter, so `busy` never drops below the limit while any wait.
      if (own.busy < limit) own.busy++;
      else await new Promise<void>((resolve) => own.waiting.push(resolve));
      try {
        return await send();
      } finally {
        const next = own.waiting.shift();
        if (next) next();
        else if (--own.busy === 0) origins.delete(origin);
      }
    },
  };
}

/** An endpoint the sender will refuse anyway shares one slot set with the other unparseable ones. */
function originOf(endpoint: string): string {
  try {
    return endpointParts(endpoint).origin;
  } catch {
    return "";
  }
}
