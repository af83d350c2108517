/** The Lambda composition: settings from Resource, the DynamoDB client and logger, then lib's services. No I/O. */
import { createServices } from "../../lib/services.ts";
import { createDocumentClient } from "../../lib/store/index.ts";
import { publicAssets } from "../node/assets.ts";
import { nodeCompressors } from "../node/compress.ts";
import { loadLambdaSettings } from "./config.ts";
import { createLambdaLogger } from "./logger.ts";
import { connect as http2Connect } from "node:http2";
import type { Config } from "../../lib/config.ts";
import { createHttp2Transport } from "../../lib/push/index.ts";
import type { EcePrimitives } from "../../lib/push/ece.ts";
import type { PushTransport } from "../../lib/push/sender.ts";
import { createSqsQueue } from "./sqs-queue.ts";
import { nodePushCrypto } from "../node/push-crypto.ts";

/** Builds everything a function needs; creating the SDK client opens no connection (the first request does). */
/**
 * `pushRuntime`: how this function puts pushes on the wire. Only the push worker sends on AWS, and it passes
 * createNodePushRuntime (undici HTTP/1.1, functions/node/push-runtime.ts); importing it only there keeps undici
 * (~525 KB minified) out of the other bundles. The others, which only enqueue batches to SQS, keep the HTTP/2
 * transport over node:http2 (no bundle cost) for the case where they would send (no PUSH_QUEUE_URL).
 */
export async function lambdaServices(options: {
  serviceName: string;
  assets?: URL;
  pushRuntime?: (config: Config) => { transport: PushTransport; crypto: EcePrimitives };
}) {
  const settings = loadLambdaSettings();
  const { config, env, adminToken } = settings;
  const logger = createLambdaLogger({
    level: config.logLevel,
    secrets: [adminToken, env.VAPID_PRIVATE_KEY ?? ""],
    serviceName: options.serviceName,
  });
  const client = createDocumentClient({ region: config.awsRegion, ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}) });
  // Kept across invocations of a warm container, so connections carry over to the next batch.
  const pushRuntime = options.pushRuntime?.(config) ?? {
    transport: createHttp2Transport((origin) => http2Connect(origin)).send,
    crypto: nodePushCrypto,
  };
  const services = await createServices({
    config,
    client,
    adminToken,
    logger,
    compress: nodeCompressors,
    ...(options.assets ? { loadAsset: publicAssets(options.assets) } : {}),
    ...(env.VAPID_PUBLIC_KEY ? { vapidPublicKey: env.VAPID_PUBLIC_KEY } : {}),
    push: {
      // RFC 8291 encryption in lib/push/ece.ts over node:crypto; the transport as above (docs/push.md).
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
