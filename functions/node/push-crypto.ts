/** node:crypto primitives for RFC 8291 push encryption (lib/push/ece.ts), handed to lib/ like nodeCompressors. */
import { createCipheriv, createECDH, createHmac, randomFillSync } from "node:crypto";
import type { EcePrimitives } from "../../lib/push/ece.ts";

const SALT_POOL_BYTES = 4096;

/**
 * Builds the primitives. One `ECDH` object is kept, but `generateKeys()` replaces its key pair on every call, so every
 * message still gets a new ephemeral key (only the curve context is reused: `createECDH` itself costs about as much
 * as the key generation). Salts come from a 4 KB buffer of `randomFillSync` output, copied out 16 bytes at a time
 * and never handed out twice.
 */
export function createNodePushCrypto(): EcePrimitives {
  const ecdh = createECDH("prime256v1");
  const pool = Buffer.allocUnsafe(SALT_POOL_BYTES);
  let offset = SALT_POOL_BYTES;
  return {
    ephemeralEcdh(peerPublicKey) {
      const publicKey = ecdh.generateKeys();
      const secret = ecdh.computeSecret(peerPublicKey);
      return { publicKey, secret };
    },
    hmacSha256: (key, data) => createHmac("sha256", key).update(data).digest(),
    aes128gcm(key, nonce, plaintext) {
      const cipher = createCipheriv("aes-128-gcm", key, nonce);
      const head = cipher.update(plaintext);
      const tail = cipher.final();
      const tag = cipher.getAuthTag();
      const out = Buffer.allocUnsafe(head.length + tail.length + tag.length);
      head.copy(out, 0);
      tail.copy(out, head.length);
      tag.copy(out, head.length + tail.length);
      return out;
    },
    randomBytes(length) {
      if (length > SALT_POOL_BYTES) return randomFillSync(Buffer.allocUnsafe(length));
      if (offset + length > SALT_POOL_BYTES) {
        randomFillSync(pool);
        offset = 0;
      }
      const out = new Uint8Array(length);
      out.set(pool.subarray(offset, offset + length));
      offset += length;
      return out;
    },
  };
}

/** The primitives for this process. */
export const nodePushCrypto: EcePrimitives = createNodePushCrypto();
