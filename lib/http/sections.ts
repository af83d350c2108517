/**
 * The sections list every page shows, kept in the render cache like the pages: read from the store at most once per
 * revalidation window (and at once after this process publishes or the newsroom reorders), so a page request in
 * steady state costs no extra read.
 */
import type { RenderCache, RenderedDocument } from "../feeds/render-cache.ts";
import { absoluteUrl, categoryPath } from "../pages/site.ts";
import type { SectionSettings, Store } from "../store/index.ts";
import { ALL_FEED } from "../store/keys.ts";

/** Cache key of the sections document, and the pseudo-feed whose invalidation makes it (and every page) re-check. */
export const SECTIONS_KEY = "sections";

/** The public JSON document: visible sections in order with their pages, and the newsroom's settings. */
export interface SectionsDocument extends SectionSettings {
  items: Array<{ name: string; url: string }>;
}

export interface Sections {
  /** Visible section names, in the newsroom's order. */
  names: readonly string[];
  /** Changes whenever the list does (the document's ETag): part of every page's version. */
  version: string;
  /** When this process first saw the list as it is: a page's Last-Modified is never older. */
  changedAt: Date;
}

const decoder = new TextDecoder();

/** Returns the cached sections document and a reader of its names (parsed once per document). */
export function sectionsSource(options: { store: Store; cache: RenderCache; baseUrl: string; now: () => Date }) {
  const { store, cache, baseUrl } = options;
  const parsed = new WeakMap<RenderedDocument, Sections>();

  async function document(): Promise<RenderedDocument> {
    // Depends on "all" too: a publish in this process may bring a new category, so the list re-checks at once.
    const doc = await cache.get(SECTIONS_KEY, [SECTIONS_KEY, ALL_FEED], async () => {
      const read = await store.sections.read();
      const body: SectionsDocument = {
        items: read.names.map((name) => ({ name, url: absoluteUrl(baseUrl, categoryPath(name)) })),
        ...read.settings,
      };
      const json = JSON.stringify(body);
      // Rendered only when the list changes, so "now" is when this process first saw that change.
      return { version: json, lastModified: options.now(), render: () => json };
    });
    if ("error" in doc) throw new Error(`sections: ${doc.error}`);
    return doc;
  }

  async function sections(): Promise<Sections> {
    const doc = await document();
    let value = parsed.get(doc);
    if (!value) {
      const body = JSON.parse(decoder.decode(doc.body)) as SectionsDocument;
      parsed.set(doc, (value = { names: body.items.map((i) => i.name), version: doc.etag, changedAt: doc.lastModified }));
    }
    return value;
  }

  return { document, sections };
}

export type SectionsSource = ReturnType<typeof sectionsSource>;
