/**
 * The push transport on undici: HTTP/1.1 keep-alive, one connection pool per push-service origin.
 *
 * Here (functions/node/) rather than in lib/push/: undici is an npm package, but it is Node's HTTP client, built on
 * node:net and node:tls, so lib/ importing it would tie the runtime-free code to Node as surely as `node:http2` would.
 * The transport is only glue between a PushRequest and `Pool.request()`; there is no runtime-free part worth
 * injecting a pool factory for. lib/ sees only the PushTransport function.
 */
import { Pool } from "undici";
import { TransportError } from "../../lib/push/http2-transport.ts";
import type { PushRequest, PushResponse, PushTransport } from "../../lib/push/sender.ts";

export interface UndiciTransportOptions {
  /** Extra trusted CA certificates (PEM), for a test push service with a self-signed certificate. */
  ca?: string | Buffer;
  /**
   * Connections per push-service origin. A send waits in the pool's queue when all are busy, so this should be at
   * least the sends kept in flight per origin (PUSH_CONCURRENCY × batches in parallel) divided by `pipelining`.
   * Default 64.
   */
  connections?: number;
  /**
   * Requests written on a connection before the first answer comes back. Default 1 (no pipelining): responses come
   * back in order, so one slow answer holds up every request queued behind it on that connection, and a connection
   * that breaks re-sends the requests behind the first (POST has to be marked idempotent to be pipelined at all, so a
   * re-sent message can arrive twice; Topic and the notification tag make a repeat replace the first).
   */
  pipelining?: number;
  /**
   * An idle connection is closed after this long (less if the server's Keep-Alive header says so, minus 2 s).
   * Default 30 s: long enough to carry connections from one batch to the next (a TLS handshake costs the client
   * about as much CPU as 10–20 messages), short enough to stay under common server idle timeouts.
   */
  keepAliveTimeoutMs?: number;
  /** TCP + TLS connect timeout. Default 10 s. */
  connectTimeoutMs?: number;
}

/** A transport plus a way to close its pools. */
export interface UndiciTransport {
  send: PushTransport;
  /** Closes every pool: requests in flight finish, idle connections close. */
  close(): Promise<void>;
}

/** A response body is only read for the reason of a refusal; more than this is not kept. */
const MAX_BODY_CHARS = 1024;

const TIMEOUT_CODES: ReadonlySet<string> = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);

function transportError(error: unknown): TransportError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code !== "string") return new TransportError(message, "ERR_UNDICI");
  // The sender reports ETIMEDOUT as reason "timeout", like the HTTP/2 transport's deadline.
  return new TransportError(message, TIMEOUT_CODES.has(code) ? "ETIMEDOUT" : code);
}

/**
 * Builds the transport. `request.timeoutMs` is undici's `headersTimeout` (from the request being written to the
 * response headers; the connection is closed when it passes) and `bodyTimeout` (longest gap between body chunks).
 * Time spent waiting for a free connection is not counted, so keep `connections × pipelining` ≥ the sends in flight.
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const pools = new Map<string, Pool>();
  const poolOptions: Pool.Options = {
    connections: options.connections ?? 64,
    pipelining: options.pipelining ?? 1,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    connect: {
      timeout: options.connectTimeoutMs ?? 10_000,
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
    },
  };
  const idempotent = (options.pipelining ?? 1) > 1;

  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, poolOptions);
      pools.set(origin, pool);
    }
    return pool;
  };

  const send = async (request: PushRequest): Promise<PushResponse> => {
    let response;
    try {
      const url = new URL(request.endpoint);
      response = await poolFor(url.origin).request({
        method: "POST",
        path: url.pathname + url.search,
        headers: request.headers,
        body: request.body,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
        // undici pipelines a POST only when told it may be re-sent (see `pipelining`).
        ...(idempotent ? { idempotent: true } : {}),
      });
    } catch (error) {
      throw transportError(error);
    }
    const { statusCode, headers, body } = response;
    const retryAfter = headers["retry-after"];
    try {
      if (statusCode >= 200 && statusCode < 300) {
        // The connection is reused only once the body has been read to its end.
        await body.dump();
        return { status: statusCode, headers: {} };
      }
      let text = "";
      const decoder = new TextDecoder();
      for await (const chunk of body) {
        if (text.length < MAX_BODY_CHARS) text += decoder.decode(chunk as Uint8Array, { stream: true });
      }
      return { status: statusCode, headers: retryAfter === undefined ? {} : { "retry-after": retryAfter }, body: text.slice(0, MAX_BODY_CHARS) };
    } catch (error) {
      throw transportError(error);
    }
  };

  return {
    send,
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((pool) => pool.close()));
    },
  };
}
