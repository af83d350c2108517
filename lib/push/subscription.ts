/** The browser's PushSubscription JSON plus our delivery preferences: schema and validation. */

import { z } from "../validation.ts";
import { type AllowedHost, defaultAllowedHosts, endpointProblem } from "./allowed-hosts.ts";
import { base64urlToBytes } from "../crypto/base64url.ts";
import { isTimeZone } from "./quiet-hours.ts";

/** A validated subscription, ready to store and to send to. */
export interface PushSubscriptionRecord {
  endpoint: string;
  expirationTime: number | null;
  keys: { p256dh: string; auth: string };
  /** Categories the reader follows; absent means everything. */
  topics?: string[];
  /** IANA time zone used to evaluate quiet hours. */
  timeZone?: string;
  quietHours?: { start: string; end: string };
}

/** One validation problem, with the dotted path of the offending field (e.g. `keys.p256dh`). */
export interface SubscriptionIssue {
  path: string;
  message: string;
}

/** Outcome of {@link validateSubscription}. */
export type SubscriptionResult =
  | { ok: true; subscription: PushSubscriptionRecord }
  | { ok: false; issues: SubscriptionIssue[]; message: string };

const MAX_TOPICS = 50;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** WebCrypto refuses to import a point that is not on the curve (or has a coordinate ≥ p): the check is its. */
async function isP256Point(bytes: Uint8Array<ArrayBuffer>): Promise<boolean> {
  try {
    await crypto.subtle.importKey("raw", bytes, { name: "ECDH", namedCurve: "P-256" }, false, []);
    return true;
  } catch {
    return false;
  }
}

const p256dhSchema = z.string().check(z.superRefine(async (value, ctx) => {
  const bytes = base64urlToBytes(value);
  if (!bytes) return ctx.addIssue({ code: "custom", message: "must be base64url" });
  if (bytes.length !== 65) return ctx.addIssue({ code: "custom", message: `must be 65 bytes, got ${bytes.length}` });
  if (bytes[0] !== 0x04) return ctx.addIssue({ code: "custom", message: "must be an uncompressed point (0x04 prefix)" });
  if (!(await isP256Point(bytes))) ctx.addIssue({ code: "custom", message: "is not a point on the P-256 curve" });
}));

const authSchema = z.string().check(z.superRefine((value, ctx) => {
  const bytes = base64urlToBytes(value);
  if (!bytes) return ctx.addIssue({ code: "custom", message: "must be base64url" });
  if (bytes.length !== 16) ctx.addIssue({ code: "custom", message: `must be 16 bytes, got ${bytes.length}` });
}));

const topicSchema = z
  .string()
  .check(z.minLength(1), z.maxLength(64), z.refine((t) => !/[\u0000-\u001f\u007f]/.test(t), "must not contain control characters"));

/** Builds the zod schema for a subscription, checking the endpoint against `allowed`. */
export function subscriptionSchema(allowed: readonly AllowedHost[] = defaultAllowedHosts()) {
  const endpoint = z.string().check(
    z.maxLength(2048),
    z.superRefine((value, ctx) => {
      const problem = endpointProblem(value, allowed);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  );
  return z.object({
    endpoint,
    expirationTime: z.default(z.optional(z.nullable(z.number())), null),
    keys: z.object({ p256dh: p256dhSchema, auth: authSchema }),
    topics: z.optional(z.array(topicSchema).check(z.maxLength(MAX_TOPICS))),
    timeZone: z.optional(z.string().check(z.maxLength(64), z.refine(isTimeZone, "must be an IANA time zone"))),
    quietHours: z.optional(
      z.object({
        start: z.string().check(z.regex(HH_MM, "must be HH:MM (24 h)")),
        end: z.string().check(z.regex(HH_MM, "must be HH:MM (24 h)")),
      }),
    ),
  });
}

const defaultSchema = subscriptionSchema();

/**
 * Validates an untrusted subscription body. Every issue names its field path, so an API can tell
 * the browser exactly what was wrong (`keys.auth: must be 16 bytes, got 15`).
 */
export async function validateSubscription(input: unknown, allowed?: readonly AllowedHost[]): Promise<SubscriptionResult> {
  const schema = allowed ? subscriptionSchema(allowed) : defaultSchema;
  const parsed = await schema.safeParseAsync(input);
  if (parsed.success) {
    const { topics, timeZone, quietHours, ...rest } = parsed.data;
    const subscription: PushSubscriptionRecord = {
      ...rest,
      ...(topics ? { topics } : {}),
      ...(timeZone ? { timeZone } : {}),
      ...(quietHours ? { quietHours } : {}),
    };
    return { ok: true, subscription };
  }
  const issues = parsed.error.issues.map((i) => ({
    path: i.path.map(String).join(".") || "(root)",
    message: i.message,
  }));
  return { ok: false, issues, message: issues.map((i) => `${i.path}: ${i.message}`).join("; ") };
}
