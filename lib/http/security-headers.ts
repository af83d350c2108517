/**
 * The headers every HTML page carries: a CSP with no inline script, no sniffing, no framing, no referrer leaks
 * off-site. RSS and Atom (a feed opened in a browser runs its view script) and sw.js take the CSP alone, with their
 * own nosniff. Hono's secureHeaders sets them; it runs once, here, because pages and feeds are
 * prebuilt responses shared between requests (cached-response.ts, and the Node fast path that never enters Hono):
 * its headers go into those prebuilt responses rather than being set again on each one after the route.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

const pageSecurity = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "https:", "http:", "data:"],
    connectSrc: ["'self'"],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  },
  xContentTypeOptions: true,
  // Hono's default is no-referrer; links out to the publisher's own articles keep their origin as the referrer.
  referrerPolicy: "strict-origin-when-cross-origin",
  xFrameOptions: "DENY",
  // Off, so pages send what they sent before Hono set them: HSTS (with includeSubDomains) is the deployment's call for
  // the publisher's whole domain, made at the CDN; CORP/COOP/Origin-Agent-Cluster change nothing for pages that embed
  // nothing cross-origin and are never framed (frame-ancestors 'none'); DNS prefetching stays on for article images
  // from other hosts; X-Download-Options, X-Permitted-Cross-Domain-Policies and X-XSS-Protection address IE, Flash and
  // an auditor no browser runs any more.
  strictTransportSecurity: false,
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  // Nothing here sets X-Powered-By.
  removePoweredBy: false,
});

/** The headers a middleware adds to an empty response (names lower-case). */
async function headersSetBy(middleware: MiddlewareHandler): Promise<Record<string, string>> {
  const app = new Hono().use(middleware).get("/", (c) => c.body(null));
  return Object.fromEntries((await app.request("/")).headers);
}

export const HTML_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze(await headersSetBy(pageSecurity));

export const CONTENT_SECURITY_POLICY: string = HTML_SECURITY_HEADERS["content-security-policy"]!;
