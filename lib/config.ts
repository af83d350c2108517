/** Configuration from environment variables, parsed once, with the defaults documented in README and .env.example. */
import { z } from "./validation.ts";
import { parseAllowedHosts, type AllowedHost } from "./push/allowed-hosts.ts";
import { vapidSubjectProblem } from "./push/vapid.ts";
import { batchConcurrencyFor } from "./push/queue.ts";
import { isTimeZone } from "./push/quiet-hours.ts";

const intIn = (min: number, max: number, fallback: number) =>
  z.default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), fallback);

const envSchema = z.object({
  PORT: intIn(0, 65535, 3000),
  TABLE_NAME: z.default(z.string().check(z.minLength(3), z.maxLength(255)), "arabic-news"),
  DATA_DIR: z.default(z.string().check(z.minLength(1)), "./.data"),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z.default(z.string().check(z.minLength(1)), "us-east-1"),
  PUBLIC_BASE_URL: z.optional(z.url()),
  ADMIN_TOKEN: z.optional(z.string().check(z.minLength(16, "ADMIN_TOKEN must be at least 16 characters"))),
  DEMO: z.default(z.enum(["0", "1"]), "1"),
  SITE_TITLE: z.default(z.string().check(z.minLength(1)), "أنا برس"),
  SITE_DESCRIPTION: z.default(z.string(), "آخر الأخبار"),
  /** Largest accepted request body, in bytes. */
  MAX_BODY_BYTES: intIn(1024, 4 * 1024 * 1024, 512 * 1024),
  ADMIN_FAILURES_PER_MINUTE: intIn(1, 10_000, 10),
  VIEW_SHARDS: intIn(1, 50, 10),
  VIEW_ROLLUP_SECONDS: intIn(1, 3600, 60),
  LOG_LEVEL: z.default(z.enum(["debug", "info", "warn", "error", "silent"]), "info"),
  SITE_TIME_ZONE: z.default(z.string().check(z.refine(isTimeZone, "must be an IANA time zone")), "Asia/Damascus"),
  FEED_PAGE_SIZE: intIn(1, 100, 50),
  FEED_MAX_AGE: intIn(0, 86_400, 60),
  FEED_S_MAXAGE: intIn(0, 86_400, 60),
  FEED_STALE_WHILE_REVALIDATE: intIn(0, 604_800, 300),
  FEED_STALE_IF_ERROR: intIn(0, 604_800, 86_400),
  FEED_REVALIDATE_SECONDS: intIn(0, 3600, 5),
  FEED_CACHE_ENTRIES: intIn(10, 100_000, 2_000),
  SEARCH_WINDOW: intIn(10, 1000, 200),
  WEBSUB_HUB_URL: z.optional(z.url()),
  VAPID_PUBLIC_KEY: z.optional(z.string()),
  VAPID_PRIVATE_KEY: z.optional(z.string()),
  VAPID_SUBJECT: z.default(
    z.string().check(z.refine((s) => !vapidSubjectProblem(s), "must be mailto:<address> or https:<url>, not localhost")),
    "mailto:alerts@anapress.net",
  ),
  PUSH_ALLOWED_HOSTS: z.optional(z.string()),
  PUSH_TTL_SECONDS: intIn(0, 2_419_200, 86_400),
  PUSH_BATCH_SIZE: intIn(1, 1000, 500),
  PUSH_CONCURRENCY: intIn(1, 1000, 64),
  /** Batches the local in-process queue runs at once; default derived from PUSH_CONCURRENCY (lib/push/queue.ts). */
  PUSH_BATCH_CONCURRENCY: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000))),
  SUB_SHARDS: intIn(1, 256, 8),
  SUBSCRIBE_RATE_PER_MINUTE: intIn(1, 10_000, 20),
  TRUST_PROXY: intIn(0, 10, 0),
  PUSH_LEASE_SECONDS: intIn(5, 3600, 60),
  PUSH_UTM: z.optional(z.string().check(z.maxLength(512))),
  PUSH_CLICK_RATE_PER_MINUTE: intIn(1, 10_000, 30),
  SWEEP_INTERVAL_SECONDS: intIn(1, 3600, 30),
});

export type Config = {
  port: number;
  tableName: string;
  dataDir: string;
  dynamodbEndpoint?: string;
  awsRegion: string;
  publicBaseUrl: string;
  adminToken?: string;
  demo: boolean;
  siteTitle: string;
  siteDescription: string;
  maxBodyBytes: number;
  /** Wrong admin tokens allowed per client address per minute before its admin requests get 429. */
  adminFailuresPerMinute: number;
  viewShards: number;
  viewRollupSeconds: number;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** Local runtime: how often the sweeper finishes interrupted work. */
  sweepIntervalSeconds: number;
  siteTimeZone: string;
  feeds: {
    pageSize: number;
    maxAge: number;
    sMaxAge: number;
    staleWhileRevalidate: number;
    staleIfError: number;
    revalidateSeconds: number;
    cacheEntries: number;
    searchWindow: number;
    hubUrl?: string;
  };
  push: {
    vapidPublicKey?: string;
    vapidPrivateKey?: string;
    vapidSubject: string;
    allowedHosts: AllowedHost[];
    ttlSeconds: number;
    batchSize: number;
    /** Sends in flight per push service per process, shared by the batches it runs. */
    concurrency: number;
    /** Batches the in-process queue runs at once (PUSH_BATCH_CONCURRENCY, else derived from `concurrency`). */
    batchConcurrency: number;
    subShards: number;
    subscribeRatePerMinute: number;
    /** Number of proxies in front whose X-Forwarded-For entries are trusted (0: use the peer address). */
    trustProxy: number;
    /** How long a worker owns a claimed fan-out or batch; a crashed worker's share is taken over after it. */
    leaseSeconds: number;
    /** Query parameters the click-through adds to the article URL (PUSH_UTM); `{id}` in a value is the article id. */
    clickQuery: Array<[string, string]>;
    /** Clicks counted per client address per minute; more are still redirected, not counted. */
    clickRatePerMinute: number;
  };
};

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** What PUSH_UTM defaults to: the campaign is the article id. */
export const DEFAULT_PUSH_UTM = "utm_source=web-push&utm_medium=push&utm_campaign={id}";

/** PUSH_UTM as name/value pairs: unset gives the default, an empty value none. */
function parseClickQuery(raw: string | undefined): { ok: true; pairs: Array<[string, string]> } | { ok: false; message: string } {
  const text = (raw ?? DEFAULT_PUSH_UTM).trim().replace(/^\?/, "");
  const pairs = [...new URLSearchParams(text)];
  if (pairs.some(([name]) => !/^[A-Za-z0-9_.-]{1,64}$/.test(name))) {
    return { ok: false, message: "PUSH_UTM: must be name=value pairs joined by & (names of letters, digits, _ . -), or empty for none" };
  }
  return { ok: true, pairs };
}

/** Parses an environment; errors name the variable but never echo its value (it may be a secret). */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  }
  const e = parsed.data;
  const allowedHosts = parseAllowedHosts(e.PUSH_ALLOWED_HOSTS);
  if (!allowedHosts.ok) return { ok: false, errors: [allowedHosts.message] };
  // An empty PUSH_UTM means "no parameters"; `cleaned` would have turned it into the default.
  const clickQuery = parseClickQuery(env.PUSH_UTM === "" ? "" : e.PUSH_UTM);
  if (!clickQuery.ok) return { ok: false, errors: [clickQuery.message] };
  if (Boolean(e.VAPID_PUBLIC_KEY) !== Boolean(e.VAPID_PRIVATE_KEY)) {
    return { ok: false, errors: ["VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY: set both or neither"] };
  }
  const config: Config = {
    port: e.PORT,
    tableName: e.TABLE_NAME,
    dataDir: e.DATA_DIR,
    awsRegion: e.AWS_REGION,
    // Locally the default follows PORT, so links work on whatever port the server was given.
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    demo: e.DEMO === "1",
    siteTitle: e.SITE_TITLE,
    siteDescription: e.SITE_DESCRIPTION,
    maxBodyBytes: e.MAX_BODY_BYTES,
    adminFailuresPerMinute: e.ADMIN_FAILURES_PER_MINUTE,
    viewShards: e.VIEW_SHARDS,
    viewRollupSeconds: e.VIEW_ROLLUP_SECONDS,
    logLevel: e.LOG_LEVEL,
    sweepIntervalSeconds: e.SWEEP_INTERVAL_SECONDS,
    siteTimeZone: e.SITE_TIME_ZONE,
    feeds: {
      pageSize: e.FEED_PAGE_SIZE,
      maxAge: e.FEED_MAX_AGE,
      sMaxAge: e.FEED_S_MAXAGE,
      staleWhileRevalidate: e.FEED_STALE_WHILE_REVALIDATE,
      staleIfError: e.FEED_STALE_IF_ERROR,
      revalidateSeconds: e.FEED_REVALIDATE_SECONDS,
      cacheEntries: e.FEED_CACHE_ENTRIES,
      searchWindow: e.SEARCH_WINDOW,
      ...(e.WEBSUB_HUB_URL ? { hubUrl: e.WEBSUB_HUB_URL } : {}),
    },
    push: {
      vapidSubject: e.VAPID_SUBJECT,
      allowedHosts: allowedHosts.hosts,
      ttlSeconds: e.PUSH_TTL_SECONDS,
      batchSize: e.PUSH_BATCH_SIZE,
      concurrency: e.PUSH_CONCURRENCY,
      batchConcurrency: e.PUSH_BATCH_CONCURRENCY ?? batchConcurrencyFor(e.PUSH_CONCURRENCY),
      subShards: e.SUB_SHARDS,
      subscribeRatePerMinute: e.SUBSCRIBE_RATE_PER_MINUTE,
      trustProxy: e.TRUST_PROXY,
      leaseSeconds: e.PUSH_LEASE_SECONDS,
      clickQuery: clickQuery.pairs,
      clickRatePerMinute: e.PUSH_CLICK_RATE_PER_MINUTE,
      ...(e.VAPID_PUBLIC_KEY ? { vapidPublicKey: e.VAPID_PUBLIC_KEY } : {}),
      ...(e.VAPID_PRIVATE_KEY ? { vapidPrivateKey: e.VAPID_PRIVATE_KEY } : {}),
    },
  };
  if (e.DYNAMODB_ENDPOINT) config.dynamodbEndpoint = e.DYNAMODB_ENDPOINT;
  if (e.ADMIN_TOKEN) config.adminToken = e.ADMIN_TOKEN;
  return { ok: true, config };
}
