/**
 * An HTTP/2 transport for push sends: one multiplexed session per push-service origin. The runtime's
 * `connect` (node:http2's) is passed in, so this file stays free of runtime imports.
 */

import type { PushRequest, PushResponse, PushTransport } from "./sender.ts";

type Headers = Record<string, string | string[] | number | undefined>;

/** The slice of a node:http2 client stream this transport uses. */
export interface Http2StreamLike {
  on(event: "response", listener: (headers: Headers) => void): unknown;
  on(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  on(event: "end" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  setTimeout(ms: number, callback: () => void): unknown;
  close(code?: number): unknown;
  end(body?: Uint8Array): unknown;
}

/** The slice of a node:http2 client session this transport uses. */
export interface Http2SessionLike {
  request(headers: Headers): Http2StreamLike;
  on(event: "close" | "goaway", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  readonly closed: boolean;
  readonly destroyed: boolean;
  close(): unknown;
}

/** An HTTP/2 transport plus a way to close its sessions. */
export interface Http2Transport {
  send: PushTransport;
  close(): void;
}

const NGHTTP2_CANCEL = 8;

/** Error a transport raises for a network-level failure; `code` makes the sender answer `retry`. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * Builds a transport that keeps one session per origin and opens a stream per message. Compared
 * with HTTP/1.1 keep-alive (one request in flight per socket) it roughly halves the client CPU per
 * message, which is most of what stands between a send and the raw encryption cost.
 */
export function createHttp2Transport(connect: (origin: string) => Http2SessionLike): Http2Transport {
  const sessions = new Map<string, Http2SessionLike>();

  const sessionFor = (origin: string): Http2SessionLike => {
    const existing = sessions.get(origin);
    if (existing && !existing.closed && !existing.destroyed) return existing;
    const session = connect(origin);
    const forget = () => {
      if (sessions.get(origin) === session) sessions.delete(origin);
    };
    session.on("close", forget);
    session.on("goaway", forget);
    // Errors surface on each stream too; this listener only keeps them from being unhandled.
    session.on("error", forget);
    sessions.set(origin, session);
    return session;
  };

  const send = (request: PushRequest): Promise<PushResponse> =>
    new Promise((resolve, reject) => {
      const url = new URL(request.endpoint);
      let stream: Http2StreamLike;
      try {
        stream = sessionFor(url.origin).request({
          ":method": "POST",
          ":path": url.pathname + url.search,
          ...lowerCase(request.headers),
        });
      } catch (error) {
        reject(new TransportError(error instanceof Error ? error.message : String(error), "ERR_HTTP2_SESSION"));
        return;
      }
      let status = 0;
      let responseHeaders: Record<string, string | undefined> = {};
      let body = "";
      const decoder = new TextDecoder();
      stream.setTimeout(request.timeoutMs, () => {
        stream.close(NGHTTP2_CANCEL);
        reject(new TransportError("push service did not answer in time", "ETIMEDOUT"));
      });
      stream.on("response", (headers) => {
        status = Number(headers[":status"]);
        responseHeaders = flatten(headers);
      });
      stream.on("data", (chunk) => {
        if (body.length < 1024) body += decoder.decode(chunk, { stream: true });
      });
      stream.on("end", () => resolve({ status, headers: responseHeaders, body }));
      stream.on("error", (error) =>
        reject(new TransportError(error.message, (error as Error & { code?: string }).code ?? "ERR_HTTP2_STREAM")),
      );
      // A stream can close without "end" or "error" (its session went away); never leave the send hanging.
      stream.on("close", () => reject(new TransportError("stream closed before the response ended", "ERR_HTTP2_STREAM_CLOSED")));
      stream.end(request.body);
    });

  return {
    send,
    close() {
      for (const session of sessions.values()) session.close();
      sessions.clear();
    },
  };
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  // HTTP/2 forbids connection-specific headers; the length is implied by the DATA frames.
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower !== "content-length" && lower !== "connection") out[lower] = value;
  }
  return out;
}

function flatten(headers: Headers): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = Array.isArray(value) ? value.join(", ") : value === undefined ? undefined : String(value);
  }
  return out;
}
