/** The push batch queue on SQS: the fan-out sends each batch ref as a message; the push worker Lambda drains it. */
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { BatchQueue } from "../../lib/push/queue.ts";

export function createSqsQueue(queueUrl: string, client: SQSClient = new SQSClient({})): BatchQueue {
  return {
    async enqueue(ref) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(ref) }));
    },
  };
}

/** The queue factory for lib's push workers when PUSH_QUEUE_URL (the linked PushQueue) is set; else the in-process queue. */
export function sqsQueueFrom(env: Record<string, string | undefined>): (() => BatchQueue) | undefined {
  const url = env.PUSH_QUEUE_URL;
  return url ? () => createSqsQueue(url) : undefined;
}
