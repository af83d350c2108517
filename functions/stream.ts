/** DynamoDB stream subscriber: starts the push fan-out of each newly published article. */
import { lambdaServices } from "./aws/services.ts";
import { streamHandler } from "./aws/handlers.ts";

const services = await lambdaServices({ serviceName: "stream" });
if (!services.push) throw new Error("Invalid configuration: VAPID keys are required by the stream subscriber");
export const handler = streamHandler(services.push);
