/** A WebSub hub URL made safe to call and to log: credentials moved out of the URL into a header. */

/** Where to POST, with what Authorization, and what may appear in a log line. */
export interface HubEndpoint {
  /** The hub URL without user-info (fetch refuses URLs that carry credentials). */
  url: string;
  /** `Basic …` when the configured URL carried `user:password@` (Superfeedr-style hubs). */
  authorization?: string;
  /** Scheme, host and port only: paths and queries can hold tokens, so they never reach the log. */
  label: string;
}

export function parseHubEndpoint(hubUrl: string): HubEndpoint {
  const url = new URL(hubUrl);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = "";
  url.password = "";
  const endpoint: HubEndpoint = { url: url.href, label: url.origin };
  if (user || password) endpoint.authorization = `Basic ${base64(`${user}:${password}`)}`;
  return endpoint;
}

function base64(text: string): string {
  let binary = "";
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}
