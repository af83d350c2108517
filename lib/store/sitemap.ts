/** Reads the sitemap index (lean article lines and day markers) by key range: never a Scan, never a full article. */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { send, type Db, type Item } from "./db.ts";
import type { SitemapEntryItem } from "./article-item.ts";
import { SITEMAP_DAYS_PK, SITEMAP_URLS_PK } from "./keys.ts";

/** A line of the index: a live article, or the tombstone of one that was unpublished or moved to another date. */
export type SitemapLine =
  | { live: true; id: string; url: string; title: string; lang: string; publishedAt: string; updatedAt: string; changedAt: string }
  | { live: false; id: string; changedAt: string };

/** A UTC day with (or once with) articles, and when its list last changed. */
export interface SitemapDay {
  day: string;
  changedAt: string;
}

/** Lines read, and how many Query requests that took (1 unless the lines outgrew DynamoDB's 1 MB page). */
export interface SitemapRead<T> {
  items: T[];
  reads: number;
}

/** Upper bound on Query pages per call, so a runaway partition cannot hold a request for long. */
const MAX_PAGES = 64;

export function createSitemapStore(options: { db: Db }) {
  const { db } = options;

  /** Follows LastEvaluatedKey until `enough` says stop, the range ends, or MAX_PAGES. */
  async function queryAll(input: Record<string, unknown>, enough: (items: Item[]) => boolean): Promise<SitemapRead<Item>> {
    const items: Item[] = [];
    let start: Item | undefined;
    let reads = 0;
    do {
      const out = await send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
        db,
        new QueryCommand({ TableName: db.table, ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      reads++;
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start && !enough(items) && reads < MAX_PAGES);
    return { items, reads };
  }

  /** Every day marker, oldest first: about 40 bytes each, so 25,000 days (68 years) fit in one read. */
  async function days(): Promise<SitemapRead<SitemapDay>> {
    const read = await queryAll(
      { KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": SITEMAP_DAYS_PK } },
      () => false,
    );
    return { items: read.items.map((i) => ({ day: i.sk, changedAt: String(i.changedAt) })), reads: read.reads };
  }

  /** The lines of one UTC day ("2020-07-08"), oldest first, tombstones included; at most `limit` live ones. */
  async function day(date: string, limit: number): Promise<SitemapRead<SitemapLine>> {
    const read = await queryAll(
      {
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        // "E#2020-07-08" sorts before that day's "E#2020-07-08T…" keys and "E#2020-07-08U" after them.
        ExpressionAttributeValues: { ":pk": SITEMAP_URLS_PK, ":from": `E#${date}`, ":to": `E#${date}U` },
      },
      (items) => liveCount(items) >= limit,
    );
    return { items: read.items.map(toLine), reads: read.reads };
  }

  /**
   * The lines published in [from, to) (ISO instants), newest first, tombstones included; reading stops once `limit`
   * live ones are in.
   */
  async function published(from: string, to: string, limit: number): Promise<SitemapRead<SitemapLine>> {
    const read = await queryAll(
      {
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: { ":pk": SITEMAP_URLS_PK, ":from": `E#${from}`, ":to": `E#${to}` },
        ScanIndexForward: false,
        // Tombstones share the range: ask for a few more than the live lines wanted.
        Limit: limit + 50,
      },
      (items) => liveCount(items) >= limit,
    );
    return { items: read.items.map(toLine), reads: read.reads };
  }

  return { days, day, published };
}

export type SitemapStore = ReturnType<typeof createSitemapStore>;

function liveCount(items: Item[]): number {
  let n = 0;
  for (const item of items) if (item.live === true) n++;
  return n;
}

function toLine(raw: Item): SitemapLine {
  const item = raw as unknown as SitemapEntryItem;
  if (!item.live) return { live: false, id: item.id, changedAt: item.changedAt };
  const { id, url, title, lang, publishedAt, updatedAt, changedAt } = item;
  return { live: true, id, url, title, lang, publishedAt, updatedAt, changedAt };
}
