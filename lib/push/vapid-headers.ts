/**
 * VAPID `Authorization` headers (RFC 8292), signed by web-push's `getVapidHeaders` once per push-service origin and
 * reused until they near expiry: signing is most of what web-push spends per message when it signs for every send.
 */
import { LRUCache } from "lru-cache";
import webpush from "web-push";
import { base64urlToBytes } from "../crypto/base64url.ts";
import { endpointParts } from "./endpoint-parts.ts";
import type { VapidConfig } from "./vapid.ts";

/** Hands out `vapid t=…, k=…` values per push-service origin. */
export interface VapidHeaders {
  readonly publicKey: string;
  /** The header for a subscription endpoint (the JWT audience is its origin); throws when web-push cannot sign. */
  authorizationFor(endpoint: string): string;
  /** JWTs signed so far (tests and benchmarks check it stays at one per origin and window). */
  readonly signedCount: number;
}

/** Options for {@link createVapidHeaders}; times are in seconds, the clock in milliseconds. */
export interface VapidHeadersOptions {
  now: () => number;
  /** JWT lifetime; RFC 8292 allows at most 24 h. Default 12 h. */
  validitySeconds?: number;
  /** Sign again when less than this remains. Default 1 h. */
  refreshMarginSeconds?: number;
}

const MAX_VALIDITY_SECONDS = 24 * 60 * 60;

/**
 * Checks the key pair once (a probe JWT from web-push, verified with WebCrypto against the public key, which also
 * refuses a point off the curve), then returns the cache. A pair that does not match would draw a 403 on every send,
 * so it fails the start instead.
 */
export async function createVapidHeaders(config: VapidConfig, options: VapidHeadersOptions): Promise<VapidHeaders> {
  const validity = options.validitySeconds ?? 12 * 60 * 60;
  const margin = options.refreshMarginSeconds ?? 60 * 60;
  if (validity > MAX_VALIDITY_SECONDS) throw new Error("vapid: validitySeconds must be at most 24 h");
  if (margin >= validity) throw new Error("vapid: refreshMarginSeconds must be less than validitySeconds");
  await assertKeysMatch(config);
  // Endpoints come from a handful of push services (PUSH_ALLOWED_HOSTS); the bound is for the unexpected. Expiry is
  // the header's own (refreshAtMs on the injected clock), not lru-cache's TTL, which runs on performance.now().
  const cache = new LRUCache<string, { header: string; refreshAtMs: number }>({ max: 256 });
  let signedCount = 0;

  return {
    publicKey: config.publicKey,
    get signedCount() {
      return signedCount;
    },
    authorizationFor(endpoint) {
      const audience = endpointParts(endpoint).origin;
      const nowMs = options.now();
      const hit = cache.get(audience);
      if (hit && nowMs < hit.refreshAtMs) return hit.header;
      const exp = Math.floor(nowMs / 1000) + validity;
      const { Authorization } = webpush.getVapidHeaders(audience, config.subject, config.publicKey, config.privateKey, "aes128gcm", exp);
      signedCount++;
      cache.set(audience, { header: Authorization, refreshAtMs: (exp - margin) * 1000 });
      return Authorization;
    },
  };
}

async function assertKeysMatch(config: VapidConfig): Promise<void> {
  const { Authorization } = webpush.getVapidHeaders("https://vapid-key-check.invalid", config.subject, config.publicKey, config.privateKey, "aes128gcm");
  const [head = "", claims = "", signature = ""] = /^vapid t=([^,]+),/.exec(Authorization)?.[1]?.split(".") ?? [];
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey("raw", base64urlToBytes(config.publicKey) ?? new Uint8Array(0), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  } catch {
    throw new Error("vapid: VAPID_PUBLIC_KEY is not a point on the P-256 curve");
  }
  const ok = await crypto.subtle.verify(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    base64urlToBytes(signature) ?? new Uint8Array(0),
    new TextEncoder().encode(`${head}.${claims}`),
  );
  if (!ok) throw new Error("vapid: VAPID_PRIVATE_KEY does not belong to VAPID_PUBLIC_KEY");
}
