/**
 * Serves a pre-rendered document with HTTP caching done right: validators, 304s, HEAD and encoding negotiation.
 *
 * Every header but the request id is fixed for a given document and route, so each response variant (304 and 200
 * per encoding, GET or HEAD) is built once per document and profile and then reused: a hit decides which variant
 * applies and adds the request id. The Hono routes and the Node fast path use the same variants, so they cannot
 * disagree on a header.
 *
 * Each content coding is its own representation with its own strong ETag (RFC 9110 §8.8.3): the document's tag for
 * identity, the same tag with "-gzip" or "-br" for the compressed bytes, so a cache never takes one coding's bytes
 * for another's under one strong validator.
 */
import { LRUCache } from "lru-cache";
import type { RenderedDocument } from "../feeds/render-cache.ts";
import { REQUEST_ID_HEADER } from "./request-id.ts";

export interface CachePolicy {
  maxAge: number;
  sMaxAge: number;
  staleWhileRevalidate: number;
  staleIfError: number;
}

const cacheControlHeaders = new WeakMap<CachePolicy, string>();

/** The Cache-Control value of a policy, built once per policy object (it is on every feed response). */
export function cacheControl(policy: CachePolicy): string {
  let value = cacheControlHeaders.get(policy);
  if (value === undefined) cacheControlHeaders.set(policy, (value = formatCacheControl(policy)));
  return value;
}

function formatCacheControl(policy: CachePolicy): string {
  return `public, max-age=${policy.maxAge}, s-maxage=${policy.sMaxAge}, stale-while-revalidate=${policy.staleWhileRevalidate}, stale-if-error=${policy.staleIfError}`;
}

/**
 * What a route adds to a cached document: its media type, caching policy and per-route headers (CORS, CSP, a `vary`
 * that replaces the default "Accept-Encoding"). Make one per route and variant up front and reuse it: the built
 * responses are cached per profile object.
 */
export interface ResponseProfile {
  readonly contentType: string;
  readonly policy: CachePolicy;
  readonly headers: Readonly<Record<string, string>>;
}

export function responseProfile(contentType: string, policy: CachePolicy, headers: Record<string, string> = {}): ResponseProfile {
  return Object.freeze({ contentType, policy, headers: Object.freeze({ ...headers }) });
}

/** A response decided but not yet sent: what both the Hono route and the Node fast path send, less the request id. */
export interface ResponsePlan {
  readonly status: 200 | 304;
  /** Shared between requests: copy before adding to it. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The same headers as a flat `[name, value, name, value, …]` list (Node's `writeHead` form) ending in an
   * `x-request-id` slot whose value is empty: copy it with `slice()` and set the last entry (the copy has its final
   * length, so nothing grows). Shared too.
   */
  readonly flatHeaders: readonly string[];
  /** Absent for 304 and HEAD. */
  readonly body?: Uint8Array;
}

type Encoding = "br" | "gzip" | "identity";

const ENCODINGS = ["identity", "gzip", "br"] as const;

/** Every response a document can give under one profile, per encoding the document has. */
interface Variants {
  /** The strong ETag of each encoding's representation. */
  etag: Record<Encoding, string>;
  /** The tags a client may hold for this document, whichever coding it (or a proxy on its way) stored. */
  tags: readonly string[];
  notModified: Record<Encoding, ResponsePlan | undefined>;
  get: Record<Encoding, ResponsePlan | undefined>;
  head: Record<Encoding, ResponsePlan | undefined>;
}

/** Per document (dropped with it when the cache lets it go), per profile. */
const built = new WeakMap<RenderedDocument, Map<ResponseProfile, Variants>>();

function variantsOf(doc: RenderedDocument, profile: ResponseProfile): Variants {
  let byProfile = built.get(doc);
  if (byProfile === undefined) built.set(doc, (byProfile = new Map()));
  let variants = byProfile.get(profile);
  if (variants === undefined) byProfile.set(profile, (variants = buildVariants(doc, profile)));
  return variants;
}

/** The strong ETag of one coding of a document: its identity tag, suffixed for a compressed coding. */
function etagFor(doc: Pick<RenderedDocument, "etag">, encoding: Encoding): string {
  return encoding === "identity" ? doc.etag : `${doc.etag.slice(0, -1)}-${encoding}"`;
}

function buildVariants(doc: RenderedDocument, profile: ResponseProfile): Variants {
  const variants: Variants = {
    etag: { identity: etagFor(doc, "identity"), gzip: etagFor(doc, "gzip"), br: etagFor(doc, "br") },
    tags: ENCODINGS.filter((encoding) => encoding === "identity" || doc[encoding]).map((encoding) => etagFor(doc, encoding)),
    notModified: { identity: undefined, gzip: undefined, br: undefined },
    get: { identity: undefined, gzip: undefined, br: undefined },
    head: { identity: undefined, gzip: undefined, br: undefined },
  };
  for (const encoding of ENCODINGS) {
    const body = encoding === "identity" ? doc.body : doc[encoding];
    if (!body) continue;
    const common: Record<string, string> = {
      "content-type": profile.contentType,
      etag: variants.etag[encoding],
      "last-modified": doc.lastModifiedHttp,
      "cache-control": cacheControl(profile.policy),
      vary: "Accept-Encoding",
      ...profile.headers,
    };
    const headers: Record<string, string> = { ...common };
    if (encoding !== "identity") headers["content-encoding"] = encoding;
    headers["content-length"] = String(body.byteLength);
    variants.get[encoding] = plan(200, headers, body);
    variants.head[encoding] = plan(200, headers);
    // RFC 9110 §15.4.5: a 304 carries the ETag, Vary and caching headers the 200 to the same request would, but
    // SHOULD NOT carry other representation metadata; the reader (or CDN) keeps the type and coding it stored.
    const { "content-type": _type, ...notModified } = common;
    variants.notModified[encoding] = plan(304, notModified);
  }
  return variants;
}

// Not frozen, only typed readonly: V8 copies a frozen array through its slow path (~2 µs against ~60 ns for `slice`).
function plan(status: 200 | 304, headers: Record<string, string>, body?: Uint8Array): ResponsePlan {
  const copy = { ...headers };
  const flatHeaders = [...Object.entries(copy).flat(), REQUEST_ID_HEADER, ""];
  return body ? { status, headers: copy, flatHeaders, body } : { status, headers: copy, flatHeaders };
}

/** The request headers a cached response depends on. */
export interface ConditionalRequest {
  method: string;
  ifNoneMatch: string | null | undefined;
  ifModifiedSince: string | null | undefined;
  acceptEncoding: string | null | undefined;
}

/**
 * Decides the response to a request: 304, or 200 in the best encoding the client takes; no allocation on a hit.
 * Either way the encoding is the one Accept-Encoding picks, so a 304 carries the ETag a 200 would have (§15.4.5).
 */
export function planCachedResponse(request: ConditionalRequest, doc: RenderedDocument, profile: ResponseProfile): ResponsePlan {
  const variants = variantsOf(doc, profile);
  const encoding = chooseEncoding(request.acceptEncoding ?? null, doc);
  if (notModified(request.ifNoneMatch, request.ifModifiedSince, doc, variants, encoding)) return variants.notModified[encoding]!;
  return (request.method === "HEAD" ? variants.head : variants.get)[encoding]!;
}

/** The planned response as a Web Response, with the request id when there is one. */
export function cachedResponse(request: Request, doc: RenderedDocument, profile: ResponseProfile, requestId?: string): Response {
  const plan = planCachedResponse(
    {
      method: request.method,
      ifNoneMatch: request.headers.get("if-none-match"),
      ifModifiedSince: request.headers.get("if-modified-since"),
      acceptEncoding: request.headers.get("accept-encoding"),
    },
    doc,
    profile,
  );
  const headers = requestId === undefined ? { ...plan.headers } : { ...plan.headers, [REQUEST_ID_HEADER]: requestId };
  return new Response((plan.body as Uint8Array<ArrayBuffer> | undefined) ?? null, { status: plan.status, headers });
}

/**
 * RFC 9110 §13.1.2/§13.1.3: If-None-Match wins; If-Modified-Since only counts when there is none.
 * If-None-Match uses weak comparison, and a tag of any coding of this document matches: the client holds this
 * content, whichever coding it was stored in. A decompressing (or compressing) proxy on the way may have stored our
 * gzip tag, weakened, for identity bytes it made, and ask with it while the request's Accept-Encoding picks another
 * coding; the answer is still "not modified", with the ETag of the coding this request gets.
 */
function notModified(inm: string | null | undefined, ims: string | null | undefined, doc: RenderedDocument, variants: Variants, encoding: Encoding): boolean {
  if (inm != null) {
    // A poller sending back the tag it was given, the common case, needs no parsing.
    if (inm === variants.etag[encoding]) return true;
    if (inm.trim() === "*") return true;
    for (const tag of inm.split(",")) if (variants.tags.includes(opaqueTag(tag))) return true;
    return false;
  }
  if (ims == null) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && Math.floor(doc.lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

function opaqueTag(tag: string): string {
  const trimmed = tag.trim();
  return trimmed.startsWith("W/") ? trimmed.slice(2) : trimmed;
}

/** Picks the best encoding the client accepts (q > 0) among those we have; ties prefer br. */
export function chooseEncoding(header: string | null, doc: Pick<RenderedDocument, "br" | "gzip">): Encoding {
  if (!header) return "identity";
  const w = encodingWeights(header);
  let best: Encoding = "identity";
  let bestWeight = 0;
  if (doc.br && w.br > 0) {
    best = "br";
    bestWeight = w.br;
  }
  if (doc.gzip && w.gzip > bestWeight) best = "gzip";
  return best;
}

interface Weights {
  br: number;
  gzip: number;
}

/** Clients send few distinct Accept-Encoding values (one per browser build), so their parse is kept. */
const weightsByHeader = new LRUCache<string, Weights>({ max: 256 });

function encodingWeights(header: string): Weights {
  let w = weightsByHeader.get(header);
  if (w !== undefined) return w;
  const q = new Map<string, number>();
  for (const part of header.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    if (name) q.set(name, Number.isFinite(value) ? value : 0);
  }
  const star = q.get("*") ?? 0;
  w = { br: q.get("br") ?? star, gzip: q.get("gzip") ?? star };
  weightsByHeader.set(header, w);
  return w;
}
