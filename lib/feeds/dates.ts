/** Feed date formats: RFC 822 (RSS 2.0) with English names, and RFC 3339 (Atom, JSON Feed). */

// RFC 822 names are fixed English tokens, never localised: an Arabic feed still says "Wed" and "Jul".
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

function parse(iso: string | undefined): Date | undefined {
  if (iso === undefined) return undefined;
  const date = new Date(iso);
  const year = date.getUTCFullYear();
  // Both formats need a four-digit year; anything else (or NaN) is treated as no date at all.
  return Number.isNaN(date.getTime()) || year < 0 || year > 9999 ? undefined : date;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** `Wed, 08 Jul 2020 18:57:00 GMT`, or `undefined` when `iso` is not a usable date. */
export function rfc822Date(iso: string | undefined): string | undefined {
  const d = parse(iso);
  if (d === undefined) return undefined;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCFullYear(), 4)} ${time} GMT`;
}

/** `2020-07-08T18:57:00Z` (UTC, seconds precision), or `undefined` when `iso` is not a usable date. */
export function rfc3339Date(iso: string | undefined): string | undefined {
  const d = parse(iso);
  if (d === undefined) return undefined;
  return `${d.toISOString().slice(0, 19)}Z`;
}
