/** The push batches: an SQS queue with a dead-letter queue, drained by the push worker with partial batch failures. */
import { lambdaDefaults, vapidEnvironment } from "./lambda.ts";
import { adminToken, vapidPrivateKey } from "./secrets.ts";
import { table } from "./table.ts";

/** Batches that failed every retry wait here for two weeks, for inspection or a redrive. */
export const pushDeadLetter = new sst.aws.Queue("PushDeadLetter", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
});

export const pushQueue = new sst.aws.Queue("PushQueue", {
  // AWS advises six times the consumer's timeout, so a message is not redelivered while a worker still holds it.
  visibilityTimeout: "6 minutes",
  dlq: { queue: pushDeadLetter.arn, retry: 5 },
});

pushQueue.subscribe(
  {
    ...lambdaDefaults,
    handler: "functions/push-worker.handler",
    timeout: "60 seconds",
    memory: "512 MB",
    link: [table, adminToken, vapidPrivateKey],
    environment: vapidEnvironment,
  },
  {
    // Each message is already a batch of subscribers; a few messages per invocation keeps a retry cheap.
    batch: { size: 5, partialResponses: true },
    // Caps parallel workers, so a million-subscriber fan-out does not stampede the push services.
    transform: { eventSourceMapping: { scalingConfig: { maximumConcurrency: 50 } } },
  },
);
