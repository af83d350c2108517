/**
 * Bearer-token guard for newsroom routes; compares in constant time and never echoes the token. Wrong tokens are
 * counted per client address: past `failuresPerMinute`, every admin request from that address gets 429 until the
 * budget refills, so an operator-chosen token cannot be guessed at request speed.
 */
import type { Context, MiddlewareHandler } from "hono";
// Hono's bearerAuth uses it too: SHA-256 of both sides compared in constant time, so neither content nor length leaks.
import { timingSafeEqual } from "hono/utils/buffer";
import { problemResponse } from "./problem.ts";
import { tokenBuckets, tooManyRequests } from "./rate-limit.ts";

export interface AdminAuthOptions {
  token: string;
  /** The client's address; undefined (or no function) leaves that request unthrottled. */
  clientAddress?: (c: Context) => string | undefined;
  /** Wrong tokens allowed per address per minute (ADMIN_FAILURES_PER_MINUTE); also the burst. */
  failuresPerMinute: number;
  now: () => number;
}

export function adminAuth(options: AdminAuthOptions): MiddlewareHandler {
  const failures = tokenBuckets({ perMinute: options.failuresPerMinute, now: options.now });
  return async function adminAuth(c, next) {
    const address = options.clientAddress?.(c);
    const wait = address === undefined ? undefined : failures.wait(address);
    if (wait !== undefined) {
      return tooManyRequests(`Too many requests with a wrong admin token from this address; try again in ${wait} s.`, wait);
    }
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer[ ]+(\S{1,512})$/i.exec(header);
    if (!match || !(await timingSafeEqual(match[1]!, options.token))) {
      // A request without any Authorization header is not a guess; only presented credentials count.
      if (address !== undefined && header !== "") failures.take(address);
      return problemResponse(
        { status: 401, title: "Unauthorized", detail: "A valid admin token is required: Authorization: Bearer <ADMIN_TOKEN>." },
        { "www-authenticate": 'Bearer realm="newsroom"' },
      );
    }
    await next();
  };
}
