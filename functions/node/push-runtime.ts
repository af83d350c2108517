/** How the Node runtimes (functions/local.ts, the Lambdas) put pushes on the wire: one place, so both agree. */
import type { EcePrimitives } from "../../lib/push/ece.ts";
import type { PushTransport } from "../../lib/push/sender.ts";
import { nodePushCrypto } from "./push-crypto.ts";
import { createUndiciTransport } from "./undici-transport.ts";

export interface NodePushRuntime {
  transport: PushTransport;
  crypto: EcePrimitives;
  /** Closes the connection pools (requests in flight finish first). */
  close(): Promise<void>;
}

/**
 * RFC 8291 encryption in lib/push/ece.ts over node:crypto, sent over undici HTTP/1.1 keep-alive: one pool per push
 * service with `connections` sockets (PUSH_CONCURRENCY, so one batch's sends never wait for a socket), no pipelining.
 * Chosen over the HTTP/2 transport by bench/push.ts (docs/push.md). `ca` is for tests only: it replaces the
 * system's trusted roots.
 */
export function createNodePushRuntime(options: { connections: number; ca?: string }): NodePushRuntime {
  const transport = createUndiciTransport({ connections: options.connections, ...(options.ca !== undefined ? { ca: options.ca } : {}) });
  return { transport: transport.send, crypto: nodePushCrypto, close: () => transport.close() };
}
