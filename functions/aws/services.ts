/** The Lambda composition: settings from Resource, the DynamoDB client and logger, then lib's services. No I/O. */
import { createServices } from "../../lib/services.ts";
import { createDocumentClient } from "../../lib/store/index.ts";
import { publicAssets } from "../node/assets.ts";
import { nodeCompressors } from "../node/compress.ts";
import { loadLambdaSettings } from "./config.ts";
import { createLambdaLogger } from "./logger.ts";
import { createSqsQueue } from "./sqs-queue.ts";
import { createNodePushRuntime } from "../node/push-runtime.ts";

/** Builds everything a function needs; creating the SDK client opens no connection (the first request does). */
export async function lambdaServices(options: { serviceName: string; assets?: URL }) {
  const settings = loadLambdaSettings();
  const { config, env, adminToken } = settings;
  const logger = createLambdaLogger({
    level: config.logLevel,
    secrets: [adminToken, env.VAPID_PRIVATE_KEY ?? ""],
    serviceName: options.serviceName,
  });
  const client = createDocumentClient({ region: config.awsRegion, ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}) });
  // Kept across invocations of a warm container: the pools' keep-alive connections carry over to the next batch.
  const pushRuntime = createNodePushRuntime({ connections: config.push.concurrency });
  const services = await createServices({
    config,
    client,
    adminToken,
    logger,
    compress: nodeCompressors,
    ...(options.assets ? { loadAsset: publicAssets(options.assets) } : {}),
    ...(env.VAPID_PUBLIC_KEY ? { vapidPublicKey: env.VAPID_PUBLIC_KEY } : {}),
    push: {
      // RFC 8291 encryption in lib/push/ece.ts over node:crypto, sent over undici HTTP/1.1 keep-alive
      // (PUSH_CONCURRENCY connections per push service; docs/push.md says why not HTTP/2).
      transport: pushRuntime.transport,
      crypto: pushRuntime.crypto,
      // Behind CloudFront and a Function URL, the client address is the event's source IP.
      peerAddress: (c) => (c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } } } | undefined)?.event?.requestContext?.http?.sourceIp,
      // Batches go to SQS, and the table's stream (not the API) starts each fan-out.
      ...(env.PUSH_QUEUE_URL ? { queue: () => createSqsQueue(env.PUSH_QUEUE_URL!) } : {}),
      fanOutOnPublish: false,
    },
  });
  return { ...services, settings, logger, client };
}
