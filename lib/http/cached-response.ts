/** Serves a pre-rendered document with HTTP caching done right: validators, 304s, HEAD and encoding negotiation. */
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

/** A response decided but not yet built: what both the Hono route and the Node fast path send. */
export interface ResponsePlan {
  status: 200 | 304;
  headers: Record<string, string>;
  /** Absent for 304 and HEAD. */
  body?: Uint8Array;
}

/** Decides status, headers and body for a request; `extraHeaders` carries per-route headers (CORS, CSP, ids). */
export function planCachedResponse(
  method: string,
  header: (name: string) => string | null | undefined,
  doc: RenderedDocument,
  contentType: string,
  policy: CachePolicy,
  extraHeaders: Record<string, string> = {},
): ResponsePlan {
  const headers: Record<string, string> = {
    "content-type": contentType,
    etag: doc.etag,
    "last-modified": doc.lastModifiedHttp,
    "cache-control": cacheControl(policy),
    vary: "Accept-Encoding",
    ...extraHeaders,
  };
  if (notModified(header, doc)) return { status: 304, headers };
  const encoding = chooseEncoding(header("accept-encoding") ?? null, doc);
  const body = encoding === "br" ? doc.br! : encoding === "gzip" ? doc.gzip! : doc.body;
  if (encoding !== "identity") headers["content-encoding"] = encoding;
  headers["content-length"] = String(body.byteLength);
  return method === "HEAD" ? { status: 200, headers } : { status: 200, headers, body };
}

/** The planned response as a Web Response. */
export function cachedResponse(
  request: Request,
  doc: RenderedDocument,
  contentType: string,
  policy: CachePolicy,
  extraHeaders: Record<string, string> = {},
): Response {
  const plan = planCachedResponse(request.method, (name) => request.headers.get(name), doc, contentType, policy, extraHeaders);
  return new Response((plan.body as Uint8Array<ArrayBuffer> | undefined) ?? null, { status: plan.status, headers: plan.headers });
}

/** RFC 9110 §13.1.2/§13.1.3: If-None-Match wins; If-Modified-Since only counts when there is none. */
function notModified(header: (name: string) => string | null | undefined, doc: RenderedDocument): boolean {
  const inm = header("if-none-match") ?? null;
  if (inm !== null) {
    if (inm.trim() === "*") return true;
    // Weak comparison: a CDN may hand back our tag with W/ after re-encoding the body.
    const strip = (tag: string) => tag.trim().replace(/^W\//, "");
    return inm.split(",").some((tag) => strip(tag) === doc.etag);
  }
  const ims = header("if-modified-since") ?? null;
  if (ims === null) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && Math.floor(doc.lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

type Encoding = "br" | "gzip" | "identity";

/** Picks the best encoding the client accepts (q > 0) among those we have; ties prefer br. */
export function chooseEncoding(header: string | null, doc: Pick<RenderedDocument, "br" | "gzip">): Encoding {
  if (!header) return "identity";
  const q = new Map<string, number>();
  for (const part of header.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    if (name) q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weight = (name: string) => q.get(name) ?? q.get("*") ?? 0;
  const candidates: Encoding[] = [];
  if (doc.br && weight("br") > 0) candidates.push("br");
  if (doc.gzip && weight("gzip") > 0) candidates.push("gzip");
  candidates.sort((a, b) => weight(b) - weight(a));
  return candidates[0] ?? "identity";
}
