/** SQS worker: sends one batch of subscribers' pushes per message, encrypted by lib/push/ece.ts over a kept HTTP/2 session. */
import { connect as http2Connect } from "node:http2";
import { createHttp2Transport } from "../lib/push/http2-transport.ts";
import { createPushSender } from "../lib/push/sender.ts";
import { nodePushCrypto } from "./node/push-crypto.ts";
import { lambdaBase, lambdaPush } from "./aws/services.ts";
import { pushWorkerHandler } from "./aws/handlers.ts";

const base = await lambdaBase({ serviceName: "push-worker" });
const { workers } = await lambdaPush(base, {
  createSender: createPushSender,
  // One HTTP/2 session per push service, kept across invocations of a warm container.
  transport: createHttp2Transport((origin) => http2Connect(origin)).send,
  // RFC 8291 encryption in lib/push/ece.ts over node:crypto.
  crypto: nodePushCrypto,
});
if (!workers) throw new Error("Invalid configuration: VAPID keys are required by the push worker");
export const handler = pushWorkerHandler(workers);
