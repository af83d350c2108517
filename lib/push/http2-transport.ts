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
  on(event: "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  /** The RST_STREAM code the stream closed with; 0 (NGHTTP2_NO_ERROR) after a complete exchange. */
  readonly rstCode?: number | undefined;
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
/** Longest gap between two timeout sweeps; a stream overstays its deadline by at most this much. */
const MAX_SWEEP_MS = 1000;
/** A response body is only read for the reason of a refusal; more than this is not kept. */
const MAX_BODY_CHARS = 1024;

/** Error a transport raises for a network-level failure; `code` makes the sender answer `retry`. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** One stream in flight: what its listeners need, kept on the stream so they can be shared functions. */
interface InFlight {
  resolve: (response: PushResponse) => void;
  reject: (error: Error) => void;
  /** The transport's set of streams in flight, left when the send settles. */
  owner: Set<TrackedStream>;
  deadline: number;
  status: number;
  retryAfter: string | undefined;
  body: string;
  decoder: TextDecoder | undefined;
  error: Error | undefined;
  settled: boolean;
}

const STATE = Symbol("push-in-flight");
type TrackedStream = Http2StreamLike & { [STATE]: InFlight };

// The listeners are module-level functions reading their state from the stream (`this`), so a request allocates
// one state object instead of five closures.
function onResponse(this: TrackedStream, headers: Headers): void {
  const s = this[STATE];
  s.status = Number(headers[":status"]);
  const retryAfter = headers["retry-after"];
  if (retryAfter !== undefined) s.retryAfter = Array.isArray(retryAfter) ? retryAfter.join(", ") : String(retryAfter);
}

function onData(this: TrackedStream, chunk: Uint8Array): void {
  const s = this[STATE];
  if (s.body.length >= MAX_BODY_CHARS) return;
  s.decoder ??= new TextDecoder();
  s.body += s.decoder.decode(chunk, { stream: true });
}

function onError(this: TrackedStream, error: Error): void {
  this[STATE].error = error;
}

function onClose(this: TrackedStream): void {
  const s = this[STATE];
  if (s.settled) return;
  s.settled = true;
  s.owner.delete(this);
  // "close" comes after the last "data" (the stream is destroyed only once its readable side ended), and also when a
  // stream dies without "end" or "error" (its session went away), so every send settles here exactly once.
  if (s.status > 0 && !s.error && (this.rstCode ?? 0) === 0) {
    s.resolve({ status: s.status, headers: s.retryAfter === undefined ? {} : { "retry-after": s.retryAfter }, body: s.body });
  } else if (s.error) {
    s.reject(new TransportError(s.error.message, (s.error as Error & { code?: string }).code ?? "ERR_HTTP2_STREAM"));
  } else {
    s.reject(new TransportError("stream closed before the response ended", "ERR_HTTP2_STREAM_CLOSED"));
  }
}

/**
 * Builds a transport that keeps one session per origin and opens a stream per message. Compared
 * with HTTP/1.1 keep-alive (one request in flight per socket) it roughly halves the client CPU per
 * message, which is most of what stands between a send and the raw encryption cost.
 *
 * `request.timeoutMs` bounds the whole exchange. One sweep timer serves every stream in flight (instead of a timer
 * per stream, re-armed on every frame); an overdue stream is cancelled with RST_STREAM(CANCEL) and its send rejects
 * with code ETIMEDOUT.
 */
export function createHttp2Transport(
  connect: (origin: string) => Http2SessionLike,
  options: { now?: () => number } = {},
): Http2Transport {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Http2SessionLike>();
  const inFlight = new Set<TrackedStream>();
  let sweepTimer: ReturnType<typeof setTimeout> | undefined;
  let sweepEvery = MAX_SWEEP_MS;

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

  const sweep = () => {
    sweepTimer = undefined;
    const t = now();
    for (const stream of inFlight) {
      const s = stream[STATE];
      if (t >= s.deadline) {
        s.settled = true;
        inFlight.delete(stream);
        stream.close(NGHTTP2_CANCEL);
        s.reject(new TransportError("push service did not answer in time", "ETIMEDOUT"));
      }
    }
    if (inFlight.size > 0) armSweep();
  };
  const armSweep = () => {
    if (sweepTimer !== undefined) return;
    sweepTimer = setTimeout(sweep, sweepEvery);
    // Do not keep a process (or a Lambda's event loop) alive just to check deadlines.
    (sweepTimer as { unref?: () => void }).unref?.();
  };

  const send = (request: PushRequest): Promise<PushResponse> =>
    new Promise((resolve, reject) => {
      let stream: TrackedStream;
      try {
        const url = new URL(request.endpoint);
        const headers: Headers = { ":method": "POST", ":path": url.pathname + url.search };
        for (const name in request.headers) {
          const lower = name.toLowerCase();
          // HTTP/2 forbids connection-specific headers; the length is implied by the DATA frames.
          if (lower !== "content-length" && lower !== "connection") headers[lower] = request.headers[name];
        }
        stream = sessionFor(url.origin).request(headers) as TrackedStream;
      } catch (error) {
        reject(new TransportError(error instanceof Error ? error.message : String(error), "ERR_HTTP2_SESSION"));
        return;
      }
      const state: InFlight = {
        resolve,
        reject,
        owner: inFlight,
        deadline: now() + request.timeoutMs,
        status: 0,
        retryAfter: undefined,
        body: "",
        decoder: undefined,
        error: undefined,
        settled: false,
      };
      stream[STATE] = state;
      stream.on("response", onResponse);
      stream.on("data", onData);
      stream.on("error", onError);
      stream.on("close", onClose);
      inFlight.add(stream);
      // Sweep at least four times per timeout, so a stream is cancelled within 1¼ of its timeout.
      if (request.timeoutMs / 4 < sweepEvery) sweepEvery = Math.max(10, request.timeoutMs / 4);
      armSweep();
      stream.end(request.body);
    });

  return {
    send,
    close() {
      for (const session of sessions.values()) session.close();
      sessions.clear();
      if (sweepTimer !== undefined) clearTimeout(sweepTimer);
      sweepTimer = undefined;
    },
  };
}
