/** SQS worker: sends one batch of subscribers' pushes per message, encrypted by lib/push/ece.ts, over undici HTTP/1.1. */
import { createPushSender } from "../lib/push/sender.ts";
import { lambdaBase, lambdaPush } from "./aws/services.ts";
import { pushWorkerHandler } from "./aws/handlers.ts";
import { createNodePushRuntime } from "./node/push-runtime.ts";

const base = await lambdaBase({ serviceName: "push-worker" });
// Our RFC 8291 encryption over undici keep-alive, PUSH_CONCURRENCY connections per push service, kept across
// invocations of a warm container.
const runtime = createNodePushRuntime({ connections: base.config.push.concurrency });
const { workers } = await lambdaPush(base, { createSender: createPushSender, transport: runtime.transport, crypto: runtime.crypto });
if (!workers) throw new Error("Invalid configuration: VAPID keys are required by the push worker");
export const handler = pushWorkerHandler(workers);
