/**
 * A test-side reading of the Push API editor's draft "declarative push message" parser (w3c/push-api; WebKit's
 * "Meet Declarative Web Push", Safari 18.4), plus the two TypeErrors the Notifications API's "create a notification"
 * raises for option combinations. Strict where the draft only ignores: a member of the wrong type fails here, so a
 * payload that passes is one every browser following the draft shows as we meant it. Not a browser.
 */

/** What a browser would show from a declarative message (the members we send). */
export interface ParsedDeclarative {
  title: string;
  navigate: URL;
  body?: string;
  lang?: string;
  dir?: "auto" | "ltr" | "rtl";
  tag?: string;
  icon?: URL;
  image?: URL;
  timestamp?: number;
  silent?: boolean;
  renotify?: boolean;
  mutable: boolean;
}

export type DeclarativeResult = { ok: true; message: ParsedDeclarative } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isUint64 = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** Parses `text` as the draft's parser would, with `baseUrl` the service worker scope's URL. */
export function parseDeclarativePush(text: string, baseUrl: string): DeclarativeResult {
  const fail = (reason: string): DeclarativeResult => ({ ok: false, reason });
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return fail("not JSON");
  }
  if (!isObject(message)) return fail("not a JSON object");
  if (message.web_push !== 8030) return fail("web_push is not the integer 8030");
  const n = message.notification;
  if (!isObject(n)) return fail("notification is not an object");
  if (typeof n.title !== "string") return fail("notification.title is not a string");
  // WebKit: "a non-empty title is required".
  if (n.title === "") return fail("notification.title is empty");
  if (typeof n.navigate !== "string") return fail("notification.navigate is not a string");
  const url = (name: string): URL | undefined | "bad" => {
    if (!(name in n)) return undefined;
    if (typeof n[name] !== "string") return "bad";
    try {
      return new URL(n[name] as string, baseUrl);
    } catch {
      return "bad";
    }
  };
  const navigate = url("navigate");
  if (navigate === "bad" || navigate === undefined) return fail("notification.navigate is not a URL");
  const parsed: ParsedDeclarative = { title: n.title, navigate, mutable: false };
  for (const name of ["body", "lang", "tag"] as const) {
    if (!(name in n)) continue;
    if (typeof n[name] !== "string") return fail(`notification.${name} is not a string`);
    parsed[name] = n[name] as string;
  }
  if ("dir" in n) {
    if (n.dir !== "auto" && n.dir !== "ltr" && n.dir !== "rtl") return fail("notification.dir is not auto, ltr or rtl");
    parsed.dir = n.dir;
  }
  for (const name of ["icon", "image", "badge"] as const) {
    const value = url(name);
    if (value === "bad") return fail(`notification.${name} is not a URL`);
    if (value && name !== "badge") parsed[name] = value;
  }
  if ("timestamp" in n) {
    if (!isUint64(n.timestamp)) return fail("notification.timestamp is not an unsigned integer");
    parsed.timestamp = n.timestamp as number;
  }
  for (const name of ["silent", "renotify", "requireInteraction"] as const) {
    if (name in n && typeof n[name] !== "boolean") return fail(`notification.${name} is not a boolean`);
  }
  if ("vibrate" in n && (!Array.isArray(n.vibrate) || !n.vibrate.every((v) => isUint64(v) && (v as number) <= 0xffffffff))) {
    return fail("notification.vibrate is not a list of 32-bit unsigned integers");
  }
  if (n.silent === true && Array.isArray(n.vibrate)) return fail("silent with vibrate (a TypeError in create a notification)");
  if (n.renotify === true && !n.tag) return fail("renotify without a tag (a TypeError in create a notification)");
  if (typeof n.silent === "boolean") parsed.silent = n.silent;
  if (typeof n.renotify === "boolean") parsed.renotify = n.renotify;
  if ("mutable" in message) {
    if (typeof message.mutable !== "boolean") return fail("mutable is not a boolean");
    parsed.mutable = message.mutable;
  }
  if ("app_badge" in message && !isUint64(message.app_badge)) return fail("app_badge is not an unsigned integer");
  return { ok: true, message: parsed };
}

/** The `notification` member of a received payload (tests read tags and titles through it). */
export function notificationOf(payload: unknown): Record<string, unknown> {
  const n = isObject(payload) ? payload.notification : undefined;
  return isObject(n) ? n : {};
}
