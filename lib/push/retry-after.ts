/** Retry-After parsing, shared by push delivery and WebSub pings; kept apart from sender.ts so neither drags in web-push. */

/** Parses Retry-After (delta-seconds or HTTP-date, RFC 9110 §10.2.3) into a delay in ms. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
