/** WebSub publisher: tells the hub which feed URLs changed, off the publish path, with retries and coalescing. */
import type { ChangeListener } from "../articles/service.ts";
import { feedUrls } from "../feeds/feed-paths.ts";
import type { Logger } from "../log.ts";
import type { FeedKey } from "../store/keys.ts";
import { backoffDelay } from "../backoff.ts";
import { parseRetryAfter } from "../push/retry-after.ts";
import { parseHubEndpoint } from "./hub-endpoint.ts";

/** What {@link createWebSubPublisher} needs; fetch, sleep, random and now are passed in so `lib/` stays runtime-free. */
export interface WebSubPublisherOptions {
  hubUrl: string;
  /** Public origin of the feeds, without a trailing slash (config.publicBaseUrl). */
  baseUrl: string;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), for backoff jitter. */
  random: () => number;
  logger: Logger;
  /** Clock in ms, to turn an HTTP-date Retry-After into a delay. Default Date.now. */
  now?: () => number;
  /** Attempts per ping, the first included. Default 5. */
  maxAttempts?: number;
  /** Retry n waits a uniform random time below min(maxDelayMs, baseDelayMs·2ⁿ). Default 1 s. */
  baseDelayMs?: number;
  /** Cap on backoff; a Retry-After beyond it ends the ping instead of holding it in memory. Default 60 s. */
  maxDelayMs?: number;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
  /** Wait before the first ping, e.g. to let a CDN's cached feed expire; changes meanwhile are coalesced. Default 0. */
  initialDelayMs?: number;
  /** Requests in flight to the hub at once. Default 4. */
  concurrency?: number;
}

export interface WebSubPublisher {
  /** Give to the article service; returns at once and never throws. */
  listener: ChangeListener;
  /** Pings the hub for every format of these feeds (e.g. from the table's stream); returns at once, never throws. */
  publishFeeds(feeds: readonly FeedKey[]): void;
  /** Resolves when no ping is queued, waiting or in flight (tests, graceful shutdown). */
  idle(): Promise<void>;
}

type Attempt =
  | { kind: "delivered"; status: number }
  | { kind: "rejected"; status: number }
  | { kind: "retry"; reason: string; retryAfterMs?: number };

/** One topic's ping: `sent` once its current request has left, so a later change must ping `again`. */
interface Slot {
  sent: boolean;
  again: boolean;
}

/**
 * One request per topic URL (`hub.mode=publish`, one `hub.url`): hubs differ on repeated `hub.url`,
 * and a per-topic status lets a 4xx on one feed leave the others delivered.
 */
export function createWebSubPublisher(options: WebSubPublisherOptions): WebSubPublisher {
  const { baseUrl, logger, sleep, random } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const policy = { baseDelayMs: options.baseDelayMs ?? 1000, maxDelayMs: options.maxDelayMs ?? 60_000 };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const initialDelayMs = options.initialDelayMs ?? 0;
  const now = options.now ?? (() => Date.now());
  const hub = parseHubEndpoint(options.hubUrl);
  const limit = createLimit(options.concurrency ?? 4);
  const slots = new Map<string, Slot>();
  const running = new Set<Promise<void>>();

  function enqueue(topic: string): void {
    const pending = slots.get(topic);
    if (pending) {
      // Not yet sent: the coming request already carries this change. Sent: the hub may have fetched too early.
      if (pending.sent) pending.again = true;
      return;
    }
    const slot: Slot = { sent: false, again: false };
    slots.set(topic, slot);
    const job: Promise<void> = run(topic, slot)
      .catch((error: unknown) => logger.error("websub ping crashed", { hub: hub.label, topic, error: errorName(error) }))
      .finally(() => running.delete(job));
    running.add(job);
  }

  async function run(topic: string, slot: Slot): Promise<void> {
    try {
      if (initialDelayMs > 0) await sleep(initialDelayMs);
      do await deliver(topic, slot);
      while (slot.again);
    } finally {
      slots.delete(topic);
    }
  }

  async function deliver(topic: string, slot: Slot): Promise<void> {
    for (let n = 1; ; n++) {
      const outcome = await limit(() => {
        slot.sent = true;
        slot.again = false;
        return attempt(topic);
      });
      const fields = { hub: hub.label, topic, attempts: n };
      if (outcome.kind === "delivered") return logger.debug("websub ping delivered", { ...fields, status: outcome.status });
      if (outcome.kind === "rejected") return logger.warn("websub hub refused ping", { ...fields, status: outcome.status });
      if (n >= maxAttempts) return logger.error("websub ping failed, attempts exhausted", { ...fields, reason: outcome.reason });
      if ((outcome.retryAfterMs ?? 0) > policy.maxDelayMs) {
        return logger.error("websub hub asked to wait longer than maxDelayMs", { ...fields, retryAfterMs: outcome.retryAfterMs });
      }
      // The next request leaves after this wait, so changes during it ride along.
      slot.sent = false;
      await sleep(backoffDelay(n - 1, outcome.retryAfterMs, random, policy));
    }
  }

  async function attempt(topic: string): Promise<Attempt> {
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (hub.authorization) headers.authorization = hub.authorization;
    try {
      const response = await options.fetch(hub.url, {
        method: "POST",
        headers,
        body: new URLSearchParams({ "hub.mode": "publish", "hub.url": topic }).toString(),
        // A redirected POST may turn into a GET and carry the Authorization elsewhere; treat 3xx as a refusal.
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The body is never read (nor logged): hubs answer 204/202, and error pages may echo the request.
      await response.body?.cancel().catch(() => {});
      return classify(response.status, parseRetryAfter(response.headers.get("retry-after") ?? undefined, now()));
    } catch (error) {
      return { kind: "retry", reason: errorName(error) };
    }
  }

  function publishFeeds(feeds: readonly FeedKey[]): void {
    try {
      for (const feed of feeds) for (const topic of Object.values(feedUrls(baseUrl, feed))) enqueue(topic);
    } catch (error) {
      logger.error("websub listener failed", { error: errorName(error) });
    }
  }

  const listener: ChangeListener = (change) => publishFeeds(change.feeds);

  async function idle(): Promise<void> {
    while (running.size > 0) await Promise.allSettled([...running]);
  }

  return { listener, publishFeeds, idle };
}

function classify(status: number, retryAfterMs: number | undefined): Attempt {
  if (status >= 200 && status < 300) return { kind: "delivered", status };
  if (status === 429 || status >= 500) {
    return retryAfterMs === undefined ? { kind: "retry", reason: `HTTP ${status}` } : { kind: "retry", reason: `HTTP ${status}`, retryAfterMs };
  }
  return { kind: "rejected", status };
}

/** A short cause for logs: "TimeoutError", "ECONNREFUSED"; never a message that could quote a URL. */
function errorName(error: unknown): string {
  if (!(error instanceof Error)) return "unknown";
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === "string" ? cause.code : error.name;
}

/** At most `max` tasks at once; the rest wait in arrival order. */
function createLimit(max: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
