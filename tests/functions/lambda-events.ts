/** Lambda Function URL events (payload format 2.0) and a Lambda context, as AWS delivers them, for handler tests. */
import { randomUUID } from "node:crypto";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";

export interface UrlRequest {
  method?: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A Function URL event: lower-case headers, raw path and query, a base64 body as AWS sends for non-text bodies. */
export function functionUrlEvent(request: UrlRequest) {
  const method = request.method ?? "GET";
  const headers = { host: "abc123.lambda-url.eu-west-1.on.aws", "x-forwarded-proto": "https", "user-agent": "vitest", ...request.headers };
  const now = new Date();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: request.path,
    rawQueryString: request.query ?? "",
    headers,
    requestContext: {
      accountId: "anonymous",
      apiId: "abc123",
      domainName: headers.host,
      domainPrefix: "abc123",
      http: { method, path: request.path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: headers["user-agent"] },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(request.body !== undefined ? { body: Buffer.from(request.body, "utf8").toString("base64"), isBase64Encoded: true } : { isBase64Encoded: false }),
  };
}

export function lambdaContext() {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "arabic-news-feeds-ci-Api",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:arabic-news-feeds-ci-Api",
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/arabic-news-feeds-ci-Api",
    logStreamName: "2025/01/01/[$LATEST]abc",
    getRemainingTimeInMillis: () => 15_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

export interface UrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** The response body's bytes, whichever way the adapter encoded them. */
export function resultBytes(result: UrlResult): Buffer {
  return Buffer.from(result.body ?? "", result.isBase64Encoded ? "base64" : "utf8");
}

type EventImage = NonNullable<NonNullable<DynamoDBRecord["dynamodb"]>["NewImage"]>;

/** The SDK types binary values as bytes, the JSON event as base64 text; our items hold no binary values. */
const asEventImage = (image: object) => image as EventImage;

/** A DynamoDB stream record (NEW_IMAGE view) of `image` being written, as Lambda's event source delivers it. */
export function streamRecord(image: Record<string, unknown>, sequence: string, eventName: "INSERT" | "MODIFY" | "REMOVE" = "INSERT") {
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "eu-west-1",
    dynamodb: {
      ApproximateCreationDateTime: Date.now() / 1000,
      Keys: asEventImage(marshall({ pk: image.pk, sk: image.sk })),
      NewImage: asEventImage(marshall(image, { removeUndefinedValues: true })),
      SequenceNumber: sequence,
      SizeBytes: 200,
      StreamViewType: "NEW_IMAGE" as const,
    },
    eventSourceARN: "arn:aws:dynamodb:eu-west-1:000000000000:table/news/stream/2026-11-29T00:00:00.000",
  } satisfies DynamoDBRecord;
}

/**
 * Whether Lambda's event filtering lets `record` through `pattern` (a filter infra/stream-filters.ts declares), for the
 * subset of the filter syntax infra uses: lists of exact values and `{ prefix }`, nested objects.
 */
export function passesFilter(pattern: unknown, record: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((p) => (typeof p === "object" && p !== null && "prefix" in p ? typeof record === "string" && record.startsWith((p as { prefix: string }).prefix) : p === record));
  }
  if (typeof pattern === "object" && pattern !== null) {
    return Object.entries(pattern).every(([key, inner]) => typeof record === "object" && record !== null && passesFilter(inner, (record as Record<string, unknown>)[key]));
  }
  return false;
}
