/** Public surface of Web Push delivery: VAPID, subscriptions, payloads, sending, retries. */

export {
  createVapidSigner,
  generateVapidKeys,
  parseVapidConfig,
  signVapidJwt,
  vapidConfigFromEnv,
  vapidSubjectProblem,
} from "./vapid.ts";
export type { VapidClaims, VapidConfig, VapidConfigResult, VapidField, VapidSigner, VapidSignerOptions } from "./vapid.ts";

export { DEFAULT_ALLOWED_HOSTS, defaultAllowedHosts, endpointProblem, parseAllowedHosts } from "./allowed-hosts.ts";
export type { AllowedHost } from "./allowed-hosts.ts";

export { subscriptionSchema, validateSubscription } from "./subscription.ts";
export type { PushSubscriptionRecord, SubscriptionIssue, SubscriptionResult } from "./subscription.ts";

export { buildPushPayload, MAX_PAYLOAD_BYTES, topicFor, truncateGraphemes } from "./payload.ts";
export type { PayloadOptions, PushPayload } from "./payload.ts";

export { classifyStatus, createPushSender, DEFAULT_TTL_SECONDS } from "./sender.ts";
export { parseRetryAfter } from "./retry-after.ts";
export type {
  PushRequest,
  PushResponse,
  PushSend,
  PushSenderOptions,
  PushTarget,
  PushTransport,
  SendOptions,
  SendResult,
  Urgency,
} from "./sender.ts";

export { createHttp2Transport, TransportError } from "./http2-transport.ts";
export type { Http2SessionLike, Http2StreamLike, Http2Transport } from "./http2-transport.ts";

export { backoffDelay, DEFAULT_RETRY_POLICY, sendWithRetry } from "./retry.ts";
export type { RetriedResult, RetryDeps, RetryPolicy } from "./retry.ts";

export { runWithConcurrency } from "./pool.ts";
export { isUncompressedP256Point } from "./p256.ts";

export { encryptPushMessage, HEADER_BYTES, MAX_PLAINTEXT_BYTES, padPlaintext, RECORD_SIZE } from "./ece.ts";
export type { EcePrimitives, EceRecipient } from "./ece.ts";
