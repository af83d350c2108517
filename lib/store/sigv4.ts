/**
 * AWS Signature Version 4 for DynamoDB's one request shape: a POST of a JSON body to `/` with no query. The hashing
 * comes from the runtime (`node:crypto` via functions/node/dynamo-client.ts), synchronously: WebCrypto's async
 * digests (what aws4fetch uses) cost ~330 µs of CPU per request here against ~10 µs, on every DynamoDB call.
 * tests/store/json-protocol.test.ts checks the result against the AWS SDK's own signer.
 */
import type { Credentials } from "./json-protocol.ts";

export interface SigV4Primitives {
  hmacSha256(key: Uint8Array | string, data: string): Uint8Array;
  sha256Hex(data: string): string;
}

export interface SignInput {
  credentials: Credentials;
  region: string;
  service: string;
  /** The Host header as sent (host, and port when not the default). */
  host: string;
  /** Headers besides host and the x-amz-date/x-amz-security-token this adds; names lower-case. */
  headers: Record<string, string>;
  body: string;
  now: Date;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** Returns the request's headers with x-amz-date, x-amz-security-token (if any) and authorization added. */
export function createSigV4Signer(primitives: SigV4Primitives) {
  // The signing key changes once a day per credential, region and service; deriving it is four HMACs.
  let cached: { id: string; key: Uint8Array } | undefined;
  const signingKey = (secret: string, date: string, region: string, service: string): Uint8Array => {
    const id = `${secret}\n${date}\n${region}\n${service}`;
    if (cached?.id !== id) {
      const kDate = primitives.hmacSha256(`AWS4${secret}`, date);
      const kRegion = primitives.hmacSha256(kDate, region);
      const kService = primitives.hmacSha256(kRegion, service);
      cached = { id, key: primitives.hmacSha256(kService, "aws4_request") };
    }
    return cached.key;
  };

  return function sign(input: SignInput): Record<string, string> {
    const amzDate = input.now.toISOString().replace(/[:-]|\.\d{3}/g, "");
    const date = amzDate.slice(0, 8);
    const headers: Record<string, string> = { ...input.headers, host: input.host, "x-amz-date": amzDate };
    if (input.credentials.sessionToken) headers["x-amz-security-token"] = input.credentials.sessionToken;
    const names = Object.keys(headers).sort();
    const signedHeaders = names.join(";");
    const canonicalHeaders = names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, " ")}\n`).join("");
    const canonicalRequest = ["POST", "/", "", canonicalHeaders, signedHeaders, primitives.sha256Hex(input.body)].join("\n");
    const scope = `${date}/${input.region}/${input.service}/aws4_request`;
    const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, primitives.sha256Hex(canonicalRequest)].join("\n");
    const key = signingKey(input.credentials.secretAccessKey, date, input.region, input.service);
    const signature = hex(primitives.hmacSha256(key, stringToSign));
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
  };
}
