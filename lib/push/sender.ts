/** Sends one encrypted Web Push message (RFC 8030/8291) and reports the outcome as a value, never a throw. */

import webpush from "web-push";
import type { RequestOptions } from "web-push";
import { base64urlToBytes } from "../crypto/base64url.ts";
import { encryptPushMessage, padPlaintext, type EcePrimitives } from "./ece.ts";
import type { PushPayload } from "./payload.ts";
import type { VapidSigner } from "./vapid.ts";
import { parseRetryAfter } from "./retry-after.ts";

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

/** Sends a payload to one subscription. A payload object's encoding is cached: do not change it after a send. */
export type PushSend = (target: PushTarget, payload: PushPayload | string, options?: SendOptions) => Promise<SendResult>;

/** One encrypted request, ready for the wire. */
export interface PushRequest {
  endpoint: string;
  /** Shared by the requests of a batch: a transport reads it, never changes it. */
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
  vapid: VapidSigner;
  /** Default TTL in seconds; news stays relevant for about a day. Default 86 400. */
  ttlSeconds?: number;
  /** A keep-alive `https.Agent` (or anything web-push accepts as `agent`); lib/ cannot create one itself. */
  agent?: RequestOptions["agent"];
  /**
   * A push service that never answers becomes a `retry` after this long. Default 10 s. HTTPS/1.1 (web-push): socket
   * inactivity; with a transport: the deadline of the whole exchange (createHttp2Transport checks it in one sweep;
   * the undici transport in functions/node/ uses it as headersTimeout and bodyTimeout).
   */
  timeoutMs?: number;
  /** Clock in ms, used to turn an HTTP-date Retry-After into a delay. */
  now: () => number;
  /**
   * Optional transport (createUndiciTransport in functions/node/undici-transport.ts, or createHttp2Transport from
   * ./http2-transport.ts) that puts each request on the wire.
   * Without it web-push encrypts and sends over HTTPS/1.1 with `agent`.
   */
  transport?: PushTransport;
  /**
   * With a transport: the runtime's crypto primitives (functions/node/push-crypto.ts), so the RFC 8291 encryption in
   * ./ece.ts builds the body. Without them web-push's encryption is used on the transport path as well.
   */
  crypto?: EcePrimitives;
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

interface WebPushFailure {
  statusCode?: unknown;
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
  code?: unknown;
  message?: unknown;
}

function classifyFailure(error: unknown, nowMs: number): SendResult {
  const e = (error ?? {}) as WebPushFailure;
  if (typeof e.statusCode === "number") {
    const retryAfter = parseRetryAfter(e.headers?.["retry-after"], nowMs);
    return classifyStatus(e.statusCode, retryAfter, typeof e.body === "string" ? e.body : "");
  }
  const message = typeof e.message === "string" ? e.message : String(error);
  // Socket errors carry a code; web-push's own timeout says "Socket timeout". Anything else was
  // thrown before a request went out (bad keys, bad options): retrying would not help.
  if (typeof e.code === "string" || message === "Socket timeout") {
    return { kind: "retry", status: 0, retryAfterMs: undefined, reason: typeof e.code === "string" ? e.code : "timeout" };
  }
  return { kind: "rejected", status: 0, reason: message };
}

/**
 * Builds a sender with the VAPID header from the per-origin cache (web-push's own VAPID signing is never used).
 * With `transport` and `crypto` the request is encrypted here (./ece.ts) and handed to the transport; with only
 * `transport` web-push encrypts; otherwise web-push encrypts and sends over HTTPS/1.1 with `agent`.
 */
export function createPushSender(options: PushSenderOptions): PushSend {
  const ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const timeout = options.timeoutMs ?? 10_000;
  const { transport, crypto } = options;
  if (transport && crypto) return createDirectSender(transport, crypto, options.vapid, ttl, timeout, options.now);
  return async function send(target, payload, sendOptions = {}) {
    let authorization: string;
    try {
      authorization = await options.vapid.authorizationFor(target.endpoint);
    } catch (error) {
      return { kind: "rejected", status: 0, reason: `vapid: ${error instanceof Error ? error.message : String(error)}` };
    }
    const requestOptions: RequestOptions = {
      // null (not undefined) also ignores a global webpush.setVapidDetails(), which would re-sign per send;
      // the typings omit null although web-push documents and checks for it.
      vapidDetails: null as unknown as undefined,
      headers: { Authorization: authorization },
      TTL: sendOptions.ttl ?? ttl,
      urgency: sendOptions.urgency ?? "normal",
      timeout,
      ...(sendOptions.topic ? { topic: sendOptions.topic } : {}),
      ...(options.agent ? { agent: options.agent } : {}),
    };
    const body = typeof payload === "string" ? payload : JSON.stringify(payload);
    if (transport) return sendVia(transport, target, body, requestOptions, timeout, options.now);
    try {
      const response = await webpush.sendNotification(target, body, requestOptions);
      return { kind: "delivered", status: response.statusCode };
    } catch (error) {
      return classifyFailure(error, options.now());
    }
  };
}

const URGENCIES: ReadonlySet<string> = new Set(["very-low", "low", "normal", "high"]);
const TOPIC = /^[A-Za-z0-9_-]{1,32}$/;
const encoder = new TextEncoder();

/**
 * The sender on our own encryption: per message only the RFC 8291 work (fresh key pair, ECDH, HKDF, AES-GCM) and
 * nothing else: the padded plaintext is built once per payload and the headers once per batch (a batch sends one
 * payload with the same options to every member).
 */
function createDirectSender(
  transport: PushTransport,
  crypto: EcePrimitives,
  vapid: VapidSigner,
  defaultTtl: number,
  timeoutMs: number,
  now: () => number,
): PushSend {
  const paddedByObject = new WeakMap<object, Uint8Array>();
  let lastText: string | undefined;
  let lastPadded: Uint8Array | undefined;
  const paddedFor = (payload: PushPayload | string): Uint8Array => {
    if (typeof payload === "string") {
      if (payload !== lastText || !lastPadded) {
        lastPadded = padPlaintext(encoder.encode(payload));
        lastText = payload;
      }
      return lastPadded;
    }
    let padded = paddedByObject.get(payload);
    if (!padded) {
      padded = padPlaintext(encoder.encode(JSON.stringify(payload)));
      paddedByObject.set(payload, padded);
    }
    return padded;
  };

  // The request headers depend only on these four; a batch sends every member the same, so they are checked and
  // built once and the (frozen) object is shared by its requests.
  let lastHeaders: Readonly<Record<string, string>> | undefined;
  let lastKey: { authorization: string; ttl: number; urgency: string; topic: string | undefined } | undefined;
  const headersFor = (authorization: string, sendOptions: SendOptions): Readonly<Record<string, string>> => {
    const urgency = sendOptions.urgency ?? "normal";
    const ttl = sendOptions.ttl ?? defaultTtl;
    const topic = sendOptions.topic;
    const k = lastKey;
    if (lastHeaders && k && k.authorization === authorization && k.ttl === ttl && k.urgency === urgency && k.topic === topic) {
      return lastHeaders;
    }
    if (!URGENCIES.has(urgency)) throw new Error(`unsupported urgency ${String(urgency)}`);
    if (!Number.isInteger(ttl) || ttl < 0) throw new Error("TTL must be a non-negative integer");
    if (topic !== undefined && !TOPIC.test(topic)) throw new Error("topic must be 1–32 url-safe base64 characters");
    const headers: Record<string, string> = {
      authorization,
      ttl: String(ttl),
      urgency,
      "content-encoding": "aes128gcm",
      "content-type": "application/octet-stream",
    };
    if (topic !== undefined) headers.topic = topic;
    lastKey = { authorization, ttl, urgency, topic };
    lastHeaders = Object.freeze(headers);
    return lastHeaders;
  };

  return async function send(target, payload, sendOptions = {}) {
    let authorization: string | undefined;
    try {
      authorization = vapid.cachedAuthorization?.(target.endpoint) ?? (await vapid.authorizationFor(target.endpoint));
    } catch (error) {
      return { kind: "rejected", status: 0, reason: `vapid: ${error instanceof Error ? error.message : String(error)}` };
    }
    let request: PushRequest;
    try {
      const headers = headersFor(authorization, sendOptions);
      const p256dh = base64urlToBytes(target.keys?.p256dh ?? "");
      const auth = base64urlToBytes(target.keys?.auth ?? "");
      if (!p256dh || !auth) throw new Error("subscription keys must be base64url");
      const body = encryptPushMessage(crypto, { p256dh, auth }, paddedFor(payload));
      request = { endpoint: target.endpoint, headers, body, timeoutMs };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { kind: "rejected", status: 0, reason };
    }
    return deliver(transport, request, now);
  };
}

async function deliver(transport: PushTransport, request: PushRequest, now: () => number): Promise<SendResult> {
  try {
    const response = await transport(request);
    const retryAfter = parseRetryAfter(response.headers["retry-after"], now());
    return classifyStatus(response.status, retryAfter, response.body ?? "");
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const reason = typeof code === "string" ? (code === "ETIMEDOUT" ? "timeout" : code) : String(error);
    return { kind: "retry", status: 0, retryAfterMs: undefined, reason };
  }
}

async function sendVia(
  transport: PushTransport,
  target: PushTarget,
  body: string,
  requestOptions: RequestOptions,
  timeoutMs: number,
  now: () => number,
): Promise<SendResult> {
  let request: PushRequest;
  try {
    const { agent: _agent, timeout: _timeout, ...encryptOptions } = requestOptions;
    const details = webpush.generateRequestDetails(target, body, encryptOptions);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(details.headers)) headers[name] = String(value);
    request = { endpoint: details.endpoint, headers, body: details.body ?? new Uint8Array(0), timeoutMs };
  } catch (error) {
    return { kind: "rejected", status: 0, reason: error instanceof Error ? error.message : String(error) };
  }
  return deliver(transport, request, now);
}
