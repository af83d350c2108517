/** Configuration from environment variables, parsed once, with the defaults documented in README and .env.example. */
import { z } from "zod";

const intIn = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const envSchema = z.object({
  PORT: intIn(0, 65535, 3000),
  TABLE_NAME: z.string().min(3).max(255).default("arabic-news"),
  DATA_DIR: z.string().min(1).default("./.data"),
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default("us-east-1"),
  PUBLIC_BASE_URL: z.url().default("http://localhost:3000"),
  ADMIN_TOKEN: z.string().min(16, "ADMIN_TOKEN must be at least 16 characters").optional(),
  DEMO: z.enum(["0", "1"]).default("1"),
  SITE_TITLE: z.string().min(1).default("أنا برس"),
  SITE_DESCRIPTION: z.string().default("آخر الأخبار"),
  /** Largest accepted request body, in bytes. */
  MAX_BODY_BYTES: intIn(1024, 4 * 1024 * 1024, 512 * 1024),
  VIEW_SHARDS: intIn(1, 50, 10),
  VIEW_ROLLUP_SECONDS: intIn(1, 3600, 60),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
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
  viewShards: number;
  viewRollupSeconds: number;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
};

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Parses an environment; errors name the variable but never echo its value (it may be a secret). */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  }
  const e = parsed.data;
  const config: Config = {
    port: e.PORT,
    tableName: e.TABLE_NAME,
    dataDir: e.DATA_DIR,
    awsRegion: e.AWS_REGION,
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ""),
    demo: e.DEMO === "1",
    siteTitle: e.SITE_TITLE,
    siteDescription: e.SITE_DESCRIPTION,
    maxBodyBytes: e.MAX_BODY_BYTES,
    viewShards: e.VIEW_SHARDS,
    viewRollupSeconds: e.VIEW_ROLLUP_SECONDS,
    logLevel: e.LOG_LEVEL,
  };
  if (e.DYNAMODB_ENDPOINT) config.dynamodbEndpoint = e.DYNAMODB_ENDPOINT;
  if (e.ADMIN_TOKEN) config.adminToken = e.ADMIN_TOKEN;
  return { ok: true, config };
}
