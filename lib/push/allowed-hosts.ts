/** Which push-service endpoints we will POST to: the default allowlist, PUSH_ALLOWED_HOSTS, and exact matching. */

/** One allowlist entry: an exact host (optionally with port) or a `*.suffix` wildcard. */
export type AllowedHost =
  | { kind: "exact"; host: string; port: string }
  | { kind: "wildcard"; suffix: string };

/** The push services browsers actually use (Chrome/Edge via FCM, Firefox, Windows, Safari). */
export const DEFAULT_ALLOWED_HOSTS: readonly string[] = [
  "fcm.googleapis.com",
  "android.googleapis.com",
  "updates.push.services.mozilla.com",
  "*.notify.windows.com",
  "web.push.apple.com",
  "*.push.apple.com",
];

function parseEntry(entry: string): AllowedHost | undefined {
  const wildcard = entry.startsWith("*.");
  const body = wildcard ? entry.slice(2) : entry;
  let url: URL;
  try {
    url = new URL(`https://${body}/`);
  } catch {
    return undefined;
  }
  // The entry must already be in canonical form, so what we compare against is what we were given.
  if (url.host !== body || url.pathname !== "/" || url.username || url.password) return undefined;
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9-]+(\.[a-z0-9-]+)*)$/.test(url.hostname)) return undefined;
  if (wildcard) {
    if (url.port || !url.hostname.includes(".") || isIpLiteral(url.hostname)) return undefined;
    return { kind: "wildcard", suffix: `.${url.hostname}` };
  }
  return { kind: "exact", host: url.hostname, port: url.port };
}

/**
 * Parses PUSH_ALLOWED_HOSTS (comma-separated `host`, `host:port`, `[v6]:port` or `*.domain`).
 * Empty or undefined gives the default list; a value replaces it entirely.
 */
export function parseAllowedHosts(
  envValue: string | undefined,
): { ok: true; hosts: AllowedHost[] } | { ok: false; message: string } {
  const raw = envValue?.trim() ? envValue.split(",") : [...DEFAULT_ALLOWED_HOSTS];
  const hosts: AllowedHost[] = [];
  for (const item of raw) {
    const entry = item.trim().toLowerCase();
    if (!entry) continue;
    const parsed = parseEntry(entry);
    if (!parsed) return { ok: false, message: `PUSH_ALLOWED_HOSTS: cannot use entry "${item.trim()}"` };
    hosts.push(parsed);
  }
  if (hosts.length === 0) return { ok: false, message: "PUSH_ALLOWED_HOSTS: no usable entries" };
  return { ok: true, hosts };
}

/** The default allowlist, parsed. */
export function defaultAllowedHosts(): AllowedHost[] {
  const parsed = parseAllowedHosts(undefined);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.hosts;
}

function isIpLiteral(hostname: string): boolean {
  // URL has already turned decimal, hex and octal IPv4 spellings into dotted quads.
  return hostname.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname);
}

function isLocalhost(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "localhost.";
}

/**
 * Why `endpoint` may not be used, or undefined when it is an https: URL on an allowed host.
 * IP literals, localhost, ports and user-info pass only through an exact entry; wildcards match
 * real subdomains only (`*.notify.windows.com` refuses `notify.windows.com` and `evilnotify.windows.com`).
 */
export function endpointProblem(endpoint: string, allowed: readonly AllowedHost[]): string | undefined {
  if (/[\s\\\u0000-\u001f\u007f]/.test(endpoint)) return "must not contain whitespace, control characters or backslashes";
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "must be an absolute URL";
  }
  if (url.protocol !== "https:") return "must use https:";
  const authority = /^https:\/\/([^/?#]*)/i.exec(endpoint)?.[1] ?? "";
  if (authority.includes("@") || url.username || url.password) return "must not contain user-info";
  const rawHost = authority.toLowerCase();
  if (rawHost !== url.host) {
    if (rawHost.startsWith(`${url.hostname}:`)) return `port ${rawHost.slice(url.hostname.length)} is not allowed`;
    // e.g. http://2130706433 or 0x7f.1 spelled so that URL rewrites it: refuse look-alikes outright.
    return `host "${authority}" is not in canonical form`;
  }
  const exact = allowed.some((a) => a.kind === "exact" && a.host === url.hostname && a.port === url.port);
  if (exact) return undefined;
  if (url.port) return `port :${url.port} is not allowed`;
  if (isIpLiteral(url.hostname)) return "IP-literal hosts are not allowed";
  if (isLocalhost(url.hostname)) return "localhost is not allowed";
  const wildcard = allowed.some(
    (a) => a.kind === "wildcard" && url.hostname.endsWith(a.suffix) && url.hostname.length > a.suffix.length,
  );
  if (wildcard) return undefined;
  return `host ${url.hostname} is not an allowed push service`;
}
