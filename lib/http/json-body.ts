/**
 * JSON request bodies: Hono's bodyLimit caps the size (413), then readJsonBody checks the media type (415), UTF-8 and
 * JSON (400), each as problem+json instead of a throw. A route that reads a body takes jsonBodyLimit first.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problemResponse } from "./problem.ts";

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

/** Refuses a body over `maxBytes`: by its Content-Length up front, or while reading one sent without. */
export function jsonBodyLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => problemResponse({ status: 413, title: "Content Too Large", detail: `The body must be at most ${maxBytes} bytes.` }),
  });
}

export async function readJsonBody(c: Context): Promise<BodyResult> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    return fail(415, "Unsupported Media Type", "Send the body as application/json.");
  }
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    // Fatal: a body that is not UTF-8 is refused, not read with replacement characters (c.req.json() would).
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail(400, "Bad Request", "The body is not valid UTF-8.");
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return fail(400, "Bad Request", "The body is not valid JSON.");
  }
}

const fail = (status: number, title: string, detail: string): BodyResult => ({
  ok: false,
  response: problemResponse({ status, title, detail }),
});
