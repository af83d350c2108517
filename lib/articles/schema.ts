/** Request schemas for publishing: what a CMS, the CLI or an import may send, and nothing server-owned. */
import { utf8ByteLength } from "../text/utf8.ts";
import { z, type Infer } from "../validation.ts";
import { hasVisibleText } from "../text/visible.ts";

/** Fields the server owns; a client that sends one gets a 400 naming it rather than a silent drop. */
export const SERVER_OWNED_FIELDS = ["views", "updatedAt", "rev", "status", "firstPublishedAt", "notify"] as const;

export const LIMITS = {
  id: 128,
  title: 500,
  url: 2048,
  summary: 5_000,
  /**
   * UTF-8 bytes, as DynamoDB sizes an item (400 KB each; the article and each of its feed entries carry the body).
   * With every other field at its limit the largest item stays near 350 KB, leaving room for what later writes add
   * (view roll-ups, sync and work-state attributes). Arabic text is 2 bytes a letter: about 150,000 letters.
   */
  contentHtmlBytes: 300_000,
  author: 200,
  label: 64,
  tags: 10,
} as const;

const httpUrl = z.string().check(z.maxLength(LIMITS.url), z.refine(isHttpUrl, { message: "must be an absolute http(s) URL" }));

/** Category and tag names go into URL paths and feed keys: printable, no path or query syntax. */
export const labelSchema = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(LIMITS.label),
  z.refine((s) => !/[/?#%\\\u0000-\u001f\u007f]/.test(s), { message: "must not contain / ? # % \\ or control characters" }),
);

export const articleIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "must be 1-128 of A-Z a-z 0-9 . _ - starting with a letter or digit"));

const isoDate = z
  .string()
  .check(z.maxLength(64), z.refine((s) => isPlausibleDate(s), { message: "must be an RFC 3339 date-time between 1970 and 2100" }));

const VISIBLE = { message: "must contain visible text" };
const title = z.string().check(z.maxLength(LIMITS.title * 4), z.refine(hasVisibleText, VISIBLE));
// "" is how an article without a summary reads back (a GET then POST round-trips); any other text must show something.
const summary = z.string().check(z.maxLength(LIMITS.summary * 4), z.refine((s) => s === "" || hasVisibleText(s), VISIBLE));
const contentHtml = z.string().check(
  z.refine((s) => s.length <= LIMITS.contentHtmlBytes && utf8ByteLength(s) <= LIMITS.contentHtmlBytes, {
    message: `must be at most ${LIMITS.contentHtmlBytes} bytes of UTF-8`,
  }),
);
const author = z.string().check(z.maxLength(LIMITS.author * 4));

const articleFields = {
  id: z.optional(articleIdSchema),
  title,
  url: httpUrl,
  summary: z.optional(summary),
  contentHtml: z.optional(contentHtml),
  author: z.optional(author),
  category: z.optional(labelSchema),
  tags: z.optional(z.array(labelSchema).check(z.maxLength(LIMITS.tags))),
  imageUrl: z.optional(httpUrl),
  publishedAt: z.optional(isoDate),
  lang: z.optional(
    z.string().check(z.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$/, "must be a BCP 47 language tag such as ar or ar-SY")),
  ),
  breaking: z.optional(z.boolean()),
};

/** Body of POST /api/articles. Unknown keys are refused so a typo never silently drops data. */
export const articleInputSchema = z.strictObject(articleFields);
export type ArticleInput = Infer<typeof articleInputSchema>;

/** Body of PATCH /api/articles/:id: any subset, the id excepted; null clears an optional field. */
export const articlePatchSchema = z.strictObject({
  title: z.optional(title),
  url: z.optional(httpUrl),
  summary: z.optional(z.nullable(summary)),
  contentHtml: z.optional(z.nullable(contentHtml)),
  author: z.optional(z.nullable(author)),
  category: z.optional(z.nullable(labelSchema)),
  tags: articleFields.tags,
  imageUrl: z.optional(z.nullable(httpUrl)),
  publishedAt: articleFields.publishedAt,
  lang: articleFields.lang,
  breaking: articleFields.breaking,
});
export type ArticlePatch = Infer<typeof articlePatchSchema>;

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && !url.username && !url.password;
}

function isPlausibleDate(value: string): boolean {
  // RFC 3339 with a zone; Date.parse alone accepts far too much ("1", "March 7").
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) return false;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= 0 && ms < Date.UTC(2100, 0, 1);
}
