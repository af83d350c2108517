/** The push batches: an SQS queue with a dead-letter queue (its worker is infra/push-worker.ts). */

/** Batches that failed every retry wait here for two weeks, for inspection or a redrive. */
export const pushDeadLetter = new sst.aws.Queue("PushDeadLetter", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
});

export const pushQueue = new sst.aws.Queue("PushQueue", {
  // AWS advises six times the consumer's timeout, so a message is not redelivered while a worker still holds it.
  visibilityTimeout: "6 minutes",
  dlq: { queue: pushDeadLetter.arn, retry: 5 },
});
