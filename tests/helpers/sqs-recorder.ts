/**
 * A loopback stand-in for SQS's SendMessage (AWS JSON 1.0 protocol), so the real SQS client sends batches over the wire
 * and tests can turn what was sent into the SQS events Lambda would deliver.
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SQSClient } from "@aws-sdk/client-sqs";

export interface RecordedMessage {
  messageId: string;
  body: string;
}

export async function startSqsRecorder() {
  const messages: RecordedMessage[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      if (target !== "AmazonSQS.SendMessage") {
        res.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
        res.end(JSON.stringify({ __type: "com.amazonaws.sqs#InvalidAction", message: `unsupported ${target}` }));
        return;
      }
      const input = JSON.parse(raw) as { MessageBody: string };
      const messageId = randomUUID();
      messages.push({ messageId, body: input.MessageBody });
      res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
      res.end(JSON.stringify({ MessageId: messageId, MD5OfMessageBody: createHash("md5").update(input.MessageBody).digest("hex") }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new SQSClient({ endpoint, region: "eu-west-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  return {
    queueUrl: `${endpoint}/000000000000/PushQueue`,
    client,
    messages,
    /** The SQS event Lambda would deliver for these messages. */
    event(batch: RecordedMessage[]) {
      return {
        Records: batch.map((m) => ({
          messageId: m.messageId,
          receiptHandle: `handle-${m.messageId}`,
          body: m.body,
          attributes: { ApproximateReceiveCount: "1", SentTimestamp: String(Date.now()), SenderId: "AIDATEST", ApproximateFirstReceiveTimestamp: String(Date.now()) },
          messageAttributes: {},
          md5OfBody: createHash("md5").update(m.body).digest("hex"),
          eventSource: "aws:sqs",
          eventSourceARN: "arn:aws:sqs:eu-west-1:000000000000:PushQueue",
          awsRegion: "eu-west-1",
        })),
      };
    },
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
