/**
 * Wires push delivery from config: the sender (VAPID headers + runtime transport), click tags and workers. The HTTP
 * side (lib/compose/http.ts) builds the push routes from the click tags and the store, so lib/push knows nothing of
 * HTTP.
 */
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { createClickTags, type ClickTags, type HmacSha256 } from "../push/click-tags.ts";
import { createPushWorkers, type PushWorkers } from "../push/fanout.ts";
import type { BatchQueue } from "../push/queue.ts";
import type { PushSend, PushSenderConfig, PushTransport } from "../push/sender.ts";
import { parseVapidConfig } from "../push/vapid.ts";
import type { BatchRef, Store } from "../store/index.ts";

/** What the runtime supplies: how to reach push services. All optional. */
export interface PushRuntime {
  /** Puts requests on the wire: undici HTTP/1.1 (functions/node/push-runtime.ts) locally and in the push worker. */
  transport?: PushTransport;
  /** A synchronous HMAC-SHA-256 for click tags (node:crypto's); without it WebCrypto's, ~40 µs of CPU a call. */
  hmac?: HmacSha256;
  /** Replaces the whole sender (tests). */
  send?: PushSend;
  /**
   * Builds the sender (pushSenderFor from lib/push/sender.ts, which brings web-push). Injected, so a process that never
   * delivers pushes (the API and fan-out Lambdas) does not carry web-push; without it, or without a `transport` (and
   * without `send`), this process can fan out to the queue but any send it attempts fails, to be retried by one that
   * delivers.
   */
  createSender?: (config: PushSenderConfig) => Promise<PushSend>;
  queue?: (processBatch: (ref: BatchRef) => Promise<unknown>) => BatchQueue;
  /**
   * Start the fan-out in the publishing process (true, the default: local runtime). On AWS the table's stream starts
   * it instead, so the API answers a publish without waiting for a fan-out.
   */
  fanOutOnPublish?: boolean;
  sleep?: (ms: number) => Promise<void>;
  rng?: () => number;
  /** Overrides for tests. */
  leaseMs?: number;
  staleBatchMs?: number;
}

export interface PushServicesOptions {
  config: Config;
  store: Store;
  /** Keys the click tags (./core.ts derives it from the admin token, so every process agrees). */
  clickSecret: string;
  logger: Logger;
  now: () => Date;
  runtime?: PushRuntime;
}

/** Builds push; `workers` is undefined when VAPID keys are not configured and no sender was given. */
export async function createPushServices(options: PushServicesOptions): Promise<{ workers?: PushWorkers; clickTags: ClickTags; publicKey?: string }> {
  const { config, store, runtime = {} } = options;
  const push = config.push;
  const vapid = push.vapidPublicKey && push.vapidPrivateKey
    ? parseVapidConfig({ publicKey: push.vapidPublicKey, privateKey: push.vapidPrivateKey, subject: push.vapidSubject })
    : undefined;
  if (vapid && !vapid.ok) throw new Error(vapid.message);
  const publicKey = vapid?.ok ? vapid.config.publicKey : undefined;
  let send = runtime.send;
  if (!send && vapid?.ok) {
    send =
      runtime.createSender && runtime.transport
        ? await runtime.createSender({ vapid: vapid.config, transport: runtime.transport, ttlSeconds: push.ttlSeconds, now: () => options.now().getTime() })
        : deliversElsewhere;
  }
  const clickTags = await createClickTags({ secret: options.clickSecret, ...(runtime.hmac ? { hmac: runtime.hmac } : {}) });
  const workers = send
    ? createPushWorkers({
        store,
        send,
        clickTags,
        now: options.now,
        sleep: runtime.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        rng: runtime.rng ?? Math.random,
        logger: options.logger,
        baseUrl: config.publicBaseUrl,
        concurrency: push.concurrency,
        batchConcurrency: push.batchConcurrency,
        batchSize: push.batchSize,
        leaseMs: runtime.leaseMs ?? push.leaseSeconds * 1000,
        // A batch left with retryable sends (429s, timeouts) runs again after one lease.
        retryAfterMs: runtime.leaseMs ?? push.leaseSeconds * 1000,
        // A pending batch nobody finished within a lease is taken to be stranded.
        staleBatchMs: runtime.staleBatchMs ?? push.leaseSeconds * 1000,
        ...(runtime.queue ? { queue: runtime.queue } : {}),
      })
    : undefined;
  return { ...(workers ? { workers } : {}), clickTags, ...(publicKey ? { publicKey } : {}) };
}

/** The sender of a process built without one: a batch it takes is not lost, the throw leaves it pending for a retry. */
const deliversElsewhere: PushSend = async () => {
  throw new Error("this process does not deliver pushes (no sender configured); the batch stays pending for one that does");
};
