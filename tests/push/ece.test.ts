import { createECDH, createHmac, randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createNodePushCrypto } from "../../functions/node/push-crypto.ts";
import { encryptPushMessage, HEADER_BYTES, MAX_PLAINTEXT_BYTES, padPlaintext, type EcePrimitives } from "../../lib/push/ece.ts";
import { createSubscriberKeys, decryptPushBody } from "../helpers/push-client.ts";

const b64 = (s: string) => Buffer.from(s, "base64url");

// RFC 8291 Appendix A ("Push Message Encryption Example"), every value as printed there.
const RFC = {
  plaintext: "When I grow up, I want to be a watermelon",
  asPrivate: "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
  asPublic: "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8",
  uaPrivate: "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94",
  uaPublic: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
  authSecret: "BTBZMqHH6r4Tts7J_aSIgg",
  salt: "DGv6ra1nlYgDCS1FRnbzlw",
  ecdhSecret: "kyrL1jIIOHEzg3sM2ZWRHDRB62YACZhhSlknJ672kSs",
  cek: "oIhVW04MRdy2XN9CiKLxTg",
  nonce: "4h_95klXJ5E_qnoN",
  body:
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_" +
    "yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
};

/** The Node primitives with the example's fixed sender key and salt, recording what the key schedule fed them. */
function fixedPrimitives() {
  const node = createNodePushCrypto();
  const seen = { secrets: [] as Buffer[], aesKeys: [] as Buffer[], nonces: [] as Buffer[] };
  const primitives: EcePrimitives = {
    ...node,
    ephemeralEcdh(peer) {
      const ecdh = createECDH("prime256v1");
      ecdh.setPrivateKey(b64(RFC.asPrivate));
      const secret = ecdh.computeSecret(peer);
      seen.secrets.push(secret);
      return { publicKey: ecdh.getPublicKey(), secret };
    },
    randomBytes: () => b64(RFC.salt),
    aes128gcm(key, nonce, plaintext) {
      seen.aesKeys.push(Buffer.from(key));
      seen.nonces.push(Buffer.from(nonce));
      return node.aes128gcm(key, nonce, plaintext);
    },
  };
  return { primitives, seen };
}

describe("RFC 8291 encryption (lib/push/ece.ts with node:crypto primitives)", () => {
  it("reproduces RFC 8291 Appendix A byte for byte", () => {
    const { primitives, seen } = fixedPrimitives();
    const body = encryptPushMessage(
      primitives,
      { p256dh: b64(RFC.uaPublic), auth: b64(RFC.authSecret) },
      padPlaintext(new TextEncoder().encode(RFC.plaintext)),
    );
    expect(seen.secrets.map((s) => s.toString("base64url"))).toEqual([RFC.ecdhSecret]);
    expect(seen.aesKeys.map((k) => k.toString("base64url"))).toEqual([RFC.cek]);
    expect(seen.nonces.map((n) => n.toString("base64url"))).toEqual([RFC.nonce]);
    expect(Buffer.from(body).subarray(21, HEADER_BYTES).toString("base64url")).toBe(RFC.asPublic);
    expect(Buffer.from(body).toString("base64url")).toBe(RFC.body);
  });

  it("the Appendix A body decrypts with the user agent's key through http_ece", () => {
    const ua = createECDH("prime256v1");
    ua.setPrivateKey(b64(RFC.uaPrivate));
    expect(ua.getPublicKey().toString("base64url")).toBe(RFC.uaPublic);
    expect(decryptPushBody(b64(RFC.body), { ecdh: ua, authSecret: b64(RFC.authSecret) }).toString()).toBe(RFC.plaintext);
  });

  it("round-trips through http_ece for any payload up to the single-record limit", () => {
    const crypto = createNodePushCrypto();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: MAX_PLAINTEXT_BYTES }), (plaintext) => {
        const keys = createSubscriberKeys();
        const body = encryptPushMessage(crypto, { p256dh: b64(keys.p256dh), auth: keys.authSecret }, padPlaintext(plaintext));
        expect(body.length).toBe(HEADER_BYTES + plaintext.length + 1 + 16);
        expect(body.length).toBeLessThanOrEqual(4096);
        expect(new Uint8Array(decryptPushBody(Buffer.from(body), keys))).toEqual(plaintext);
      }),
      { numRuns: 60 },
    );
    // The largest payload exactly, Arabic text, and nothing at all.
    for (const text of ["x".repeat(MAX_PLAINTEXT_BYTES), "عاجل: انطلاق المفاوضات 🇸🇾", ""]) {
      const keys = createSubscriberKeys();
      const body = encryptPushMessage(crypto, { p256dh: b64(keys.p256dh), auth: keys.authSecret }, padPlaintext(new TextEncoder().encode(text)));
      expect(decryptPushBody(Buffer.from(body), keys).toString("utf8")).toBe(text);
    }
  });

  it("uses a new ephemeral key pair and a new salt for every message, also to the same subscriber", () => {
    const crypto = createNodePushCrypto();
    const keys = createSubscriberKeys();
    const padded = padPlaintext(new TextEncoder().encode("same payload"));
    const senderKeys = new Set<string>();
    const salts = new Set<string>();
    // 600 messages: more than one refill of the 4 KB salt buffer (256 salts each).
    for (let i = 0; i < 600; i++) {
      const body = Buffer.from(encryptPushMessage(crypto, { p256dh: b64(keys.p256dh), auth: keys.authSecret }, padded));
      senderKeys.add(body.subarray(21, HEADER_BYTES).toString("hex"));
      salts.add(body.subarray(0, 16).toString("hex"));
      expect(decryptPushBody(body, keys).toString()).toBe("same payload");
    }
    expect(senderKeys.size).toBe(600);
    expect(salts.size).toBe(600);
  });

  it("keeps a salt it handed out even after the buffer refills", () => {
    const crypto = createNodePushCrypto();
    const first = crypto.randomBytes(16);
    const copy = Buffer.from(first);
    for (let i = 0; i < 300; i++) crypto.randomBytes(16);
    expect(Buffer.from(first)).toEqual(copy);
  });

  it("its HMAC and AES-GCM primitives agree with node:crypto used directly", () => {
    const crypto = createNodePushCrypto();
    const key = randomBytes(32);
    const data = randomBytes(100);
    expect(Buffer.from(crypto.hmacSha256(key, data))).toEqual(createHmac("sha256", key).update(data).digest());
    expect(crypto.aes128gcm(randomBytes(16), randomBytes(12), data).length).toBe(116);
  });

  it("refuses what cannot be one record or is not a subscriber key", () => {
    const crypto = createNodePushCrypto();
    const keys = createSubscriberKeys();
    expect(() => padPlaintext(new Uint8Array(MAX_PLAINTEXT_BYTES + 1))).toThrow(/3993/);
    const padded = padPlaintext(new Uint8Array(10));
    expect(() => encryptPushMessage(crypto, { p256dh: new Uint8Array(33), auth: keys.authSecret }, padded)).toThrow(/65-byte/);
    expect(() => encryptPushMessage(crypto, { p256dh: b64(keys.p256dh), auth: new Uint8Array(8) }, padded)).toThrow(/16 bytes/);
    const offCurve = b64(keys.p256dh);
    offCurve[64] = (offCurve[64] ?? 0) ^ 1;
    expect(() => encryptPushMessage(crypto, { p256dh: offCurve, auth: keys.authSecret }, padded)).toThrow();
  });
});
