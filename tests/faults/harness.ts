/** Kill-point harness: the service's environment, its HTTP API from outside, and the receiver's tally per lifetime. */
import { notificationOf } from "../helpers/declarative-push.ts";
import type { ReceivedMessage } from "../helpers/push-receiver.ts";

export const ADMIN_TOKEN = "kill-points-admin-token-0123456789";

export const PUSH_CONCURRENCY = 4;
/** Batches the in-process queue runs at once (lib/push/queue.ts: max(4, PUSH_CONCURRENCY / 4), so 4 here). */
export const BATCH_CONCURRENCY = 4;
/**
 * Repeats one kill can cause: sends in flight (at most batches × concurrency; since the batches share PUSH_CONCURRENCY
 * send slots per push service, at most PUSH_CONCURRENCY) plus sends completed whose delivery marker was not yet
 * written — markers are flushed while sends complete, so at most about as many again.
 */
export const REPEATS_PER_KILL = BATCH_CONCURRENCY * PUSH_CONCURRENCY * 2;

/** What a subscriber follows: undefined follows everything. */
export type Topics = string[] | undefined;

/** One publish sent to the service, and what came of it. */
export interface PublishAttempt {
  id: string;
  url: string;
  category: string;
  breaking: boolean;
  round: number;
  /** HTTP status when an answer arrived; undefined when the kill cut the request off. */
  status?: number;
}

/** One process lifetime's slice of the receiver's messages, and whether it ended by SIGKILL. */
export interface Lifetime {
  start: number;
  end: number;
  killed: boolean;
}

/** The environment of the local service under test. */
export function serviceEnv(options: { dataDir: string; port: number; receiverPort: number; caFile: string }): Record<string, string> {
  return {
    DATA_DIR: options.dataDir,
    PORT: String(options.port),
    DEMO: "0",
    ADMIN_TOKEN,
    PUBLIC_BASE_URL: "https://news.example",
    PUSH_ALLOWED_HOSTS: `127.0.0.1:${options.receiverPort}`,
    NODE_EXTRA_CA_CERTS: options.caFile,
    LOG_LEVEL: "warn",
    SUBSCRIBE_RATE_PER_MINUTE: "10000",
    FEED_PAGE_SIZE: "100",
    // Few sends in flight per batch, so the bound on repeats after a kill is meaningful.
    PUSH_CONCURRENCY: String(PUSH_CONCURRENCY),
    // Shorter than the defaults (60 s leases, 30 s sweeps) so recovery fits a CI run; the logic is the same.
    PUSH_LEASE_SECONDS: "10",
    SWEEP_INTERVAL_SECONDS: "3",
  };
}

/** An Arabic article for round `round`; publish times rise with the index so the list order is fixed. */
export function articleBody(attempt: PublishAttempt, index: number) {
  return {
    id: attempt.id,
    title: `خبر عاجل رقم ${index + 1}: اجتماع في دمشق لبحث الأوضاع`,
    url: attempt.url,
    summary: "ملخص الخبر باللغة العربية مع تفاصيل إضافية عن الاجتماع.",
    contentHtml: '<p dir="rtl" lang="ar">نص الخبر الكامل.</p>',
    author: "أنا برس",
    category: attempt.category,
    tags: ["دمشق"],
    publishedAt: new Date(Date.UTC(2025, 0, 10, 8, 0, 0) + index * 60_000).toISOString(),
    breaking: attempt.breaking,
  };
}

export const follows = (topics: Topics, category: string) => topics === undefined || topics.includes(category);

/** The notification tag of a received declarative push message ("" when it has none). */
export const payloadTag = (message: ReceivedMessage) => String(notificationOf(message.payload).tag ?? "");

export async function getJson<T>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Push state of each article id ("none" when there is no notification). */
export async function pushStates(baseUrl: string, ids: string[]): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  for (const id of ids) {
    const res = await getJson<{ state?: string; batches?: { total: number; done: number }; attempted?: number; delivered?: number; failed?: number; retried?: number }>(
      `${baseUrl}/api/articles/${id}/push-stats`,
      { headers: admin },
    );
    if (res.status !== 200) states.set(id, `none(${res.status})`);
    else if (res.body.state === "done") states.set(id, "done");
    // Anything unfinished carries its counters, so a failing run says where the work stopped.
    else states.set(id, `${res.body.state} (batches ${res.body.batches?.done}/${res.body.batches?.total}, attempted ${res.body.attempted}, delivered ${res.body.delivered}, failed ${res.body.failed}, retried ${res.body.retried})`);
  }
  return states;
}

/**
 * Groups messages by subscriber and tag, with the lifetime each copy arrived in. A repeat is explained when every
 * copy but the last arrived in a lifetime that ended by SIGKILL: the marker of that send was lost with the process.
 */
export function tallyDeliveries(messages: ReceivedMessage[], lifetimes: Lifetime[]) {
  const copies = new Map<string, number[]>();
  messages.forEach((message, index) => {
    const key = `${message.endpointId} ${payloadTag(message)}`;
    copies.set(key, [...(copies.get(key) ?? []), index]);
  });
  const lifetimeOf = (index: number) => lifetimes.findIndex((l) => index >= l.start && index < l.end);
  let repeats = 0;
  const unexplained: string[] = [];
  for (const [key, indexes] of copies) {
    repeats += indexes.length - 1;
    for (const index of indexes.slice(0, -1)) {
      const lifetime = lifetimes[lifetimeOf(index)];
      if (!lifetime?.killed) unexplained.push(`${key}: copy ${index} in lifetime ${lifetimeOf(index)} which was not killed`);
    }
  }
  const count = (endpointId: string, tag: string) => copies.get(`${endpointId} ${tag}`)?.length ?? 0;
  return { count, repeats, unexplained };
}
