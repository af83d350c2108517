/** Sitemap checks with real consumers: xmllint against the schemas, and the `sitemap` package's parsers. */
import { Readable } from "node:stream";
import { parseSitemap, parseSitemapIndex } from "sitemap";
import { run, writeTemp, type RunResult } from "../feeds/support/tools.ts";

const schema = (name: string) => new URL(`../schemas/${name}`, import.meta.url).pathname;

/** sitemaps.org's sitemap.xsd, as the npm `sitemap` package ships it. */
export const URLSET_XSD = new URL("../../node_modules/sitemap/schema/sitemap.xsd", import.meta.url).pathname;
/** sitemap.xsd plus our news-namespace schema (tests/schemas/sitemap-news-ours.xsd). */
export const NEWS_XSD = schema("news-sitemap.xsd");
/** Our sitemap index schema (tests/schemas/siteindex-ours.xsd). */
export const INDEX_XSD = schema("siteindex-ours.xsd");

/** `xmllint --schema`, offline, over one document: status 0 and "validates" on stderr when it passes. */
export function validate(xml: string, xsd: string): RunResult {
  const [path] = writeTemp({ "sitemap.xml": xml });
  return run("xmllint", ["--noout", "--nonet", "--schema", xsd, path!]);
}

export const parseUrlSet = (xml: string) => parseSitemap(Readable.from([xml]));
export const parseIndex = (xml: string) => parseSitemapIndex(Readable.from([xml]));
