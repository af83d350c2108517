/** Feed date formats: RFC 822 (RSS 2.0) with English names, and RFC 3339 (Atom, JSON Feed). */

function parse(iso: string | undefined): Date | undefined {
  if (iso === undefined) return undefined;
  const date = new Date(iso);
  const year = date.getUTCFullYear();
  // Both formats need a four-digit year; anything else (or NaN) is treated as no date at all.
  return Number.isNaN(date.getTime()) || year < 0 || year > 9999 ? undefined : date;
}

/**
 * `Wed, 08 Jul 2020 18:57:00 GMT`, or `undefined` when `iso` is not a usable date. Date's toUTCString is this format
 * by the language spec (RFC 7231's IMF-fixdate, English names, a four-digit year): an Arabic feed still says "Wed".
 */
export function rfc822Date(iso: string | undefined): string | undefined {
  return parse(iso)?.toUTCString();
}

/** `2020-07-08T18:57:00Z` (UTC, seconds precision), or `undefined` when `iso` is not a usable date. */
export function rfc3339Date(iso: string | undefined): string | undefined {
  const d = parse(iso);
  if (d === undefined) return undefined;
  return `${d.toISOString().slice(0, 19)}Z`;
}
