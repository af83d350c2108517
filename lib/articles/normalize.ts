/** Turns validated input into the article fields we store: cleaned text, sanitised HTML, a stable id. */
import { cleanText } from "../text/xml-chars.ts";
import { utf8ByteLength } from "../text/utf8.ts";
import { articleIdFromUrl } from "../text/article-id.ts";
import type { ArticleContent } from "../model/article.ts";
import type { FieldProblem } from "../validation.ts";
import { LIMITS, type ArticleInput } from "./schema.ts";


export type Normalized = { ok: true; content: ArticleContent } | { ok: false; problems: FieldProblem[] };

/**
 * Collapses runs of whitespace: titles, names and labels are single-line in every feed format. DEL and the C1
 * controls (XML allows them) count as whitespace, so a title of control characters is refused as empty.
 */
const oneLine = (s: string) => cleanText(s).replace(/[\u007f-\u009f]/g, " ").replace(/\s+/g, " ").trim();

/**
 * The sanitiser (sanitize-html with its parser and entity tables, a sixth of the API bundle) is loaded on the first
 * write rather than at startup: a Lambda cold start that serves a feed never reads or compiles it (a separate chunk,
 * scripts/build-functions.ts). One import per process.
 */
let sanitizer: Promise<typeof import("../content/sanitize.ts")> | undefined;
const loadSanitizer = () => (sanitizer ??= import("../content/sanitize.ts"));

/**
 * Loads the sanitiser and cleans one tiny Arabic document with it, so a fresh process's first publish does not pay
 * the import and sanitize-html's and htmlparser2's first parse (for the local server, after it listens; not for Lambda,
 * whose init should stay short).
 */
export async function warmUpSanitizer(): Promise<void> {
  const { sanitizeArticleHtml } = await loadSanitizer();
  sanitizeArticleHtml('<p dir="rtl">خبر <a href="/ar/1">عاجل</a> &amp; <img src="a.jpg" alt="صورة"></p><script>x</script>', "https://news.example/ar/");
}

export async function normalizeArticle(input: ArticleInput): Promise<Normalized> {
  const problems: FieldProblem[] = [];
  const title = oneLine(input.title);
  if (!title) problems.push({ pointer: "/title", detail: "must contain visible text" });
  if (title.length > LIMITS.title) problems.push({ pointer: "/title", detail: `must be at most ${LIMITS.title} characters` });
  const summary = cleanText(input.summary ?? "").trim();
  if (summary.length > LIMITS.summary) problems.push({ pointer: "/summary", detail: `must be at most ${LIMITS.summary} characters` });
  const author = input.author === undefined ? undefined : oneLine(input.author) || undefined;
  if (author && author.length > LIMITS.author) problems.push({ pointer: "/author", detail: `must be at most ${LIMITS.author} characters` });
  if (problems.length > 0) return { ok: false, problems };

  const category = input.category === undefined ? undefined : oneLine(input.category) || undefined;
  const tags = [...new Set((input.tags ?? []).map(oneLine).filter(Boolean))];
  const url = new URL(input.url).href;
  const { sanitizeArticleHtml } = await loadSanitizer();
  const contentHtml = sanitizeArticleHtml(input.contentHtml ?? "", url);
  // Sanitising can lengthen what the schema measured (an escaped "&" or "<"): the stored bytes are what count.
  if (utf8ByteLength(contentHtml) > LIMITS.contentHtmlBytes) {
    return { ok: false, problems: [{ pointer: "/contentHtml", detail: `must be at most ${LIMITS.contentHtmlBytes} bytes of UTF-8 once sanitised` }] };
  }
  const content: ArticleContent = {
    id: input.id ?? (await articleIdFromUrl(url)),
    title,
    url,
    summary,
    contentHtml,
    tags,
    lang: input.lang ?? "ar",
    breaking: input.breaking ?? false,
  };
  if (author) content.author = author;
  if (category) content.category = category;
  if (input.imageUrl) content.imageUrl = new URL(input.imageUrl).href;
  if (input.publishedAt) content.publishedAt = new Date(input.publishedAt).toISOString();
  return { ok: true, content };
}
