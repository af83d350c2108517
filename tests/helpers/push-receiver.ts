/**
 * A push service on loopback for tests and benchmarks: HTTPS with a certificate made at start-up,
 * VAPID JWT verification, aes128gcm decryption with the subscriber's key, and fault modes.
 */

import { execFileSync } from "node:child_process";
import { createPublicKey, verify as verifySignature, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { createSecureServer, type Http2ServerRequest } from "node:http2";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSubscriberKeys, decryptPushBody, subscriptionJson, type SubscriberKeys } from "./push-client.ts";

/** How an endpoint answers: 201 after checks, a fixed status, 201 after a delay, or never. */
export type ReceiverMode =
  | "ok"
  | "hang"
  | number
  | { status: number; retryAfter?: string }
  | { slowMs: number };

/** A subscription the receiver made, with the private half kept for decryption. */
export interface ReceiverSubscription {
  endpointId: string;
  subscription: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
  keys: SubscriberKeys;
}

/** One accepted message. */
export interface ReceivedMessage {
  endpointId: string;
  /** Decrypted body parsed as JSON (or the raw text when it is not JSON). */
  payload: unknown;
  headers: Record<string, string | undefined>;
}

/** One refused request and why. */
export interface RefusedRequest {
  endpointId: string;
  status: number;
  reason: string;
}

export interface PushReceiver {
  /** https://127.0.0.1:<port> — the JWT audience. */
  url: string;
  port: number;
  /** PEM of the self-signed certificate; trust it with the undici transport's `ca` option. */
  ca: string;
  subscribe(): ReceiverSubscription;
  received: ReceivedMessage[];
  refused: RefusedRequest[];
  /** Requests seen per endpoint, counting faults. */
  attempts(endpointId: string): number;
  /** Sets the mode of one endpoint (or '*' for all without their own); `times` limits how often it applies. */
  setMode(endpointId: string, mode: ReceiverMode, times?: number): void;
  /** Number of accepted messages (also counted when `keepMessages` is false). */
  deliveredCount(): number;
  /** Destroys every open client connection (as a push service closing idle ones does); the server keeps listening. */
  dropConnections(): Promise<void>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /** Keep each decrypted message in `received` (default true; the benchmark only counts). */
  keepMessages?: boolean;
  now?: () => number;
  /**
   * Called for every accepted message the moment it has been decrypted (before the 201 goes back): the latency
   * benchmark timestamps arrivals here. `authorization` names the sender's VAPID key.
   */
  onDelivered?: (message: { endpointId: string; plaintext: Buffer; headers: Record<string, string | undefined> }) => void;
}

const MAX_JWT_LIFETIME_S = 24 * 60 * 60;

function makeCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "push-receiver-"));
  try {
    execFileSync(
      "openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "pipe" },
    );
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ModeEntry {
  mode: ReceiverMode;
  remaining: number;
}

class Refusal {
  constructor(readonly status: number, readonly reason: string) {}
}

/** Checks `Authorization: vapid t=<jwt>, k=<key>` per RFC 8292; returns the reason it fails, if any. */
function makeJwtVerifier(audience: string, now: () => number) {
  const keys = new Map<string, KeyObject>();
  // A signature is checked once per token: the sender reuses one token for many messages.
  const verified = new Map<string, number>();
  return (header: string | undefined): Refusal | undefined => {
    const m = /^vapid t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? "");
    if (!m || !m[1] || !m[2]) return new Refusal(401, "missing or malformed vapid Authorization");
    const [token, k] = [m[1], m[2]];
    const nowS = Math.floor(now() / 1000);
    let exp = verified.get(`${k} ${token}`);
    if (exp === undefined) {
      const [h, p, s] = token.split(".") as [string, string, string];
      let claims: { aud?: unknown; exp?: unknown; sub?: unknown };
      try {
        const head = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as { alg?: unknown };
        if (head.alg !== "ES256") return new Refusal(403, "alg must be ES256");
        claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
      } catch {
        return new Refusal(403, "JWT is not JSON");
      }
      let key = keys.get(k);
      if (!key) {
        const raw = Buffer.from(k, "base64url");
        if (raw.length !== 65 || raw[0] !== 4) return new Refusal(401, "k is not a P-256 public key");
        const jwk = { kty: "EC", crv: "P-256", x: raw.subarray(1, 33).toString("base64url"), y: raw.subarray(33).toString("base64url") };
        try {
          key = createPublicKey({ key: jwk, format: "jwk" });
        } catch {
          return new Refusal(401, "k is not on P-256");
        }
        keys.set(k, key);
      }
      const ok = verifySignature("sha256", Buffer.from(`${h}.${p}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(s, "base64url"));
      if (!ok) return new Refusal(403, "bad JWT signature");
      if (claims.aud !== audience) return new Refusal(403, `aud ${String(claims.aud)} is not ${audience}`);
      if (typeof claims.sub !== "string" || !/^(mailto:|https:)/.test(claims.sub)) return new Refusal(403, "sub must be mailto: or https:");
      if (typeof claims.exp !== "number" || !Number.isInteger(claims.exp)) return new Refusal(403, "exp missing");
      if (claims.exp > nowS + MAX_JWT_LIFETIME_S) return new Refusal(403, "exp more than 24 h ahead");
      exp = claims.exp;
      verified.set(`${k} ${token}`, exp);
    }
    if (exp <= nowS) return new Refusal(403, "JWT expired");
    return undefined;
  };
}

type AnyRequest = IncomingMessage | Http2ServerRequest;
interface AnyResponse {
  writeHead(status: number, headers?: Record<string, string>): { end(body?: string): void };
  readonly headersSent: boolean;
}

function checkHeaders(req: AnyRequest): Refusal | undefined {
  const ttl = req.headers["ttl"];
  if (typeof ttl !== "string" || !/^\d+$/.test(ttl)) return new Refusal(400, "TTL header required");
  if (req.headers["content-encoding"] !== "aes128gcm") return new Refusal(415, "Content-Encoding must be aes128gcm");
  const urgency = req.headers["urgency"];
  if (urgency !== undefined && !["very-low", "low", "normal", "high"].includes(String(urgency))) {
    return new Refusal(400, "bad Urgency");
  }
  const topic = req.headers["topic"];
  if (topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(String(topic))) return new Refusal(400, "bad Topic");
  return undefined;
}

function pickHeaders(req: AnyRequest): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const name of ["ttl", "urgency", "topic", "authorization", "content-encoding"]) {
    const v = req.headers[name];
    headers[name] = Array.isArray(v) ? v.join(",") : v;
  }
  return headers;
}

function readBody(req: AnyRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Starts the receiver on 127.0.0.1 with a fresh certificate. */
export async function startPushReceiver(options: ReceiverOptions = {}): Promise<PushReceiver> {
  const now = options.now ?? Date.now;
  const keepMessages = options.keepMessages ?? true;
  const { key, cert } = makeCertificate();
  const subscribers = new Map<string, SubscriberKeys>();
  const attempts = new Map<string, number>();
  const modes = new Map<string, ModeEntry>();
  const received: ReceivedMessage[] = [];
  const refused: RefusedRequest[] = [];
  let delivered = 0;
  let nextId = 1;
  let verifyJwt: ReturnType<typeof makeJwtVerifier> = () => new Refusal(503, "not ready");

  const takeMode = (endpointId: string): ReceiverMode => {
    const entry = modes.get(endpointId) ?? modes.get("*");
    if (!entry) return "ok";
    if (entry.remaining !== Infinity && --entry.remaining <= 0) {
      modes.delete(modes.get(endpointId) === entry ? endpointId : "*");
    }
    return entry.mode;
  };

  const answer = (res: AnyResponse, endpointId: string, refusal: Refusal) => {
    refused.push({ endpointId, status: refusal.status, reason: refusal.reason });
    res.writeHead(refusal.status, { "content-type": "text/plain" }).end(refusal.reason);
  };

  const handle = async (req: AnyRequest, res: AnyResponse) => {
    const endpointId = /^\/push\/([A-Za-z0-9_-]+)$/.exec(req.url ?? "")?.[1] ?? "";
    attempts.set(endpointId, (attempts.get(endpointId) ?? 0) + 1);
    const body = await readBody(req);
    const mode = takeMode(endpointId);
    if (mode === "hang") return;
    if (typeof mode === "object" && "slowMs" in mode) await new Promise((r) => setTimeout(r, mode.slowMs));
    if (typeof mode === "number" || (typeof mode === "object" && "status" in mode)) {
      const status = typeof mode === "number" ? mode : mode.status;
      const retryAfter = typeof mode === "object" && "retryAfter" in mode ? mode.retryAfter : undefined;
      res.writeHead(status, retryAfter ? { "retry-after": retryAfter } : {}).end(`fault ${status}`);
      return;
    }
    if (req.method !== "POST") return answer(res, endpointId, new Refusal(405, "POST only"));
    const keys = subscribers.get(endpointId);
    if (!keys) return answer(res, endpointId, new Refusal(404, "no such subscription"));
    const refusal = verifyJwt(req.headers["authorization"]) ?? checkHeaders(req);
    if (refusal) return answer(res, endpointId, refusal);
    if (body.length > 4096) return answer(res, endpointId, new Refusal(413, "payload too large"));
    let plaintext: Buffer;
    try {
      plaintext = decryptPushBody(body, keys);
    } catch (error) {
      return answer(res, endpointId, new Refusal(400, `cannot decrypt: ${(error as Error).message}`));
    }
    delivered++;
    options.onDelivered?.({ endpointId, plaintext, headers: pickHeaders(req) });
    if (keepMessages) {
      const text = plaintext.toString("utf8");
      let payload: unknown = text;
      try {
        payload = JSON.parse(text);
      } catch {
        // Not JSON: keep the text as it came.
      }
      received.push({ endpointId, payload, headers: pickHeaders(req) });
    }
    res.writeHead(201, { location: `/message/${delivered}` }).end();
  };

  // HTTP/2 with HTTP/1.1 fallback, like the real push services.
  const server = createSecureServer({ key, cert, allowHTTP1: true, peerMaxConcurrentStreams: 1000 }, (req, res) => {
    const response = res as unknown as AnyResponse;
    handle(req, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end(String(error));
    });
  });
  const sockets = new Set<Socket>();
  server.on("secureConnection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  verifyJwt = makeJwtVerifier(url, now);

  return {
    url,
    port,
    ca: cert,
    received,
    refused,
    subscribe() {
      const endpointId = `s${nextId++}`;
      const keys = createSubscriberKeys();
      subscribers.set(endpointId, keys);
      return { endpointId, keys, subscription: subscriptionJson(`${url}/push/${endpointId}`, keys) };
    },
    attempts: (endpointId) => attempts.get(endpointId) ?? 0,
    setMode(endpointId, mode, times = Infinity) {
      modes.set(endpointId, { mode, remaining: times });
    },
    deliveredCount: () => delivered,
    async dropConnections() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 10));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Messages between the benchmark and a receiver running in a child process. */
export type ReceiverRequest =
  | { type: "subscribe"; count: number }
  | { type: "stats" }
  | { type: "close" };

// Child-process mode (used by bench/push.ts, so the sender's CPU is measured without the receiver's).
if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const receiver = await startPushReceiver({ keepMessages: false });
  const reply = (message: unknown) => process.send?.(message);
  process.on("message", (message: ReceiverRequest) => {
    if (message.type === "subscribe") {
      const subs = Array.from({ length: message.count }, () => receiver.subscribe().subscription);
      reply({ type: "subscriptions", subscriptions: subs });
    } else if (message.type === "stats") {
      reply({ type: "stats", delivered: receiver.deliveredCount(), refused: receiver.refused.length, cpu: process.cpuUsage() });
    } else {
      void receiver.close().then(() => process.exit(0));
    }
  });
  reply({ type: "ready", url: receiver.url, ca: receiver.ca });
}
