/** SQS worker: sends one batch of subscribers' pushes per message. */
import { lambdaServices } from "./aws/services.ts";
import { pushWorkerHandler } from "./aws/handlers.ts";

const services = await lambdaServices({ serviceName: "push-worker" });
if (!services.push) throw new Error("Invalid configuration: VAPID keys are required by the push worker");
export const handler = pushWorkerHandler(services.push);
