/** Opaque, signed paging cursors: a client can hand one back but cannot forge or move one to another list. */
import { bytesToBase64url, base64urlToText, textToBase64url } from "../crypto/base64url.ts";
import { hmacSha256 } from "../crypto/digest.ts";

export interface CursorPosition {
  /** The list the cursor belongs to (feed key, or a search key). */
  list: string;
  /** The sort key of the last item served. */
  after: string;
}

const SIG_BYTES = 12;

async function signature(secret: string, payload: string): Promise<string> {
  const mac = await hmacSha256(secret, payload);
  return bytesToBase64url(mac.slice(0, SIG_BYTES));
}

export async function encodeCursor(secret: string, position: CursorPosition): Promise<string> {
  const payload = textToBase64url(JSON.stringify([position.list, position.after]));
  return `${payload}.${await signature(secret, payload)}`;
}

/** Returns the position, or undefined when the cursor is malformed, tampered with, or from another list. */
export async function decodeCursor(secret: string, cursor: string, list: string): Promise<CursorPosition | undefined> {
  if (cursor.length > 1024) return undefined;
  const [payload, sig, ...rest] = cursor.split(".");
  if (!payload || !sig || rest.length > 0) return undefined;
  if ((await signature(secret, payload)) !== sig) return undefined;
  const json = base64urlToText(payload);
  if (json === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [cursorList, after] = parsed;
  if (cursorList !== list || typeof after !== "string") return undefined;
  return { list, after };
}
