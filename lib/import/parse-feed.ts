/** Reads a feed document of any supported format: decodes the bytes, detects the format by content, parses it. */
import type { FeedSource } from "./feed-source.ts";
import { jsonFeedToSource } from "./json-feed.ts";
import { xmlFeedToSource } from "./xml-feed.ts";

export type ParseFeedResult = { ok: true; source: FeedSource } | { ok: false; error: string };

/**
 * Decodes feed bytes: a BOM wins, then the charset of the Content-Type, then the XML declaration's encoding,
 * then UTF-8 (JSON is always UTF-8). Unknown labels fall back to UTF-8; malformed bytes become U+FFFD.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string): string {
  const label = bomEncoding(bytes) ?? charsetOf(contentType) ?? xmlDeclaredEncoding(bytes) ?? "utf-8";
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(bytes);
}

/** JSON (first non-blank character `{`) is read as JSON Feed; anything else goes to the RSS/Atom parser. */
export function parseFeedText(text: string): ParseFeedResult {
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (!body) return { ok: false, error: "import: the document is empty" };
  if (body.startsWith("{")) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (error) {
      return { ok: false, error: `import: invalid JSON (${error instanceof Error ? error.message : String(error)})` };
    }
    return jsonFeedToSource(json);
  }
  return xmlFeedToSource(body);
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  return undefined;
}

function charsetOf(contentType: string | undefined): string | undefined {
  return contentType ? /;\s*charset="?([\w.:-]+)"?/i.exec(contentType)?.[1] : undefined;
}

function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  // The declaration is ASCII by rule, so reading the head as Latin-1 is safe whatever the encoding.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  return /^<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(head)?.[1];
}
