/** The HTTP API: one function (Hono through hono/aws-lambda) on a Function URL, served through CloudFront by a Router. */
import { foldAccept } from "./edge.ts";
import { lambdaDefaults, vapidEnvironment } from "./lambda.ts";
import { adminToken, vapidPrivateKey } from "./secrets.ts";
import { table } from "./table.ts";

/** One year, CloudFront's ceiling for an origin's s-maxage. */
const ONE_YEAR = 31_536_000;

/** Given `DOMAIN` at deploy time (production), the Router serves it with a certificate and Route 53 records. */
const domain = process.env.DOMAIN ? { name: process.env.DOMAIN } : undefined;

export const router = new sst.aws.Router("Router", {
  ...(domain ? { domain } : {}),
  edge: { viewerRequest: { injection: foldAccept } },
  transform: {
    // The app sets Cache-Control on every response; these bounds make CloudFront obey it rather than override it:
    // nothing is cached without a directive (default 0), and s-maxage / max-age is taken as given (min 0, max a year).
    // Accept-Encoding enters the key only as CloudFront's normalised br/gzip flags, matching the app's
    // pre-compressed variants; Accept only as folded by foldAccept; no cookies; every query string (search, paging).
    cachePolicy: (args) => {
      args.defaultTtl = 0;
      args.minTtl = 0;
      args.maxTtl = ONE_YEAR;
      args.parametersInCacheKeyAndForwardedToOrigin = {
        cookiesConfig: { cookieBehavior: "none" },
        // The Router's viewer-request function copies Host here; the app builds links from PUBLIC_BASE_URL anyway.
        headersConfig: { headerBehavior: "whitelist", headers: { items: ["accept", "x-forwarded-host"] } },
        queryStringsConfig: { queryStringBehavior: "all" },
        enableAcceptEncodingBrotli: true,
        enableAcceptEncodingGzip: true,
      };
    },
  },
});

/** The site's public address: links in feeds, pages and push alerts are built on it. */
export const publicBaseUrl = domain ? `https://${domain.name}` : router.url;

export const api = new sst.aws.Function("Api", {
  ...lambdaDefaults,
  handler: "functions/api.handler",
  memory: "1024 MB",
  // Below the Router's 20 s origin read timeout, so a slow request ends as our 5xx, not CloudFront's.
  timeout: "15 seconds",
  // The app answers CORS itself (feeds allow any origin); Function URL CORS would add a second set of headers.
  url: { router: { instance: router }, cors: false },
  // VAPID: the app hands browsers the public key, and lib/config.ts wants both halves or neither.
  link: [table, adminToken, vapidPrivateKey],
  // Static assets travel in the bundle and are served by the app with its own headers; CloudFront caches them.
  copyFiles: [{ from: "public", to: "public" }],
  environment: {
    ...vapidEnvironment,
    PUBLIC_BASE_URL: publicBaseUrl,
    DEMO: "0",
    // Feeds advertise the hub; the pings come from infra/websub.ts.
    ...(process.env.WEBSUB_HUB_URL ? { WEBSUB_HUB_URL: process.env.WEBSUB_HUB_URL } : {}),
  },
});
