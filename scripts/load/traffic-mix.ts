/**
 * The load test's request mix: every request autocannon sends is drawn at random by weight (feeds 90 %, list 8 %,
 * publish 1 %, subscribe 1 %), built fresh, and its status and latency are counted per kind.
 */
import { performance } from "node:perf_hooks";
import type { AutocannonRequest } from "./autocannon.ts";
import { pick } from "./seeded-random.ts";
import { feedPath } from "../../lib/feeds/feed-paths.ts";
import { FEED_FORMATS } from "../../lib/feeds/formats.ts";
import { ALL_FEED, categoryFeed, tagFeed } from "../../lib/store/keys.ts";

export type Kind = "feed" | "list" | "publish" | "subscribe";

export const MIX: Record<Kind, number> = { feed: 0.9, list: 0.08, publish: 0.01, subscribe: 0.01 };

/** Reads a mix like "feed:0.9,list:0.1" (weights are normalised); undefined or empty gives MIX. */
export function parseMix(text: string | undefined): Record<Kind, number> {
  if (!text) return MIX;
  const mix: Record<Kind, number> = { feed: 0, list: 0, publish: 0, subscribe: 0 };
  for (const part of text.split(",")) {
    const [kind, weight] = part.split(":");
    if (!kind || !(kind in mix) || !(Number(weight) >= 0)) throw new Error(`LOAD_MIX: bad entry "${part}"`);
    mix[kind as Kind] = Number(weight);
  }
  const total = Object.values(mix).reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error("LOAD_MIX: weights sum to 0");
  for (const kind of Object.keys(mix) as Kind[]) mix[kind] /= total;
  return mix;
}

/** Statuses that count as success for each kind (304 is a feed reader's conditional GET doing its job). */
const EXPECTED: Record<Kind, readonly number[]> = { feed: [200, 304], list: [200], publish: [201], subscribe: [200, 201] };

/** Share of feed requests that carry If-None-Match with the last ETag seen for that path. */
const CONDITIONAL_SHARE = 0.3;

export interface KindStats {
  count: number;
  statuses: Record<string, number>;
  /** Response times in ms, as seen by the load generator. */
  latencies: number[];
  unexpected: number;
  /** A few unexpected answers, for the report. */
  samples: string[];
}

export interface SubscriptionJson {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export interface MixOptions {
  rng: () => number;
  /** Weights per kind (default MIX). */
  mix?: Record<Kind, number>;
  adminToken: string;
  /** Subscriptions on the loopback receiver; subscribe requests re-post them with random topics, as browsers do. */
  subscriptions: SubscriptionJson[];
  categories: string[];
  tags: string[];
  /** Makes published ids unique across runs over the same data directory. */
  runId: string;
}

/** Every feed path readers poll: overall, per category and per tag, in every format. */
export function feedPaths(categories: string[], tags: string[]): string[] {
  const feeds = [ALL_FEED, ...categories.map(categoryFeed), ...tags.map(tagFeed)];
  return feeds.flatMap((feed) => FEED_FORMATS.map((format) => feedPath(feed, format)));
}

export function createTrafficMix(options: MixOptions) {
  const { rng } = options;
  const paths = feedPaths(options.categories, options.tags);
  const etags = new Map<string, string>();
  const empty = (): KindStats => ({ count: 0, statuses: {}, latencies: [], unexpected: 0, samples: [] });
  const stats: Record<Kind, KindStats> = { feed: empty(), list: empty(), publish: empty(), subscribe: empty() };
  let published = 0;

  const chooseKind = (): Kind => {
    let r = rng();
    for (const [kind, weight] of Object.entries(options.mix ?? MIX) as Array<[Kind, number]>) {
      if ((r -= weight) < 0) return kind;
    }
    return "feed";
  };

  function build(kind: Kind): { method: string; path: string; headers: Record<string, string>; body?: string } {
    switch (kind) {
      case "feed": {
        const path = pick(rng, paths);
        const headers: Record<string, string> = { "user-agent": "load-test feed reader" };
        // Most readers accept compression; some do not.
        if (rng() < 0.8) headers["accept-encoding"] = "gzip, br";
        const etag = etags.get(path);
        if (etag && rng() < CONDITIONAL_SHARE) headers["if-none-match"] = etag;
        return { method: "GET", path, headers };
      }
      case "list": {
        const category = rng() < 0.5 ? `&category=${encodeURIComponent(pick(rng, options.categories))}` : "";
        return { method: "GET", path: `/api/articles?limit=20${category}`, headers: {} };
      }
      case "publish": {
        const n = ++published;
        const id = `load-${options.runId}-${n}`;
        const body = {
          id,
          title: `خبر تجريبي رقم ${n}: تطورات جديدة في المنطقة`,
          url: `https://anapress.net/load/${id}`,
          summary: "ملخص الخبر التجريبي باللغة العربية.",
          contentHtml: '<p dir="rtl" lang="ar">نص الخبر التجريبي.</p>',
          author: "أنا برس",
          category: pick(rng, options.categories),
          tags: [pick(rng, options.tags)],
          publishedAt: new Date().toISOString(),
        };
        return {
          method: "POST",
          path: "/api/articles",
          headers: { authorization: `Bearer ${options.adminToken}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        };
      }
      case "subscribe": {
        const subscription = pick(rng, options.subscriptions);
        const topics = options.categories.filter(() => rng() < 0.3);
        return {
          method: "POST",
          path: "/api/push/subscriptions",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ...subscription, ...(topics.length > 0 ? { topics } : {}) }),
        };
      }
    }
  }

  const request: AutocannonRequest = {
    setupRequest(base, context) {
      const kind = chooseKind();
      const built = build(kind);
      context.kind = kind;
      context.path = built.path;
      context.start = performance.now();
      return { ...base, ...built };
    },
    onResponse(status, body, context, headers) {
      const kind = context.kind as Kind;
      const entry = stats[kind];
      entry.count++;
      entry.latencies.push(performance.now() - Number(context.start));
      entry.statuses[status] = (entry.statuses[status] ?? 0) + 1;
      if (!EXPECTED[kind].includes(status)) {
        entry.unexpected++;
        if (entry.samples.length < 5) entry.samples.push(`${status} ${String(context.path)}: ${body.slice(0, 200)}`);
      }
      const etag = headers["etag"] ?? headers["ETag"];
      if (kind === "feed" && typeof etag === "string") etags.set(String(context.path), etag);
    },
  };

  return { request, stats, paths, etags };
}

/** The value at quantile q (0..1) of a list of numbers. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
