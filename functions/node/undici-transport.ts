/**
 * The push transport on undici: HTTP/1.1 keep-alive, one connection pool per push-service origin.
 *
 * Here (functions/node/) rather than in lib/push/: undici is an npm package, but it is Node's HTTP client, built on
 * node:net and node:tls, so lib/ importing it would tie the runtime-free code to Node as surely as `node:http2` would.
 * The transport is only glue between a PushRequest and `Pool.dispatch()`; there is no runtime-free part worth
 * injecting a pool factory for. lib/ sees only the PushTransport function.
 */
import { Pool, type Dispatcher } from "undici";
import { endpointParts } from "../../lib/push/endpoint-parts.ts";
import type { PushRequest, PushResponse, PushTransport } from "../../lib/push/sender.ts";

export interface UndiciTransportOptions {
  /** Extra trusted CA certificates (PEM), for a test push service with a self-signed certificate. */
  ca?: string | Buffer;
  /**
   * Connections per push-service origin, one request in flight on each (no pipelining: answers come back in order, so
   * one slow answer would hold up the requests behind it, and a broken connection would re-send them). A send waits in
   * the pool's queue when all are busy, so this should be at least the sends kept in flight per origin. Default 64.
   */
  connections?: number;
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

/** A network-level failure; its `code` (ECONNREFUSED, ETIMEDOUT, …) makes the sender answer `retry`. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);

function transportError(error: unknown): TransportError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code !== "string") return new TransportError(message, "ERR_UNDICI");
  // The sender reports ETIMEDOUT as reason "timeout".
  return new TransportError(message, TIMEOUT_CODES.has(code) ? "ETIMEDOUT" : code);
}

/** `retry-after` spelled in any case, as raw header names come off the wire. */
function isRetryAfter(name: Buffer): boolean {
  return name.length === 11 && name.toString("latin1").toLowerCase() === "retry-after";
}

/**
 * One send as an undici dispatch handler (the callback form `Dispatcher.dispatch` takes without wrapping it): no
 * response object, body stream or promise per step, only this object and the send's own promise. A 2xx answer's
 * headers and body are not looked at; a refusal keeps Retry-After and up to 1 KB of its body for the reason.
 */
class PushExchange implements Dispatcher.DispatchHandler {
  private status = 0;
  private retryAfter: string | string[] | undefined;
  private body = "";
  private decoder: TextDecoder | undefined;

  constructor(
    private readonly resolve: (response: PushResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  onConnect(): void {}

  onHeaders(statusCode: number, rawHeaders: Buffer[] | null): boolean {
    this.status = statusCode;
    if (statusCode >= 300 && rawHeaders) {
      for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        if (!isRetryAfter(rawHeaders[i]!)) continue;
        const value = rawHeaders[i + 1]!.toString("latin1");
        this.retryAfter = this.retryAfter === undefined ? value : [this.retryAfter, value].flat();
      }
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    // The body of a 2xx is drained (so the connection is reused) but not kept.
    if (this.status >= 300 && this.body.length < MAX_BODY_CHARS) {
      this.decoder ??= new TextDecoder();
      this.body += this.decoder.decode(chunk, { stream: true });
    }
    return true;
  }

  onComplete(): void {
    if (this.status < 300) this.resolve({ status: this.status, headers: {} });
    else {
      const headers = this.retryAfter === undefined ? {} : { "retry-after": this.retryAfter };
      this.resolve({ status: this.status, headers, body: this.body.slice(0, MAX_BODY_CHARS) });
    }
  }

  onError(error: Error): void {
    this.reject(transportError(error));
  }
}

/**
 * Builds the transport. `request.timeoutMs` is undici's `headersTimeout` (from the request being written to the
 * response headers; the connection is closed when it passes) and `bodyTimeout` (longest gap between body chunks).
 * Time spent waiting for a free connection is not counted, so keep `connections` ≥ the sends in flight.
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const pools = new Map<string, Pool>();
  const poolOptions: Pool.Options = {
    connections: options.connections ?? 64,
    pipelining: 1,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    connect: {
      timeout: options.connectTimeoutMs ?? 10_000,
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
    },
  };
  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, poolOptions);
      pools.set(origin, pool);
    }
    return pool;
  };

  const send = (request: PushRequest): Promise<PushResponse> =>
    new Promise((resolve, reject) => {
      const exchange = new PushExchange(resolve, reject);
      try {
        const { origin, path } = endpointParts(request.endpoint);
        // dispatch reports its own failures (closed pool, bad argument) to onError; a throw here is ours.
        poolFor(origin).dispatch(
          {
            method: request.method as Dispatcher.HttpMethod,
            path,
            headers: request.headers,
            body: request.body,
            headersTimeout: request.timeoutMs,
            bodyTimeout: request.timeoutMs,
          },
          exchange,
        );
      } catch (error) {
        reject(transportError(error));
      }
    });

  return {
    send,
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((pool) => pool.close()));
    },
  };
}
