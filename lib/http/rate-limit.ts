/**
 * Per-client token bucket, in memory. Each process (each Lambda instance) keeps its own buckets, so the limit holds
 * per instance: N warm instances allow up to N × the rate. Good enough to stop one client hammering an endpoint.
 */
import type { Context, MiddlewareHandler } from "hono";
import { LRUCache } from "lru-cache";
import { problemResponse } from "./problem.ts";

export interface RateLimitOptions {
  /** Requests allowed per minute per key; also the burst size. */
  perMinute: number;
  /** The client's key (its address); undefined skips limiting (address unknown). */
  key: (c: Context) => string | undefined;
  now: () => number;
  /** Buckets kept at most; the least recently used go first. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets per key (refilled at `perMinute`, at most `maxKeys` kept, least recently used dropped first). */
export function tokenBuckets(options: { perMinute: number; now: () => number; maxKeys?: number }) {
  // A forgotten key starts again with a full bucket: the least recently seen clients are the ones to forget.
  const buckets = new LRUCache<string, Bucket>({ max: options.maxKeys ?? 10_000 });
  const perMs = options.perMinute / 60_000;
  const refilled = (key: string): Bucket => {
    const now = options.now();
    let bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, (bucket = { tokens: options.perMinute, at: now }));
    bucket.tokens = Math.min(options.perMinute, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    return bucket;
  };
  return {
    /** Seconds until `key` has a token again; undefined when it has one now. */
    wait(key: string): number | undefined {
      const bucket = refilled(key);
      return bucket.tokens < 1 ? Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) : undefined;
    },
    take(key: string): void {
      refilled(key).tokens -= 1;
    },
  };
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const buckets = tokenBuckets(options);
  return async function rateLimit(c, next) {
    const key = options.key(c);
    if (key === undefined) return next();
    const wait = buckets.wait(key);
    if (wait !== undefined) return tooManyRequests(`At most ${options.perMinute} requests per minute; try again later.`, wait);
    buckets.take(key);
    await next();
  };
}

export function tooManyRequests(detail: string, retryAfterSeconds: number): Response {
  return problemResponse({ status: 429, title: "Too Many Requests", detail }, { "retry-after": String(retryAfterSeconds) });
}

/** The client address: the runtime's peer address, or with `trustedProxies` = n the n-th X-Forwarded-For entry from the right. */
export function clientAddressFrom(peer: (c: Context) => string | undefined, trustedProxies: number) {
  return function clientAddress(c: Context): string | undefined {
    if (trustedProxies > 0) {
      const hops = (c.req.header("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      const entry = hops[hops.length - trustedProxies];
      if (entry) return entry;
    }
    return peer(c);
  };
}
