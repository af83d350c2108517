/** VAPID (RFC 8292): config validation, key generation and a per-origin cache of signed Authorization headers. */

import { base64urlToBytes, bytesToBase64url, textToBase64url } from "../crypto/base64url.ts";
import { endpointParts } from "./endpoint-parts.ts";
import { isUncompressedP256Point } from "./p256.ts";

/** Validated VAPID settings: keys as unpadded base64url, subject as mailto: or https: URI. */
export interface VapidConfig {
  /** 65-byte uncompressed P-256 public key, base64url (the `applicationServerKey` browsers use). */
  publicKey: string;
  /** 32-byte P-256 private scalar, base64url. */
  privateKey: string;
  subject: string;
}

/** Which VAPID setting was wrong, as a field name and its environment variable. */
export type VapidField = "publicKey" | "privateKey" | "subject";

/** Outcome of {@link parseVapidConfig}: the config, or the first bad field with a reason. */
export type VapidConfigResult =
  | { ok: true; config: VapidConfig }
  | { ok: false; field: VapidField; message: string };

const ENV_NAMES: Record<VapidField, string> = {
  publicKey: "VAPID_PUBLIC_KEY",
  privateKey: "VAPID_PRIVATE_KEY",
  subject: "VAPID_SUBJECT",
};

function fail(field: VapidField, reason: string): VapidConfigResult {
  return { ok: false, field, message: `${ENV_NAMES[field]} (${field}): ${reason}` };
}

function isLocalHostname(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost");
}

/** Why a VAPID subject is unacceptable, or undefined when it is fine. */
export function vapidSubjectProblem(subject: string): string | undefined {
  if (/\s/.test(subject)) return "must not contain whitespace";
  if (subject.startsWith("mailto:")) {
    const m = /^mailto:[^@/?#]+@([^@/?#]+)$/.exec(subject);
    if (!m || !m[1]) return "must be mailto:<address>@<domain>";
    // Apple's push service answers 403 BadJwtToken for a localhost contact.
    if (isLocalHostname(m[1])) return "must not be a @localhost address (Apple rejects it)";
    return undefined;
  }
  if (subject.startsWith("https:")) {
    let url: URL;
    try {
      url = new URL(subject);
    } catch {
      return "is not a valid https: URL";
    }
    if (isLocalHostname(url.hostname)) return "must not point at localhost (Apple rejects it)";
    return undefined;
  }
  return "must start with mailto: or https:";
}

/** Validates VAPID keys and subject; errors name the field and its environment variable. */
export function parseVapidConfig(input: {
  publicKey?: string | undefined;
  privateKey?: string | undefined;
  subject?: string | undefined;
}): VapidConfigResult {
  const publicKey = input.publicKey?.trim() ?? "";
  const privateKey = input.privateKey?.trim() ?? "";
  const subject = input.subject?.trim() ?? "";
  if (!publicKey) return fail("publicKey", "is required");
  const pub = base64urlToBytes(publicKey);
  if (!pub) return fail("publicKey", "must be base64url");
  if (pub.length !== 65) return fail("publicKey", `must decode to 65 bytes, got ${pub.length}`);
  if (!isUncompressedP256Point(pub)) return fail("publicKey", "is not an uncompressed P-256 point");
  if (!privateKey) return fail("privateKey", "is required");
  const priv = base64urlToBytes(privateKey);
  if (!priv) return fail("privateKey", "must be base64url");
  if (priv.length !== 32) return fail("privateKey", `must decode to 32 bytes, got ${priv.length}`);
  if (!subject) return fail("subject", "is required");
  const problem = vapidSubjectProblem(subject);
  if (problem) return fail("subject", problem);
  return { ok: true, config: { publicKey: bytesToBase64url(pub), privateKey: bytesToBase64url(priv), subject } };
}

/** Reads VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT from an environment map. */
export function vapidConfigFromEnv(env: Record<string, string | undefined>): VapidConfigResult {
  return parseVapidConfig({
    publicKey: env.VAPID_PUBLIC_KEY,
    privateKey: env.VAPID_PRIVATE_KEY,
    subject: env.VAPID_SUBJECT,
  });
}

/** Creates a fresh VAPID key pair (base64url, as web-push's generateVAPIDKeys returns them). */
export async function generateVapidKeys(): Promise<{ publicKey: string; privateKey: string }> {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  const jwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
  if (!jwk.d) throw new Error("vapid: exported private key has no d");
  return { publicKey: bytesToBase64url(raw), privateKey: jwk.d };
}

async function importSigningKey(config: VapidConfig): Promise<CryptoKey> {
  const pub = base64urlToBytes(config.publicKey);
  if (!pub) throw new Error("vapid: public key is not base64url");
  const jwk: JsonWebKey = {
    kty: "EC",
    crv: "P-256",
    x: bytesToBase64url(pub.subarray(1, 33)),
    y: bytesToBase64url(pub.subarray(33, 65)),
    d: config.privateKey,
    ext: false,
  };
  try {
    return await crypto.subtle.importKey("jwk", jwk, { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
  } catch {
    // Some runtimes check that d matches (x, y) here; others only fail the sign/verify probe below.
    throw new Error("vapid: VAPID_PRIVATE_KEY does not belong to VAPID_PUBLIC_KEY");
  }
}

async function assertKeysMatch(key: CryptoKey, publicKey: string): Promise<void> {
  const pub = base64urlToBytes(publicKey);
  if (!pub) throw new Error("vapid: public key is not base64url");
  const verifyKey = await crypto.subtle.importKey("raw", pub, { name: "ECDSA", namedCurve: "P-256" }, false, [
    "verify",
  ]);
  const probe = new TextEncoder().encode("vapid key pair check");
  const sig = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, probe);
  const ok = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, verifyKey, sig, probe);
  if (!ok) throw new Error("vapid: VAPID_PRIVATE_KEY does not belong to VAPID_PUBLIC_KEY");
}

/** Claims of a VAPID JWT (RFC 8292 §2). */
export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
}

/** Signs a compact ES256 JWT; WebCrypto's ECDSA output is already the raw r‖s form JWS wants. */
export async function signVapidJwt(key: CryptoKey, claims: VapidClaims): Promise<string> {
  const signingInput =
    textToBase64url(JSON.stringify({ typ: "JWT", alg: "ES256" })) + "." + textToBase64url(JSON.stringify(claims));
  const sig = await crypto.subtle.sign(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    new TextEncoder().encode(signingInput),
  );
  return signingInput + "." + bytesToBase64url(new Uint8Array(sig));
}

/** Hands out `Authorization: vapid t=…, k=…` values, signing once per push-service origin and period. */
export interface VapidSigner {
  readonly publicKey: string;
  /** Header value for a subscription endpoint (the JWT audience is the endpoint's origin). */
  authorizationFor(endpoint: string): Promise<string>;
  /**
   * The same header when it is already signed and still fresh, else undefined (then call authorizationFor). Lets the
   * sender skip a promise per message; optional so a stand-in signer need not have it.
   */
  cachedAuthorization?(endpoint: string): string | undefined;
  /** How many JWTs have been signed so far (for tests and benchmarks). */
  readonly signedCount: number;
}

/** Options for {@link createVapidSigner}; times are in seconds, the clock in milliseconds. */
export interface VapidSignerOptions {
  now: () => number;
  /** JWT lifetime; RFC 8292 allows at most 24 h. Default 12 h. */
  validitySeconds?: number;
  /** Re-sign when less than this remains. Default 1 h. */
  refreshMarginSeconds?: number;
}

interface CacheEntry {
  header: Promise<string>;
  /** The header once signed. */
  value: string | undefined;
  refreshAtMs: number;
}

const MAX_VALIDITY_SECONDS = 24 * 60 * 60;

/**
 * Builds a signer that caches the Authorization header per push-service origin. web-push re-signs
 * the JWT on every send (about three quarters of its CPU per message); here one signature serves
 * every message to that origin until it is within `refreshMarginSeconds` of expiry.
 */
export async function createVapidSigner(config: VapidConfig, options: VapidSignerOptions): Promise<VapidSigner> {
  const validity = options.validitySeconds ?? 12 * 60 * 60;
  const margin = options.refreshMarginSeconds ?? 60 * 60;
  if (validity > MAX_VALIDITY_SECONDS) throw new Error("vapid: validitySeconds must be at most 24 h");
  if (margin >= validity) throw new Error("vapid: refreshMarginSeconds must be less than validitySeconds");
  const key = await importSigningKey(config);
  await assertKeysMatch(key, config.publicKey);
  const cache = new Map<string, CacheEntry>();
  let signedCount = 0;

  const sign = async (aud: string, exp: number): Promise<string> => {
    const jwt = await signVapidJwt(key, { aud, exp, sub: config.subject });
    signedCount++;
    return `vapid t=${jwt}, k=${config.publicKey}`;
  };

  return {
    publicKey: config.publicKey,
    get signedCount() {
      return signedCount;
    },
    cachedAuthorization(endpoint: string): string | undefined {
      const hit = cache.get(endpointParts(endpoint).origin);
      return hit && options.now() < hit.refreshAtMs ? hit.value : undefined;
    },
    authorizationFor(endpoint: string): Promise<string> {
      const aud = endpointParts(endpoint).origin;
      const nowMs = options.now();
      const hit = cache.get(aud);
      if (hit && nowMs < hit.refreshAtMs) return hit.header;
      const exp = Math.floor(nowMs / 1000) + validity;
      const header = sign(aud, exp);
      const entry: CacheEntry = { header, value: undefined, refreshAtMs: (exp - margin) * 1000 };
      cache.set(aud, entry);
      header.then(
        (value) => {
          entry.value = value;
        },
        // A failed signature must not stick in the cache.
        () => {
          if (cache.get(aud) === entry) cache.delete(aud);
        },
      );
      return header;
    },
  };
}
