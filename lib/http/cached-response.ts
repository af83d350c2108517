/**
 * Serves a pre-rendered document with HTTP caching done right: validators, 304s, HEAD and encoding negotiation.
 *
 * Every header but the request id is fixed for a given document and route, so each response variant (304, and 200
 * per encoding, GET or HEAD) is built once per document and profile and then reused: a hit decides which variant
 * applies and adds the request id. The Hono routes and the Node fast path use the same variants, so they cannot
 * disagree on a header.
 */
import type { RenderedDocument } from "../feeds/render-cache.ts";

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

/** Every response a document can give under one profile. */
interface Variants {
  notModified: ResponsePlan;
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

function buildVariants(doc: RenderedDocument, profile: ResponseProfile): Variants {
  const common: Record<string, string> = {
    "content-type": profile.contentType,
    etag: doc.etag,
    "last-modified": doc.lastModifiedHttp,
    "cache-control": cacheControl(profile.policy),
    vary: "Accept-Encoding",
    ...profile.headers,
  };
  const get: Variants["get"] = { identity: undefined, gzip: undefined, br: undefined };
  const head: Variants["head"] = { identity: undefined, gzip: undefined, br: undefined };
  for (const [encoding, body] of [["identity", doc.body], ["gzip", doc.gzip], ["br", doc.br]] as const) {
    if (!body) continue;
    const headers: Record<string, string> = { ...common };
    if (encoding !== "identity") headers["content-encoding"] = encoding;
    headers["content-length"] = String(body.byteLength);
    get[encoding] = plan(200, headers, body);
    head[encoding] = plan(200, headers);
  }
  // RFC 9110 §15.4.5: a 304 carries the validators and caching headers a 200 would, but SHOULD NOT carry other
  // representation metadata; the reader (or CDN) keeps the Content-Type it stored with the 200.
  const { "content-type": _representationOnly, ...notModified } = common;
  return { notModified: plan(304, notModified), get, head };
}

// Not frozen, only typed readonly: V8 copies a frozen array through its slow path (~2 µs against ~60 ns for `slice`).
function plan(status: 200 | 304, headers: Record<string, string>, body?: Uint8Array): ResponsePlan {
  const copy = { ...headers };
  const flatHeaders = [...Object.entries(copy).flat(), "x-request-id", ""];
  return body ? { status, headers: copy, flatHeaders, body } : { status, headers: copy, flatHeaders };
}

/** The request headers a cached response depends on. */
export interface ConditionalRequest {
  method: string;
  ifNoneMatch: string | null | undefined;
  ifModifiedSince: string | null | undefined;
  acceptEncoding: string | null | undefined;
}

/** Decides the response to a request: 304, or 200 in the best encoding the client takes; no allocation on a hit. */
export function planCachedResponse(request: ConditionalRequest, doc: RenderedDocument, profile: ResponseProfile): ResponsePlan {
  const variants = variantsOf(doc, profile);
  if (notModified(request.ifNoneMatch, request.ifModifiedSince, doc)) return variants.notModified;
  const encoding = chooseEncoding(request.acceptEncoding ?? null, doc);
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
  const headers = requestId === undefined ? { ...plan.headers } : { ...plan.headers, "x-request-id": requestId };
  return new Response((plan.body as Uint8Array<ArrayBuffer> | undefined) ?? null, { status: plan.status, headers });
}

/** RFC 9110 §13.1.2/§13.1.3: If-None-Match wins; If-Modified-Since only counts when there is none. */
function notModified(inm: string | null | undefined, ims: string | null | undefined, doc: RenderedDocument): boolean {
  if (inm != null) {
    // A poller sending back the tag it was given, the common case, needs no parsing.
    if (inm === doc.etag) return true;
    if (inm.trim() === "*") return true;
    // Weak comparison (§8.8.3.2): a CDN may hand back our tag with W/ after re-encoding the body.
    for (const tag of inm.split(",")) if (opaqueTag(tag) === doc.etag) return true;
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
const weightsByHeader = new Map<string, Weights>();
const MAX_REMEMBERED_HEADERS = 256;

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
  if (weightsByHeader.size >= MAX_REMEMBERED_HEADERS) weightsByHeader.clear();
  weightsByHeader.set(header, w);
  return w;
}
