/** Reads a feed document from an http(s) url or a file, refusing anything over the size cap. */
import { open } from "node:fs/promises";

export const MAX_FEED_BYTES = 10 * 1024 * 1024;

export type FeedBytes = { ok: true; bytes: Uint8Array; contentType?: string } | { ok: false; error: string };

/** An http(s) url is fetched (redirects followed); anything else is a file path. */
export function readFeed(source: string, maxBytes = MAX_FEED_BYTES): Promise<FeedBytes> {
  return /^https?:\/\//i.test(source) ? fetchFeed(source, maxBytes) : readFeedFile(source, maxBytes);
}

async function fetchFeed(url: string, maxBytes: number): Promise<FeedBytes> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/feed+json, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5" },
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    return { ok: false, error: `cannot fetch ${url}: ${errorText(error)}` };
  }
  if (!response.ok) return { ok: false, error: `cannot fetch ${url}: HTTP ${response.status}` };
  const declared = Number(response.headers.get("content-length"));
  if (declared > maxBytes) return { ok: false, error: tooLarge(url, maxBytes) };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
    size += next.value.byteLength;
    // Stop reading as soon as the cap is passed; Content-Length may be absent or wrong.
    if (size > maxBytes) {
      await reader?.cancel();
      return { ok: false, error: tooLarge(url, maxBytes) };
    }
    chunks.push(next.value);
  }
  const contentType = response.headers.get("content-type");
  return { ok: true, bytes: Buffer.concat(chunks), ...(contentType ? { contentType } : {}) };
}

async function readFeedFile(path: string, maxBytes: number): Promise<FeedBytes> {
  try {
    const file = await open(path, "r");
    try {
      // Read one byte past the cap rather than trusting stat (pipes and /dev files have no size).
      const buffer = Buffer.alloc(maxBytes + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await file.read(buffer, length, buffer.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > maxBytes) return { ok: false, error: tooLarge(path, maxBytes) };
      return { ok: true, bytes: buffer.subarray(0, length) };
    } finally {
      await file.close();
    }
  } catch (error) {
    return { ok: false, error: `cannot read ${path}: ${errorText(error)}` };
  }
}

const tooLarge = (source: string, maxBytes: number) => `${source} is larger than ${maxBytes / 1024 / 1024} MB`;

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}
