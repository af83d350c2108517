/**
 * Splits a push endpoint into the origin its connection pool is keyed by and the request path, without a `new URL()`
 * per message: a batch sends to thousands of endpoints on a handful of origins, so the origin is checked with the URL
 * parser once and the path by one character-class test.
 */
import { LRUCache } from "lru-cache";

/** An endpoint's origin (as `URL.origin` spells it) and its request target (path and query, no fragment). */
export interface EndpointParts {
  origin: string;
  path: string;
}

/**
 * The raw `scheme://authority` → URL.origin when the two are spelled the same, else false (then URL parses each time);
 * endpoints come from a few push services, so a few hundred origins are plenty.
 */
const canonical = new LRUCache<string, string | false>({ max: 256 });
/** What an HTTP/1.1 request target may carry as is: visible ASCII except `#` and `\` (URL encodes or rewrites those). */
const PLAIN_TARGET = /^[\x21\x22\x24-\x5b\x5d-\x7e]*$/;
/** A path segment starting with a dot, plain or percent-encoded: URL resolves `.` and `..` segments. */
const DOT_SEGMENT = /\/(?:\.|%2e)/i;

function viaUrl(endpoint: string): EndpointParts {
  const url = new URL(endpoint);
  return { origin: url.origin, path: url.pathname + url.search };
}

/** Throws (as `new URL` does) for what is not an absolute URL. */
export function endpointParts(endpoint: string): EndpointParts {
  const schemeEnd = endpoint.indexOf("://");
  if (schemeEnd < 0) return viaUrl(endpoint);
  let end = schemeEnd + 3;
  while (end < endpoint.length) {
    const c = endpoint.charCodeAt(end);
    if (c === 0x2f /* / */ || c === 0x3f /* ? */ || c === 0x23 /* # */) break;
    end++;
  }
  const prefix = endpoint.slice(0, end);
  let origin = canonical.get(prefix);
  if (origin === undefined) {
    const url = new URL(endpoint);
    // Only when URL would give back exactly these characters (lower-case host, no default port, no user-info) can the
    // prefix stand for the origin.
    origin = url.origin === prefix ? prefix : false;
    canonical.set(prefix, origin);
  }
  if (origin === false) return viaUrl(endpoint);
  const rest = endpoint.slice(end);
  if (rest.length === 0) return { origin, path: "/" };
  if (!PLAIN_TARGET.test(rest)) return viaUrl(endpoint);
  const query = rest.indexOf("?");
  if (DOT_SEGMENT.test(query < 0 ? rest : rest.slice(0, query))) return viaUrl(endpoint);
  return { origin, path: rest.charCodeAt(0) === 0x3f ? "/" + rest : rest };
}
