/**
 * Our feed writers against `feed` 6.0.0 and feedsmith 3.0.1 on the same Arabic and hostile articles: does each
 * render, is the result well-formed and schema-valid, do the titles read back, is there xml:lang / JSON Feed 1.1 with
 * `language`, do images come out as Media RSS with the right type, and how long a 50-item render takes.
 * The figures in docs/feeds.md ("Why our own serialisers") come from this script; `feed` is a devDependency for it only.
 * Run: npx tsx bench/feed-libraries.ts   (writes bench/results/feed-libraries.json; a part of `npm run bench`)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { Feed } from "feed";
import { generateAtomFeed, generateJsonFeed, generateRssFeed } from "feedsmith";
import Parser from "rss-parser";
import { buildFeedDocument } from "../lib/feeds/document.ts";
import { entryAuthor, entryHtml, entryId, entryTerms } from "../lib/feeds/entries.ts";
import { imageMimeType, renderAtom, renderJsonFeed, renderRss } from "../lib/feeds/index.ts";
import type { Article } from "../lib/model/article.ts";
import type { FeedDocument } from "../lib/model/feed.ts";
import { stripXmlForbidden } from "../lib/text/xml-chars.ts";
import { benchArticleInputs } from "./lib/seed-articles.ts";

const ITEMS = 50;
const RENDERS = Number(process.env.BENCH_RENDERS ?? 200);
const BASE = "https://news.example";
const FORMATS = ["rss", "atom", "json"] as const;
type Format = (typeof FORMATS)[number];
const LIBRARIES = ["ours", "feed", "feedsmith"] as const;
type Library = (typeof LIBRARIES)[number];
const FILES: Record<Format, string> = { rss: "rss.xml", atom: "atom.xml", json: "feed.json" };
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** The installed version, read from node_modules (neither package exports its package.json). */
const version = (name: string) => (JSON.parse(readFileSync(here(`../node_modules/${name}/package.json`), "utf8")) as { version: string }).version;

/** The benchmark's fifty Arabic articles (real headlines and bodies, images of several types). */
function arabicArticles(): Article[] {
  return benchArticleInputs(ITEMS).map((input, i) => {
    const a = input as unknown as Article;
    return { ...a, imageUrl: a.imageUrl ?? `https://news.example/i/${i}.${["jpg", "webp", "png"][i % 3]}`, updatedAt: a.publishedAt, views: 0 };
  });
}

/** What breaks naive writers: controls, lone surrogates, noncharacters, "]]>", markup and bidi marks in the text. */
function hostileArticles(): Article[] {
  const [lead, ...rest] = arabicArticles();
  const hostile: Article = {
    ...lead!,
    id: "hostile-1",
    title: "\u0001\u0008عاجل\ud800: «COVID-19» ]]> <b>غارات</b> & \u200fتفاصيل\u200e\uFFFE",
    summary: "ملخص ]]> فيه \u001b[31m رموز تحكم <script>alert(1)</script>",
    contentHtml: "<p>نص ]]> الخبر\u0000 <b>مهم</b></p>",
    category: "سياسة & <أمن>",
    tags: ["وسم\u0007"],
    author: "javascript:alert(1)",
  };
  return [hostile, ...rest.slice(0, 9)];
}

/** Ten ordinary articles, one of them with a link and image relative to the site (as some CMS exports have). */
function relativeUrlArticles(): Article[] {
  const [first, ...rest] = arabicArticles();
  return [{ ...first!, id: "relative-1", url: "/a/relative-1", imageUrl: "/i/relative.webp" }, ...rest.slice(0, 9)];
}

function documentFor(format: Format, items: Article[]): FeedDocument {
  return buildFeedDocument({
    siteTitle: "أنا برس",
    siteDescription: "آخر الأخبار",
    baseUrl: BASE,
    homePath: "/",
    path: `/feeds/${FILES[format]}`,
    items,
    hubUrl: "https://hub.example/",
  });
}

/** Each library given what a publisher would give it: the same ids, bodies, terms and authors as ours. */
const render: Record<Library, (format: Format, doc: FeedDocument) => string> = {
  ours: (format, doc) => (format === "rss" ? renderRss(doc) : format === "atom" ? renderAtom(doc) : renderJsonFeed(doc)),

  feed(format, doc) {
    const feed = new Feed({
      id: doc.selfUrl,
      title: doc.title,
      description: doc.description,
      link: doc.homePageUrl,
      language: doc.lang,
      updated: new Date(doc.updatedAt),
      generator: false,
      feedLinks: { [format]: doc.selfUrl },
      ...(doc.hubUrl ? { hub: doc.hubUrl } : {}),
      ...(doc.iconUrl ? { image: doc.iconUrl, favicon: doc.iconUrl } : {}),
      author: { name: doc.title, link: doc.homePageUrl },
    });
    for (const a of doc.items) {
      const html = entryHtml(doc, a);
      feed.addItem({
        title: a.title,
        id: entryId(doc, a),
        link: a.url,
        date: new Date(a.updatedAt),
        published: new Date(a.publishedAt),
        description: a.summary,
        ...(html ? { content: html } : {}),
        category: entryTerms(a).map((name) => ({ name })),
        author: [{ name: entryAuthor(a) ?? doc.title }],
        ...(a.imageUrl ? { image: a.imageUrl } : {}),
      });
    }
    return format === "rss" ? feed.rss2() : format === "atom" ? feed.atom1() : feed.json1();
  },

  feedsmith(format, doc) {
    const image = (a: Article) => (a.imageUrl ? { url: a.imageUrl, type: imageMimeType(a.imageUrl) } : undefined);
    if (format === "rss") {
      return generateRssFeed({
        title: doc.title,
        link: doc.homePageUrl,
        description: doc.description,
        language: doc.lang,
        lastBuildDate: new Date(doc.updatedAt),
        atom: { links: [{ href: doc.selfUrl, rel: "self", type: "application/rss+xml" }] },
        items: doc.items.map((a) => {
          const img = image(a);
          const html = entryHtml(doc, a);
          return {
            title: a.title,
            link: a.url,
            description: a.summary,
            guid: { value: entryId(doc, a), isPermaLink: false },
            pubDate: new Date(a.publishedAt),
            categories: entryTerms(a).map((name) => ({ name })),
            dc: { creators: [entryAuthor(a) ?? doc.title] },
            ...(html ? { content: { encoded: html } } : {}),
            ...(img ? { enclosures: [{ url: img.url, length: 0, type: img.type }], media: { contents: [{ url: img.url, medium: "image", type: img.type }] } } : {}),
          };
        }),
      });
    }
    if (format === "atom") {
      return generateAtomFeed({
        id: doc.selfUrl,
        title: { value: doc.title },
        updated: new Date(doc.updatedAt),
        xml: { lang: doc.lang },
        links: [
          { href: doc.selfUrl, rel: "self", type: "application/atom+xml" },
          { href: doc.homePageUrl, rel: "alternate", type: "text/html" },
        ],
        authors: [{ name: doc.title, uri: doc.homePageUrl }],
        entries: doc.items.map((a) => {
          const img = image(a);
          const html = entryHtml(doc, a);
          return {
            id: entryId(doc, a),
            title: { value: a.title },
            updated: new Date(a.updatedAt),
            published: new Date(a.publishedAt),
            links: [{ href: a.url, rel: "alternate", type: "text/html" }, ...(img ? [{ href: img.url, rel: "enclosure", type: img.type }] : [])],
            authors: [{ name: entryAuthor(a) ?? doc.title }],
            categories: entryTerms(a).map((term) => ({ term, label: term })),
            ...(a.summary ? { summary: { value: a.summary, type: "text" } } : {}),
            ...(html ? { content: { value: html, type: "html" } } : {}),
            ...(img ? { media: { contents: [{ url: img.url, medium: "image", type: img.type }] } } : {}),
          };
        }),
      });
    }
    return JSON.stringify(
      generateJsonFeed({
        title: doc.title,
        home_page_url: doc.homePageUrl,
        feed_url: doc.selfUrl,
        description: doc.description,
        language: doc.lang,
        authors: [{ name: doc.title, url: doc.homePageUrl }],
        items: doc.items.map((a) => {
          const html = entryHtml(doc, a);
          return {
            id: entryId(doc, a),
            url: a.url,
            title: a.title,
            ...(html ? { content_html: html } : { content_text: a.summary }),
            summary: a.summary,
            ...(a.imageUrl ? { image: a.imageUrl } : {}),
            date_published: new Date(a.publishedAt),
            date_modified: new Date(a.updatedAt),
            tags: entryTerms(a),
            authors: [{ name: entryAuthor(a) ?? doc.title }],
          };
        }),
      }),
      null,
      2,
    );
  },
};

// --- checks -------------------------------------------------------------------------------------------------------

const scratch = mkdtempSync(join(tmpdir(), "feed-libraries-"));
const hasTool = (name: string) => spawnSync("sh", ["-c", `command -v ${name}`]).status === 0;
const tools = { xmllint: hasTool("xmllint"), jing: hasTool("jing") };

function runOn(text: string, command: string, args: string[]): boolean {
  const file = join(scratch, "doc");
  writeFileSync(file, text);
  return spawnSync(command, [...args, file], { encoding: "utf8", timeout: 60_000 }).status === 0;
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
ajv.addFormat("uri", (value: string) => URL.canParse(value));
ajv.addFormat("date-time", (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(value) && !Number.isNaN(Date.parse(value)));
const jsonFeedSchema = ajv.compile(JSON.parse(readFileSync(here("../tests/schemas/jsonfeed-1.1.schema.json"), "utf8")));

type Verdict = boolean | "n/a";

interface Row {
  input: "arabic" | "hostile text" | "a relative url";
  library: Library;
  format: Format;
  renders: string;
  wellFormed: Verdict;
  schemaValid: Verdict;
  /** "exact", "after trim" (whitespace added around the text: strict readers show it), or "NO". */
  titlesIntact: string;
  language: string;
  media: string;
}

/** Titles as a strict consumer reads them back (rss-parser's sax for XML, JSON.parse for JSON Feed). */
async function titlesRead(format: Format, text: string): Promise<string[] | undefined> {
  try {
    if (format === "json") return (JSON.parse(text) as { items: { title?: string }[] }).items.map((i) => i.title ?? "");
    return (await new Parser().parseString(text)).items.map((i) => i.title ?? "");
  } catch {
    return undefined;
  }
}

function languageOf(format: Format, text: string): string {
  if (format === "rss") return /<language>ar<\/language>/.test(text) ? "<language>ar" : "none";
  if (format === "atom") return /<feed\b[^>]*\sxml:lang="ar"/.test(text) ? 'xml:lang="ar"' : "no xml:lang";
  try {
    const json = JSON.parse(text) as { version?: string; language?: string };
    return `${String(json.version).replace("https://jsonfeed.org/version/", "v")}${json.language ? `, language ${json.language}` : ", no language"}`;
  } catch {
    return "unparsable";
  }
}

/** Images: Media RSS present? enclosure/attachment types right (what lib/feeds/mime.ts says for the extension)? */
function mediaOf(format: Format, text: string, items: Article[]): string {
  const wanted = new Set(items.flatMap((a) => (a.imageUrl && URL.canParse(a.imageUrl) ? [imageMimeType(a.imageUrl)] : [])));
  if (format === "json") {
    try {
      const json = JSON.parse(text) as { items: { image?: string }[] };
      return `image on ${json.items.filter((i) => i.image).length}/${json.items.length}`;
    } catch {
      return "unparsable";
    }
  }
  const media = /<media:content\b/.test(text) ? "media:content" : "no media:content";
  const enclosures = text.match(/<enclosure\b[^>]*>|<link\b[^>]*\brel="enclosure"[^>]*>/g) ?? [];
  const types = new Set(enclosures.map((tag) => /\stype="([^"]*)"/.exec(tag)?.[1] ?? "(none)"));
  const wrong = [...types].filter((t) => !wanted.has(t));
  return `${media}; ${types.size === 0 ? "no enclosure" : wrong.length ? `wrong type ${wrong.join(" ")}` : "types right"}`;
}

async function check(input: Row["input"], library: Library, format: Format, items: Article[]): Promise<Row> {
  const doc = documentFor(format, items);
  const row: Row = { input, library, format, renders: "yes", wellFormed: "n/a", schemaValid: "n/a", titlesIntact: "NO", language: "—", media: "—" };
  let text: string;
  try {
    text = render[library](format, doc);
  } catch (error) {
    return { ...row, renders: `throws: ${error instanceof Error ? error.message.slice(0, 40) : String(error)}` };
  }
  if (format !== "json" && tools.xmllint) row.wellFormed = runOn(text, "xmllint", ["--noout", "--nonet"]);
  if (format === "json") {
    try {
      row.wellFormed = true;
      row.schemaValid = jsonFeedSchema(JSON.parse(text)) as boolean;
    } catch {
      row.wellFormed = false;
      row.schemaValid = false;
    }
  }
  if (format === "atom" && tools.jing) row.schemaValid = runOn(text, "jing", ["-c", here("../tests/schemas/atom.rnc")]);
  const titles = await titlesRead(format, text);
  const expected = items.map((a) => stripXmlForbidden(a.title));
  if (titles !== undefined && titles.length === items.length) {
    if (titles.every((t, i) => t === expected[i])) row.titlesIntact = "exact";
    else if (titles.every((t, i) => t.trim() === expected[i]!.trim())) row.titlesIntact = "after trim";
  }
  row.language = languageOf(format, text);
  row.media = mediaOf(format, text, items);
  return row;
}

function timeRenders(library: Library, format: Format, items: Article[]): number | undefined {
  const doc = documentFor(format, items);
  try {
    render[library](format, doc);
  } catch {
    return undefined;
  }
  for (let i = 0; i < 20; i++) render[library](format, doc);
  const samples: number[] = [];
  for (let i = 0; i < RENDERS; i++) {
    const started = performance.now();
    render[library](format, doc);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]! * 1000;
}

/** Runs every check and timing, prints the comparison and returns it (also written to bench/results/). */
export async function main(): Promise<Record<string, unknown>> {
  const arabic = arabicArticles();
  const rows: Row[] = [];
  for (const [input, items] of [["arabic", arabic], ["hostile text", hostileArticles()], ["a relative url", relativeUrlArticles()]] as const) {
    for (const format of FORMATS) for (const library of LIBRARIES) rows.push(await check(input, library, format, items));
  }
  const micros: Record<string, number | undefined> = {};
  for (const format of FORMATS) for (const library of LIBRARIES) micros[`${library} ${format}`] = timeRenders(library, format, arabic);
  rmSync(scratch, { recursive: true, force: true });

  const versions = { feed: version("feed"), feedsmith: version("feedsmith") };
  const mark = (v: Verdict) => (v === "n/a" ? "n/a" : v ? "yes" : "NO");
  console.log(`feed libraries: ours vs feed ${versions.feed} vs feedsmith ${versions.feedsmith}; ${ITEMS} Arabic items, 10 with hostile text, 10 with a relative url; xmllint ${tools.xmllint ? "on" : "missing"}, jing ${tools.jing ? "on" : "missing"}`);
  console.table(
    rows.map((r) => ({
      input: r.input,
      library: r.library,
      format: r.format,
      renders: r.renders,
      "well-formed": mark(r.wellFormed),
      "schema-valid": mark(r.schemaValid),
      "titles read back": r.titlesIntact,
      language: r.language,
      images: r.media,
    })),
  );
  console.log(`median render of ${ITEMS} Arabic items (${RENDERS} renders), µs; × ours`);
  console.table(
    FORMATS.map((format) => {
      const ours = micros[`ours ${format}`]!;
      const cell = (library: Library) => {
        const m = micros[`${library} ${format}`];
        return m === undefined ? "throws" : `${Math.round(m)} (${(m / ours).toFixed(2)}×)`;
      };
      return { format, ours: Math.round(ours), feed: cell("feed"), feedsmith: cell("feedsmith") };
    }),
  );

  const ratios: Record<string, number> = {};
  for (const format of FORMATS) {
    for (const library of ["feed", "feedsmith"] as const) {
      const m = micros[`${library} ${format}`];
      if (m !== undefined) ratios[`${library} ${format} render × ours`] = m / micros[`ours ${format}`]!;
    }
  }
  const result = { date: new Date().toISOString(), node: process.version, versions, items: ITEMS, renders: RENDERS, tools, rows, micros, ratios };
  const out = here("./results/");
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}feed-libraries.json`, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
