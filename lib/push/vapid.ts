/** VAPID (RFC 8292) settings: keys and subject validated, every error naming its field and environment variable. */

import { base64urlToBytes, bytesToBase64url } from "../crypto/base64url.ts";

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
  // Whether the point lies on the curve is checked when the header cache starts (./vapid-headers.ts, by WebCrypto).
  if (pub[0] !== 0x04) return fail("publicKey", "is not an uncompressed P-256 point (0x04 prefix)");
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
