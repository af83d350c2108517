/** DynamoDB stream subscriber for feed version stamps: invalidates the changed feeds at CloudFront, then pings the hub. */
import { createWebSubFor } from "../lib/compose/core.ts";
import { loadLambdaSettings } from "./aws/config.ts";
import { cloudFrontInvalidator } from "./aws/cdn-invalidation.ts";
import { websubHandler } from "./aws/handlers.ts";
import { createLogger } from "./node/logger.ts";

// No table access and no admin routes here, so no admin token either.
const { config, env } = loadLambdaSettings(process.env, undefined, { adminToken: false });
const logger = createLogger({ level: config.logLevel, secrets: config.feeds.hubUrl ? [config.feeds.hubUrl] : [], serviceName: "websub" });
// Within the function's 2-minute timeout: up to 60 s waiting for the invalidation, then 3 attempts per ping.
const publisher = createWebSubFor(config, logger, { maxAttempts: 3, maxDelayMs: 10_000, timeoutMs: 10_000 });
if (!publisher) throw new Error("Invalid configuration: WEBSUB_HUB_URL is required by the WebSub function");
const invalidate = env.CDN_DISTRIBUTION_ID ? cloudFrontInvalidator({ distributionId: env.CDN_DISTRIBUTION_ID, logger }) : undefined;

export const handler = websubHandler({ publisher, ...(invalidate ? { invalidate } : {}) });
