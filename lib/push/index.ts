/** Public surface of Web Push delivery: VAPID, subscriptions, payloads, click tags, sending, retries. */

export { parseVapidConfig, vapidConfigFromEnv, vapidSubjectProblem } from "./vapid.ts";
export type { VapidConfig, VapidConfigResult, VapidField } from "./vapid.ts";
export { createVapidHeaders } from "./vapid-headers.ts";
export type { VapidHeaders, VapidHeadersOptions } from "./vapid-headers.ts";

export { DEFAULT_ALLOWED_HOSTS, defaultAllowedHosts, endpointProblem, parseAllowedHosts } from "./allowed-hosts.ts";
export type { AllowedHost } from "./allowed-hosts.ts";

export { subscriptionSchema, validateSubscription } from "./subscription.ts";
export type { PushSubscriptionRecord, SubscriptionIssue, SubscriptionResult } from "./subscription.ts";

export { buildPushPayload, clickThroughUrl, MAX_PAYLOAD_BYTES, PUSH_OPEN_PATH, topicFor, truncateGraphemes, withClickTag } from "./payload.ts";
export type { DeclarativeNotification, PayloadOptions, PushPayload } from "./payload.ts";

export { CLICK_TAG_LENGTH, createClickTags, webCryptoHmac } from "./click-tags.ts";
export type { ClickTags, HmacSha256 } from "./click-tags.ts";

export { classifyStatus, createPushSender, DEFAULT_TTL_SECONDS, pushSenderFor } from "./sender.ts";
export { parseRetryAfter } from "./retry-after.ts";
export type {
  PushRequest,
  PushResponse,
  PushSend,
  PushSenderConfig,
  PushSenderOptions,
  PushTarget,
  PushTransport,
  SendOptions,
  SendResult,
  Urgency,
} from "./sender.ts";

export { DEFAULT_RETRY_POLICY, sendWithRetry } from "./retry.ts";
export type { RetriedResult, RetryDeps, RetryPolicy } from "./retry.ts";

export { runWithConcurrency } from "./pool.ts";
