/**
 * Renders each document once per content change and keeps its bytes, pre-compressed, for every later request.
 * A cached document is trusted for `revalidateMs`; after that one store read decides whether it is still current
 * (same version → the bytes stay, only the check time moves). Local publishes invalidate at once.
 */
import { LRUCache } from "lru-cache";
import { bytesToBase64url } from "../crypto/base64url.ts";

export interface Compressors {
  gzip(bytes: Uint8Array): Uint8Array;
  brotli(bytes: Uint8Array): Uint8Array;
}

export interface RenderedDocument {
  body: Uint8Array;
  gzip?: Uint8Array;
  br?: Uint8Array;
  /** Strong validator: a hash of the identity body. */
  etag: string;
  lastModified: Date;
  /** `lastModified` as an HTTP date, formatted once rather than per request. */
  lastModifiedHttp: string;
}

/** What a loader hands the cache: a version to compare, and how to render when the version is new. */
export interface Loaded {
  version: string;
  lastModified: Date;
  render: () => string;
}

export type LoadResult = Loaded | { error: string };

export interface RenderCacheOptions {
  now: () => number;
  revalidateMs: number;
  maxEntries: number;
  compress?: Compressors;
}

interface Entry {
  version: string;
  checkedAt: number;
  /** The feeds whose change makes this entry stale. */
  feeds: readonly string[];
  doc: RenderedDocument;
}

const encoder = new TextEncoder();

export function createRenderCache(options: RenderCacheOptions) {
  // Bounded by count, least recently used out first; freshness is this module's own (checkedAt), not lru-cache's TTL,
  // since a stale entry is still served when the store fails and `invalidate` goes by feed.
  const entries = new LRUCache<string, Entry>({ max: options.maxEntries });
  const inflight = new Map<string, Promise<RenderedDocument | { error: string }>>();
  let renders = 0;

  async function get(key: string, feeds: readonly string[], load: () => Promise<LoadResult>): Promise<RenderedDocument | { error: string }> {
    const entry = entries.get(key);
    if (entry && options.now() - entry.checkedAt < options.revalidateMs) return entry.doc;
    // Concurrent requests for the same stale document share one store read and one render.
    const pending = inflight.get(key);
    if (pending) return pending;
    const work = refresh(key, feeds, entry, load).finally(() => inflight.delete(key));
    inflight.set(key, work);
    return work;
  }

  async function refresh(key: string, feeds: readonly string[], entry: Entry | undefined, load: () => Promise<LoadResult>) {
    let loaded: LoadResult;
    try {
      loaded = await load();
    } catch (error) {
      // The store is down or throttling: a stale document beats an error (RFC 5861 stale-if-error, at the origin).
      // The check time stays old, so the next request tries the store again.
      if (entry) return entry.doc;
      throw error;
    }
    if ("error" in loaded) return loaded;
    const checkedAt = options.now();
    if (entry && entry.version === loaded.version) {
      entry.checkedAt = checkedAt;
      return entry.doc;
    }
    const doc = await renderDocument(loaded, options.compress);
    renders++;
    entries.set(key, { version: loaded.version, checkedAt, feeds, doc });
    return doc;
  }

  /** The document under `key` if it is still within its revalidation window, without touching the store. */
  function peek(key: string): RenderedDocument | undefined {
    const entry = entries.get(key);
    return entry && options.now() - entry.checkedAt < options.revalidateMs ? entry.doc : undefined;
  }

  /** Makes every document built from these feeds re-check the store on its next request. */
  function invalidate(feeds: readonly string[]): void {
    const changed = new Set(feeds);
    for (const entry of entries.values()) {
      if (entry.feeds.some((f) => changed.has(f))) entry.checkedAt = Number.NEGATIVE_INFINITY;
    }
  }

  return { get, peek, invalidate, stats: () => ({ entries: entries.size, renders }) };
}

export type RenderCache = ReturnType<typeof createRenderCache>;

async function renderDocument(loaded: Loaded, compress?: Compressors): Promise<RenderedDocument> {
  const body = encoder.encode(loaded.render());
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const doc: RenderedDocument = {
    body,
    etag: `"${bytesToBase64url(digest.slice(0, 18))}"`,
    lastModified: loaded.lastModified,
    lastModifiedHttp: loaded.lastModified.toUTCString(),
  };
  // Tiny bodies are not worth compressing: the headers would outweigh the saving.
  if (compress && body.byteLength > 512) {
    doc.gzip = compress.gzip(body);
    doc.br = compress.brotli(body);
  }
  return doc;
}
