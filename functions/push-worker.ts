/** SQS worker: sends one batch of subscribers' pushes per message. */
import { lambdaServices } from "./aws/services.ts";
import { pushWorkerHandler } from "./aws/handlers.ts";
import { createNodePushRuntime } from "./node/push-runtime.ts";

// Our RFC 8291 encryption over undici HTTP/1.1 keep-alive, PUSH_CONCURRENCY connections per push service.
const services = await lambdaServices({
  serviceName: "push-worker",
  pushRuntime: (config) => createNodePushRuntime({ connections: config.push.concurrency }),
});
if (!services.push) throw new Error("Invalid configuration: VAPID keys are required by the push worker");
export const handler = pushWorkerHandler(services.push);
