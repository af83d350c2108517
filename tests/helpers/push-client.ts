/** Test-side browser stand-in: subscriber ECDH key pairs, auth secrets and payload decryption (RFC 8291). */

import { createECDH, randomBytes, type ECDH } from "node:crypto";
import { createRequire } from "node:module";

interface HttpEce {
  decrypt(buffer: Buffer, params: { version: string; privateKey: ECDH; authSecret: Buffer }): Buffer;
}
const ece = createRequire(import.meta.url)("http_ece") as HttpEce;

/** A subscriber's keys as a browser would make them: P-256 pair plus a 16-byte auth secret. */
export interface SubscriberKeys {
  ecdh: ECDH;
  authSecret: Buffer;
  /** base64url of the 65-byte uncompressed public key. */
  p256dh: string;
  /** base64url of the auth secret. */
  auth: string;
}

/** Makes fresh subscriber keys (ECDH prime256v1, like `PushManager.subscribe`). */
export function createSubscriberKeys(): SubscriberKeys {
  const ecdh = createECDH("prime256v1");
  const publicKey = ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return { ecdh, authSecret, p256dh: publicKey.toString("base64url"), auth: authSecret.toString("base64url") };
}

/** The JSON a browser's `PushSubscription.toJSON()` returns. */
export function subscriptionJson(endpoint: string, keys: Pick<SubscriberKeys, "p256dh" | "auth">) {
  return { endpoint, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth } };
}

/** Decrypts an aes128gcm push body with the subscriber's private key and auth secret (http_ece). */
export function decryptPushBody(body: Buffer, keys: Pick<SubscriberKeys, "ecdh" | "authSecret">): Buffer {
  return ece.decrypt(body, { version: "aes128gcm", privateKey: keys.ecdh, authSecret: keys.authSecret });
}
