/** Web Push over HTTP: the VAPID public key, subscribe/unsubscribe (public, rate-limited), and delivery stats (admin). */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { articleIdSchema } from "../articles/schema.ts";
import type { AllowedHost } from "../push/allowed-hosts.ts";
import type { ClickTags } from "../push/click-tags.ts";
import { validateSubscription } from "../push/subscription.ts";
import type { ClickStore, NotificationStore, SubscriptionStore } from "../store/index.ts";
import { jsonBodyLimit, readJsonBody } from "./json-body.ts";
import { badRequest, notFound, problemResponse } from "./problem.ts";
import { rateLimit } from "./rate-limit.ts";

export interface PushRouteDeps {
  subscriptions: SubscriptionStore;
  notifications: NotificationStore;
  clicks: ClickStore;
  /** Checks the click tags alerts carry (lib/http/push-open-routes.ts). */
  clickTags: Pick<ClickTags, "check">;
  clickQuery: Array<[string, string]>;
  clickRatePerMinute: number;
  allowedHosts: AllowedHost[];
  /** Absent when push is not configured: the key endpoint answers 503. */
  vapidPublicKey?: string;
  maxBodyBytes: number;
  subscribeRatePerMinute: number;
  clientAddress: (c: Context) => string | undefined;
  now: () => Date;
}

const SUBSCRIPTION_BODY_BYTES = 16 * 1024;

/** Routes under /api/push. */
export function pushRoutes(deps: PushRouteDeps) {
  const app = new Hono();
  const limit = rateLimit({ perMinute: deps.subscribeRatePerMinute, key: deps.clientAddress, now: () => deps.now().getTime() });

  app.get("/vapid-public-key", (c) => {
    if (!deps.vapidPublicKey) {
      return problemResponse({ status: 503, title: "Service Unavailable", detail: "Push notifications are not configured." });
    }
    c.header("cache-control", "public, max-age=3600");
    return c.json({ publicKey: deps.vapidPublicKey });
  });

  app.post("/subscriptions", limit, jsonBodyLimit(Math.min(deps.maxBodyBytes, SUBSCRIPTION_BODY_BYTES)), async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const checked = await validateSubscription(body.value, deps.allowedHosts);
    if (!checked.ok) {
      const errors = checked.issues.map((i) => ({ pointer: i.path === "(root)" ? "" : "/" + i.path.split(".").join("/"), detail: i.message }));
      return badRequest("The subscription is not valid.", errors);
    }
    const { endpoint, keys, topics, timeZone, quietHours } = checked.subscription;
    const saved = await deps.subscriptions.upsert({
      endpoint,
      keys,
      ...(topics ? { topics } : {}),
      ...(timeZone ? { timeZone } : {}),
      ...(quietHours ? { quietHours } : {}),
    });
    c.header("cache-control", "no-store");
    return c.json({ id: saved.id, topics: saved.topics }, saved.created ? 201 : 200);
  });

  app.delete("/subscriptions", limit, jsonBodyLimit(SUBSCRIPTION_BODY_BYTES), async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const endpoint = (body.value as { endpoint?: unknown } | null)?.endpoint;
    if (typeof endpoint !== "string" || endpoint.length === 0 || endpoint.length > 2048) {
      return badRequest("Send the subscription's endpoint.", [{ pointer: "/endpoint", detail: "must be a string" }]);
    }
    // 204 whether or not it existed: the answer must not reveal which endpoints are subscribed.
    await deps.subscriptions.remove(endpoint);
    return c.body(null, 204);
  });

  return app;
}

/** GET /api/articles/:id/push-stats (admin): the notification's state, delivery counters and click-throughs. */
export function pushStatsRoutes(deps: Pick<PushRouteDeps, "notifications" | "clicks"> & { admin: MiddlewareHandler }) {
  const app = new Hono();
  app.get("/:id/push-stats", deps.admin, async (c) => {
    // Validate first: an id past DynamoDB's key size would otherwise surface as a 500.
    const id = articleIdSchema.safeParse(c.req.param("id"));
    if (!id.success) return notFound("No push notification for this article.");
    const record = await deps.notifications.get(id.data);
    if (!record) return notFound("No push notification for this article.");
    const clicked = await deps.clicks.count(id.data);
    c.header("cache-control", "no-store");
    return c.json({
      articleId: record.articleId,
      state: record.state,
      attempted: record.attempted,
      delivered: record.delivered,
      expired: record.expired,
      failed: record.failed,
      retried: record.retried,
      held: record.held,
      clicked,
      // Of the alerts push services accepted, the share opened; null until one was accepted.
      clickThroughRate: record.delivered > 0 ? Math.round((clicked / record.delivered) * 10_000) / 10_000 : null,
      batches: { total: record.batchesTotal, done: record.batchesDone },
    });
  });
  return app;
}
