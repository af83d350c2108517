/** Bearer-token guard for newsroom routes; compares in constant time and never echoes the token. */
import type { MiddlewareHandler } from "hono";
import { secretsEqual } from "../crypto/digest.ts";
import { problemResponse } from "./problem.ts";

export function adminAuth(adminToken: string): MiddlewareHandler {
  return async function adminAuth(c, next) {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer[ ]+(\S{1,512})$/i.exec(header);
    if (!match || !(await secretsEqual(match[1]!, adminToken))) {
      return problemResponse(
        { status: 401, title: "Unauthorized", detail: "A valid admin token is required: Authorization: Bearer <ADMIN_TOKEN>." },
        { "www-authenticate": 'Bearer realm="newsroom"' },
      );
    }
    await next();
  };
}
