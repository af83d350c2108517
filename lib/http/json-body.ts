/** Reads a JSON request body within a byte limit, answering 413/415/400 problems instead of throwing. */
import type { Context } from "hono";
import { problemResponse } from "./problem.ts";

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

export async function readJsonBody(c: Context, maxBytes: number): Promise<BodyResult> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    return fail(415, "Unsupported Media Type", "Send the body as application/json.");
  }
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBytes) return tooLarge(maxBytes);
  const text = await readLimited(c.req.raw, maxBytes);
  if (text === undefined) return tooLarge(maxBytes);
  if (text === null) return fail(400, "Bad Request", "The body is not valid UTF-8.");
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

const tooLarge = (maxBytes: number) => fail(413, "Content Too Large", `The body must be at most ${maxBytes} bytes.`);

/** Streams the body, stopping as soon as it passes the limit (undefined), or null when it is not UTF-8. */
async function readLimited(request: Request, maxBytes: number): Promise<string | undefined | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
