/** DynamoDB stream subscriber: starts the push fan-out of each newly published article, batches going to SQS. */
import { lambdaBase, lambdaPush } from "./aws/services.ts";
import { streamHandler } from "./aws/handlers.ts";
import { sqsQueueFrom } from "./aws/sqs-queue.ts";

const base = await lambdaBase({ serviceName: "stream" });
// No sender: this function writes batches and enqueues them; the push worker delivers.
const { workers } = await lambdaPush(base, { queue: sqsQueueFrom(base.env) });
if (!workers) throw new Error("Invalid configuration: VAPID keys are required by the stream subscriber");
export const handler = streamHandler(workers);
