/** SQS worker: sends one batch of subscribers' pushes per message, web-push encrypting, over undici HTTP/1.1. */
import { pushSenderFor } from "../lib/push/sender.ts";
import { lambdaBase, lambdaPush } from "./aws/services.ts";
import { pushWorkerHandler } from "./aws/handlers.ts";
import { createNodePushRuntime } from "./node/push-runtime.ts";

const base = await lambdaBase({ serviceName: "push-worker" });
// undici keep-alive, PUSH_CONCURRENCY connections per push service, kept across invocations of a warm container.
const runtime = createNodePushRuntime({ connections: base.config.push.concurrency });
const { workers } = await lambdaPush(base, { createSender: pushSenderFor, transport: runtime.transport, hmac: runtime.hmac });
if (!workers) throw new Error("Invalid configuration: VAPID keys are required by the push worker");
export const handler = pushWorkerHandler(workers);
