/**
 * RFC 8291 message encryption for Web Push: one RFC 8188 `aes128gcm` record. The key schedule, header layout and
 * padding live here; the primitives (P-256 ECDH, HMAC-SHA-256, AES-128-GCM, randomness) come from the runtime, so
 * this file imports nothing (Node supplies node:crypto from functions/node/push-crypto.ts).
 */

/** The cryptographic primitives one message needs, all synchronous. */
export interface EcePrimitives {
  /**
   * Generates a NEW P-256 key pair (RFC 8291 §3.1: one per message, never reused) and returns its uncompressed
   * 65-byte public key with the 32-byte ECDH shared secret against `peerPublicKey`. Throws for a bad peer point.
   */
  ephemeralEcdh(peerPublicKey: Uint8Array): { publicKey: Uint8Array; secret: Uint8Array };
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array;
  /** AES-128-GCM without associated data: the ciphertext followed by the 16-byte tag. */
  aes128gcm(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** `length` cryptographically random bytes (the salt). */
  randomBytes(length: number): Uint8Array;
}

/** The record size written in the header (as web-push and browsers use). */
export const RECORD_SIZE = 4096;
/** Header: salt (16) ‖ rs (4) ‖ idlen (1) ‖ keyid = sender public key (65). */
export const HEADER_BYTES = 16 + 4 + 1 + 65;
const TAG_BYTES = 16;
/** Largest plaintext in one record of a 4096-byte push message (RFC 8291 §4: 4096 − 86 − 16 − 1). */
export const MAX_PLAINTEXT_BYTES = 3993;

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const KEY_INFO_PREFIX = ascii("WebPush: info\0");
const CEK_INFO = ascii("Content-Encoding: aes128gcm\0\x01");
const NONCE_INFO = ascii("Content-Encoding: nonce\0\x01");
/** Padding delimiter of the last (only) record, RFC 8188 §2. */
const LAST_RECORD = 2;

/** A subscriber's keys, decoded: the 65-byte `p256dh` point and the 16-byte `auth` secret. */
export interface EceRecipient {
  p256dh: Uint8Array;
  auth: Uint8Array;
}

/**
 * Pads a plaintext for the single record: the bytes followed by the 0x02 delimiter. Done once per payload (the same
 * notification goes to every subscriber of a batch), then handed to {@link encryptPushMessage} for each of them.
 */
export function padPlaintext(plaintext: Uint8Array): Uint8Array {
  if (plaintext.length > MAX_PLAINTEXT_BYTES) {
    throw new RangeError(`push payload is ${plaintext.length} bytes, more than the ${MAX_PLAINTEXT_BYTES} one record holds`);
  }
  const padded = new Uint8Array(plaintext.length + 1);
  padded.set(plaintext);
  padded[plaintext.length] = LAST_RECORD;
  return padded;
}

/**
 * Encrypts one message to one subscriber (RFC 8291 §3.3–3.4, RFC 8188 §2): a fresh ephemeral key pair and salt,
 * ECDH, the two HKDF steps, AES-128-GCM. `padded` comes from {@link padPlaintext}. Returns the request body.
 */
export function encryptPushMessage(crypto: EcePrimitives, recipient: EceRecipient, padded: Uint8Array): Uint8Array {
  const { p256dh, auth } = recipient;
  if (p256dh.length !== 65) throw new RangeError("p256dh must be a 65-byte uncompressed P-256 point");
  if (auth.length !== 16) throw new RangeError("auth must be 16 bytes");
  const { publicKey, secret } = crypto.ephemeralEcdh(p256dh);
  const salt = crypto.randomBytes(16);

  // HKDF(auth, ecdh_secret, "WebPush: info" ‖ 0 ‖ ua_public ‖ as_public, 32): extract, then one expand block.
  const prkKey = crypto.hmacSha256(auth, secret);
  const keyInfo = new Uint8Array(KEY_INFO_PREFIX.length + 65 + 65 + 1);
  keyInfo.set(KEY_INFO_PREFIX, 0);
  keyInfo.set(p256dh, KEY_INFO_PREFIX.length);
  keyInfo.set(publicKey, KEY_INFO_PREFIX.length + 65);
  keyInfo[keyInfo.length - 1] = 1;
  const ikm = crypto.hmacSha256(prkKey, keyInfo);

  // HKDF(salt, IKM, …): the content-encryption key and the nonce, each one expand block cut to length.
  const prk = crypto.hmacSha256(salt, ikm);
  const cek = crypto.hmacSha256(prk, CEK_INFO).subarray(0, 16);
  const nonce = crypto.hmacSha256(prk, NONCE_INFO).subarray(0, 12);
  const sealed = crypto.aes128gcm(cek, nonce, padded);
  if (sealed.length !== padded.length + TAG_BYTES) throw new Error("aes128gcm returned an unexpected length");

  const body = new Uint8Array(HEADER_BYTES + sealed.length);
  body.set(salt, 0);
  body[16] = (RECORD_SIZE >>> 24) & 0xff;
  body[17] = (RECORD_SIZE >>> 16) & 0xff;
  body[18] = (RECORD_SIZE >>> 8) & 0xff;
  body[19] = RECORD_SIZE & 0xff;
  body[20] = 65;
  body.set(publicKey, 21);
  body.set(sealed, HEADER_BYTES);
  return body;
}
