/** Defensive url handling: feeds only ever carry absolute http(s) urls, and bad input never throws. */

/**
 * The absolute http(s) form of `value` (resolved against `base` when relative), serialised by the
 * WHATWG URL parser so spaces, quotes and non-ASCII are percent-encoded; `undefined` when it is not
 * a usable http(s) url.
 */
export function httpUrl(value: string | undefined, base?: string): string | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  let url: URL;
  try {
    url = new URL(value, httpBase(base));
  } catch {
    return undefined;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
}

function httpBase(base: string | undefined): string | undefined {
  if (base === undefined) return undefined;
  try {
    return new URL(base).href;
  } catch {
    return undefined;
  }
}

/** `url` without its query and fragment: the stable part of a paged feed's address. */
export function withoutQuery(url: string): string {
  const parsed = new URL(url);
  parsed.search = "";
  parsed.hash = "";
  return parsed.href;
}
