/** Quiet hours: whether a subscriber's local time falls in their quiet window, and when that window ends. */
import { LRUCache } from "lru-cache";

/** A daily window in local wall-clock time, `HH:MM` 24 h; start > end spans midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

const MINUTES_PER_DAY = 24 * 60;

/** Whether Intl knows `zone` as an IANA time zone (the check for SITE_TIME_ZONE and a subscription's timeZone). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
/**
 * Per zone name. Names are checked on subscribe, but Intl takes any casing of them ("aFrIcA/cAiRo"), so the count of
 * distinct names is bounded only by the subscriptions: keep the most recently used.
 */
const formatters = new LRUCache<string, Intl.DateTimeFormat | false>({ max: 1_000 });

function formatterFor(timeZone: string): Intl.DateTimeFormat | undefined {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", hour: "2-digit", minute: "2-digit" });
    } catch {
      formatter = false;
    }
    formatters.set(timeZone, formatter);
  }
  return formatter || undefined;
}

function parseHhMm(value: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Minutes since local midnight in `timeZone`, or undefined for an unknown zone. */
function localMinutes(at: Date, timeZone: string): number | undefined {
  const formatter = formatterFor(timeZone);
  if (!formatter) return undefined;
  let hour = 0;
  let minute = 0;
  for (const part of formatter.formatToParts(at)) {
    if (part.type === "hour") hour = Number(part.value) % 24;
    if (part.type === "minute") minute = Number(part.value);
  }
  return hour * 60 + minute;
}

/**
 * When `now` falls inside the subscriber's quiet window, the instant the window ends (start of the end minute);
 * otherwise undefined. No window, an empty window (start = end) or an unknown time zone mean "never quiet", so a
 * bad preference can only cause a push, never silence one forever. Without a time zone, UTC is assumed.
 */
export function quietUntil(now: Date, timeZone: string | undefined, quietHours: QuietHours | undefined): Date | undefined {
  if (!quietHours) return undefined;
  const start = parseHhMm(quietHours.start);
  const end = parseHhMm(quietHours.end);
  if (start === undefined || end === undefined || start === end) return undefined;
  const local = localMinutes(now, timeZone ?? "UTC");
  if (local === undefined) return undefined;
  const inside = start < end ? local >= start && local < end : local >= start || local < end;
  if (!inside) return undefined;
  const wait = (end - local + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const minuteStart = Math.floor(now.getTime() / 60_000) * 60_000;
  let due = new Date(minuteStart + wait * 60_000);
  // Across a DST change the wall-clock distance is off by the offset change: correct it once.
  const reached = localMinutes(due, timeZone ?? "UTC");
  if (reached !== undefined && reached !== end) {
    const drift = ((end - reached + MINUTES_PER_DAY + 720) % MINUTES_PER_DAY) - 720;
    due = new Date(due.getTime() + drift * 60_000);
  }
  return due;
}
