/**
 * The site's sections (categories) for menus and alert topics: every category a publish has used, in the order the
 * newsroom set, without the ones it hid. One small partition, read with one Query.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { queryAll, send, type Db, type Item } from "./db.ts";
import { SECTION_SETTINGS_SK, SECTIONS_PK, sectionSk } from "./keys.ts";

/** What the newsroom decides: which sections come first and in what order, and which never show. */
export interface SectionSettings {
  /** Shown first, in this order; a name here shows even before any article uses it. */
  order: string[];
  /** Never shown in menus or alert topics (their pages and feeds still answer). */
  hidden: string[];
}

export interface SectionsRead {
  /** Visible sections: `order` first, then every other known section in Arabic alphabetical order. */
  names: string[];
  settings: SectionSettings;
  /** When the settings were last changed (absent until the newsroom sets them). */
  updatedAt?: string;
}

const collator = new Intl.Collator("ar");

/** Puts the sections in the newsroom's order; pure, so the rule is tested without a store. */
export function orderSections(seen: readonly string[], settings: SectionSettings): string[] {
  const hidden = new Set(settings.hidden);
  const first = [...new Set(settings.order)];
  const listed = new Set(first);
  const rest = [...new Set(seen)].filter((name) => !listed.has(name)).sort(collator.compare);
  return [...first, ...rest].filter((name) => !hidden.has(name));
}

/** The write a publish adds to its feed-entry batch so its category is known (idempotent). */
export function sectionItem(name: string): Item {
  return { pk: SECTIONS_PK, sk: sectionSk(name), name };
}

export function createSectionStore(options: { db: Db; now: () => Date }) {
  const { db, now } = options;

  /** One Query brings every section item and the settings (the partition stays far below a page). */
  async function read(): Promise<SectionsRead> {
    const seen: string[] = [];
    let settings: SectionSettings = { order: [], hidden: [] };
    let updatedAt: string | undefined;
    for (const item of await queryAll(db, { KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": SECTIONS_PK } })) {
      if (item.sk === SECTION_SETTINGS_SK) {
        settings = { order: strings(item.order), hidden: strings(item.hidden) };
        if (typeof item.updatedAt === "string") updatedAt = item.updatedAt;
      } else if (typeof item.name === "string") {
        seen.push(item.name);
      }
    }
    return { names: orderSections(seen, settings), settings, ...(updatedAt ? { updatedAt } : {}) };
  }

  /** Replaces the newsroom's order and hidden list (last writer wins: it is one editor's setting). */
  async function configure(settings: SectionSettings): Promise<void> {
    await send(
      db,
      new PutCommand({
        TableName: db.table,
        Item: { pk: SECTIONS_PK, sk: SECTION_SETTINGS_SK, order: settings.order, hidden: settings.hidden, updatedAt: now().toISOString() },
      }),
    );
  }

  return { read, configure };
}

export type SectionStore = ReturnType<typeof createSectionStore>;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
