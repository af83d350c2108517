/** How the Node runtimes (functions/local.ts, the push worker) put pushes on the wire: one place, so both agree. */
import type { HmacSha256 } from "../../lib/push/click-tags.ts";
import type { PushTransport } from "../../lib/push/sender.ts";
import { nodeHmacSha256 } from "./hmac.ts";
import { createUndiciTransport } from "./undici-transport.ts";

export interface NodePushRuntime {
  transport: PushTransport;
  /** Synchronous HMAC-SHA-256 for the click tags a sender puts in every message (WebCrypto's costs ~40 µs a call). */
  hmac: HmacSha256;
  /** Closes the connection pools (requests in flight finish first). */
  close(): Promise<void>;
}

/**
 * undici HTTP/1.1 keep-alive: one pool per push service with `connections` sockets (PUSH_CONCURRENCY, so one batch's
 * sends never wait for a socket). `ca` is for tests only: it replaces the system's trusted roots.
 */
export function createNodePushRuntime(options: { connections: number; ca?: string }): NodePushRuntime {
  const transport = createUndiciTransport({ connections: options.connections, ...(options.ca !== undefined ? { ca: options.ca } : {}) });
  return { transport: transport.send, hmac: nodeHmacSha256, close: () => transport.close() };
}
