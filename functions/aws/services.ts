/**
 * The Lambda composition, one part per function: each entry takes only what it runs, so its bundle carries only that
 * (the API no web-push or SQS, the stream, worker and sweeper no Hono app, OpenAPI or HTML sanitiser). No I/O here:
 * creating clients opens no connection, the first request does.
 */
import { clickSecretFrom, createStoreFor } from "../../lib/compose/core.ts";

import { createPushServices, type PushRuntime } from "../../lib/compose/push.ts";
import { loadLambdaSettings } from "./config.ts";
import { createLogger } from "../node/logger.ts";
import { createNodeDocumentClient } from "../node/dynamo-client.ts";

/** Settings, logger, DynamoDB client and store: what every function shares. */
export async function lambdaBase(options: { serviceName: string }) {
  const settings = loadLambdaSettings();
  const { config, env, adminToken } = settings;
  const logger = createLogger({
    level: config.logLevel,
    secrets: [adminToken, env.VAPID_PRIVATE_KEY ?? ""],
    serviceName: options.serviceName,
  });
  // Credentials from the SDK's chain, which in Lambda stops at the environment (the rest is left out of the bundles).
  const client = createNodeDocumentClient({
    region: config.awsRegion,
    ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}),
  });
  const now = () => new Date();
  const store = await createStoreFor({ config, client, adminToken, now });
  return { settings, config, env, adminToken, logger, client, store, now };
}

export type LambdaBase = Awaited<ReturnType<typeof lambdaBase>>;

/**
 * Push for a function: fan-out and batch processing over the shared store. The table's stream (not the API) starts
 * each fan-out, so nothing fans out on publish; the runtime parts (queue, sender, transport) come from the entry.
 * Click tags are keyed from the admin token, as the cursor key is, so the worker's tags pass the API's check.
 */
export async function lambdaPush(base: LambdaBase, runtime: PushRuntime = {}) {
  return createPushServices({
    config: base.config,
    store: base.store,
    clickSecret: await clickSecretFrom(base.adminToken),
    logger: base.logger,
    now: base.now,
    runtime: { ...runtime, fanOutOnPublish: false },
  });
}
