/**
 * Sends one Web Push message (RFC 8030) and reports the outcome as a value, never a throw: web-push encrypts it
 * (RFC 8291 aes128gcm) and builds its headers around our cached VAPID header; the runtime's transport puts it on the wire.
 */

import webpush from "web-push";
import type { RequestOptions } from "web-push";
import { bytesToBase64url } from "../crypto/base64url.ts";
import { parseRetryAfter } from "./retry-after.ts";
import type { VapidConfig } from "./vapid.ts";
import { createVapidHeaders, type VapidHeaders } from "./vapid-headers.ts";

/** The parts of a subscription a send needs. */
export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** RFC 8030 §5.3 urgency. */
export type Urgency = "very-low" | "low" | "normal" | "high";

/** Per-message options. */
export interface SendOptions {
  /** `high` for breaking news, `normal` otherwise. Default normal. */
  urgency?: Urgency;
  /** RFC 8030 Topic (≤ 32 url-safe base64 chars): a later message with the same topic replaces an undelivered one. */
  topic?: string;
  /** Seconds the push service may hold the message; overrides the sender's default. */
  ttl?: number;
}

/** Outcome of a send. `gone` means delete the subscription; `retry` means try again later. */
export type SendResult =
  | { kind: "delivered"; status: number }
  | { kind: "gone"; status: number }
  | { kind: "retry"; status: number; retryAfterMs: number | undefined; reason: string }
  | { kind: "rejected"; status: number; reason: string };

/** Sends a payload (a JSON string, or a value to serialise) to one subscription. */
export type PushSend = (target: PushTarget, payload: string | object, options?: SendOptions) => Promise<SendResult>;

/** One encrypted request, ready for the wire. */
export interface PushRequest {
  method: string;
  endpoint: string;
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
  timeoutMs: number;
}

/** What a transport reports back. */
export interface PushResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body?: string;
}

/**
 * Puts a request on the wire. Resolves with any HTTP status; rejects only for network failures and
 * timeouts, with an error carrying a string `code` (e.g. ECONNRESET, ETIMEDOUT).
 */
export type PushTransport = (request: PushRequest) => Promise<PushResponse>;

/** Dependencies of {@link createPushSender}. */
export interface PushSenderOptions {
  /** The per-origin VAPID header cache (./vapid-headers.ts). */
  vapid: Pick<VapidHeaders, "authorizationFor">;
  /** Puts each request on the wire (createUndiciTransport in functions/node/undici-transport.ts). */
  transport: PushTransport;
  /** Default TTL in seconds; news stays relevant for about a day. Default 86 400. */
  ttlSeconds?: number;
  /** A push service that never answers becomes a `retry` after this long (the transport's deadline). Default 10 s. */
  timeoutMs?: number;
  /** Clock in ms, used to turn an HTTP-date Retry-After into a delay. */
  now: () => number;
}

/** Default TTL: 24 h. Older news is not worth waking a phone for. */
export const DEFAULT_TTL_SECONDS = 24 * 60 * 60;

/** Maps an HTTP status from a push service to an outcome. */
export function classifyStatus(status: number, retryAfterMs: number | undefined, body = ""): SendResult {
  if (status >= 200 && status < 300) return { kind: "delivered", status };
  if (status === 404 || status === 410) return { kind: "gone", status };
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: "retry", status, retryAfterMs, reason: `HTTP ${status}` };
  }
  const detail = body.trim().slice(0, 200);
  return { kind: "rejected", status, reason: detail ? `HTTP ${status}: ${detail}` : `HTTP ${status}` };
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The sender: per message, `webpush.generateRequestDetails` with our cached Authorization header and
 * `vapidDetails: null` (without that null web-push would fall back to details a `setVapidDetails()` anywhere in the
 * process left behind, sign a JWT per message and replace our header), then the transport.
 */
export function createPushSender(options: PushSenderOptions): PushSend {
  const ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const { transport, now } = options;
  return async function send(target, payload, sendOptions = {}) {
    let authorization: string;
    try {
      authorization = options.vapid.authorizationFor(target.endpoint);
    } catch (error) {
      return { kind: "rejected", status: 0, reason: `vapid: ${reasonOf(error)}` };
    }
    let request: PushRequest;
    try {
      request = encryptedRequest(target, payload, { ...sendOptions, ttl: sendOptions.ttl ?? ttl }, authorization, timeoutMs);
    } catch (error) {
      // Keys web-push cannot encrypt to, a bad Topic or Urgency: thrown before anything is sent, and no retry helps.
      return { kind: "rejected", status: 0, reason: reasonOf(error) };
    }
    try {
      const response = await transport(request);
      return classifyStatus(response.status, parseRetryAfter(response.headers["retry-after"], now()), response.body ?? "");
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      const reason = typeof code === "string" ? (code === "ETIMEDOUT" ? "timeout" : code) : String(error);
      return { kind: "retry", status: 0, retryAfterMs: undefined, reason };
    }
  };
}

/** One message encrypted by web-push into a request for the wire; throws what web-push throws. */
function encryptedRequest(target: PushTarget, payload: string | object, options: SendOptions & { ttl: number }, authorization: string, timeoutMs: number): PushRequest {
  const details = webpush.generateRequestDetails(target, typeof payload === "string" ? payload : JSON.stringify(payload), {
    TTL: options.ttl,
    urgency: options.urgency ?? "normal",
    ...(options.topic ? { topic: options.topic } : {}),
    contentEncoding: "aes128gcm",
    headers: { Authorization: authorization },
    // The typings leave out null, which web-push documents and checks for.
    vapidDetails: null as unknown as RequestOptions["vapidDetails"],
  });
  const headers: Record<string, string> = {};
  for (const name in details.headers) headers[name] = String(details.headers[name]);
  return { method: details.method, endpoint: details.endpoint, headers, body: details.body ?? new Uint8Array(0), timeoutMs };
}

/**
 * One throwaway encryption to a freshly generated key pair, built and dropped (no transport, nothing sent): web-push's
 * first message costs ~3 ms more than the next (its ECDH, HKDF and AES-GCM code run for the first time), which would
 * otherwise land on the first article's first push.
 */
function warmUpEncryption(): void {
  const subscriber = webpush.generateVAPIDKeys();
  const target: PushTarget = { endpoint: "https://push.invalid/warm-up", keys: { p256dh: subscriber.publicKey, auth: bytesToBase64url(crypto.getRandomValues(new Uint8Array(16))) } };
  encryptedRequest(target, { title: "تسخين" }, { ttl: 60, urgency: "high", topic: "warm-up" }, "vapid t=warm-up, k=warm-up", 0);
}

/** What {@link pushSenderFor} needs: the VAPID settings and everything {@link createPushSender} takes but the cache. */
export type PushSenderConfig = Omit<PushSenderOptions, "vapid"> & { vapid: VapidConfig };

/**
 * The sender for a VAPID configuration: checks the key pair and starts the header cache. The runtime passes this in
 * (PushRuntime.createSender), so processes that never send do not load web-push.
 */
export async function pushSenderFor(config: PushSenderConfig): Promise<PushSend> {
  const vapid = await createVapidHeaders(config.vapid, { now: config.now });
  warmUpEncryption();
  return createPushSender({ ...config, vapid });
}
