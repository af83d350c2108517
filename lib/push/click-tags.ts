/**
 * Click tags: the short `s` an alert's click-through link carries, so a click counts once per subscription and article
 * without the link naming the subscription. A tag is 9 bytes of HMAC(article, subscription) — the same for every resend
 * of that alert, unlinkable across articles and to the endpoint — followed by 6 bytes of HMAC(article, those 9 bytes),
 * so the server can tell a tag it made from a made-up one without knowing whose it is.
 */
import { bytesToBase64url, base64urlToBytes } from "../crypto/base64url.ts";
import { timingSafeEqual } from "../crypto/digest.ts";

/** HMAC-SHA-256; the runtime may pass a synchronous one (node:crypto), else WebCrypto's is used. */
export type HmacSha256 = (key: Uint8Array, data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** Characters of a tag: 15 bytes in unpadded base64url. */
export const CLICK_TAG_LENGTH = 20;
const ID_BYTES = 9;
const CHECK_BYTES = 6;
const TAG = /^[A-Za-z0-9_-]{20}$/;

export interface ClickTags {
  /** The tag for one subscription's alert about one article. */
  tagFor(articleId: string, subId: string): Promise<string>;
  /** True when `tag` is one {@link tagFor} made for this article. */
  check(articleId: string, tag: string): Promise<boolean>;
}

const encoder = new TextEncoder();

/** WebCrypto HMAC, a key import per distinct key (two per process). */
export function webCryptoHmac(): HmacSha256 {
  const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();
  return async (key, data) => {
    let imported = keys.get(key);
    if (!imported) {
      imported = crypto.subtle.importKey("raw", new Uint8Array(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      keys.set(key, imported);
    }
    return new Uint8Array(await crypto.subtle.sign("HMAC", await imported, new Uint8Array(data)));
  };
}

/** Tags under `secret` (derived from the admin token by lib/compose/core.ts): the same secret in every process. */
export async function createClickTags(options: { secret: string; hmac?: HmacSha256 }): Promise<ClickTags> {
  const hmac = options.hmac ?? webCryptoHmac();
  const root = encoder.encode(options.secret);
  const idKey = await hmac(root, encoder.encode("push click: id"));
  const checkKey = await hmac(root, encoder.encode("push click: check"));

  const checkFor = async (articleId: string, id: Uint8Array): Promise<Uint8Array> => {
    const prefix = encoder.encode(`${articleId}\n`);
    const data = new Uint8Array(prefix.length + id.length);
    data.set(prefix);
    data.set(id, prefix.length);
    return (await hmac(checkKey, data)).subarray(0, CHECK_BYTES);
  };

  return {
    async tagFor(articleId, subId) {
      const id = (await hmac(idKey, encoder.encode(`${articleId}\n${subId}`))).subarray(0, ID_BYTES);
      const tag = new Uint8Array(ID_BYTES + CHECK_BYTES);
      tag.set(id);
      tag.set(await checkFor(articleId, id), ID_BYTES);
      return bytesToBase64url(tag);
    },
    async check(articleId, tag) {
      if (!TAG.test(tag)) return false;
      const bytes = base64urlToBytes(tag);
      if (!bytes || bytes.length !== ID_BYTES + CHECK_BYTES) return false;
      return timingSafeEqual(await checkFor(articleId, bytes.subarray(0, ID_BYTES)), bytes.subarray(ID_BYTES));
    },
  };
}
