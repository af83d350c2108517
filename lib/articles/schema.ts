/** Request schemas for publishing: what a CMS, the CLI or an import may send, and nothing server-owned. */
import { z, type Infer } from "../validation.ts";

/** Fields the server owns; a client that sends one gets a 400 naming it rather than a silent drop. */
export const SERVER_OWNED_FIELDS = ["views", "updatedAt", "rev", "status", "firstPublishedAt", "notify"] as const;

export const LIMITS = {
  id: 128,
  title: 500,
  url: 2048,
  summary: 5_000,
  contentHtml: 200_000,
  author: 200,
  label: 64,
  tags: 10,
} as const;

const httpUrl = z
  .string()
  .max(LIMITS.url)
  .refine(isHttpUrl, { message: "must be an absolute http(s) URL" });

/** Category and tag names go into URL paths and feed keys: printable, no path or query syntax. */
const label = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.label)
  .refine((s) => !/[/?#%\\\u0000-\u001f\u007f]/.test(s), {
    message: "must not contain / ? # % \\ or control characters",
  });

export const articleIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "must be 1-128 of A-Z a-z 0-9 . _ - starting with a letter or digit");

const isoDate = z
  .string()
  .max(64)
  .refine((s) => isPlausibleDate(s), { message: "must be an RFC 3339 date-time between 1970 and 2100" });

const articleFields = {
  id: articleIdSchema.optional(),
  title: z.string().max(LIMITS.title * 4),
  url: httpUrl,
  summary: z.string().max(LIMITS.summary * 4).optional(),
  contentHtml: z.string().max(LIMITS.contentHtml).optional(),
  author: z.string().max(LIMITS.author * 4).optional(),
  category: label.optional(),
  tags: z.array(label).max(LIMITS.tags).optional(),
  imageUrl: httpUrl.optional(),
  publishedAt: isoDate.optional(),
  lang: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$/, "must be a BCP 47 language tag such as ar or ar-SY")
    .optional(),
  breaking: z.boolean().optional(),
};

/** Body of POST /api/articles. Unknown keys are refused so a typo never silently drops data. */
export const articleInputSchema = z.strictObject(articleFields);
export type ArticleInput = Infer<typeof articleInputSchema>;

/** Body of PATCH /api/articles/:id: any subset, the id excepted; null clears an optional field. */
export const articlePatchSchema = z.strictObject({
  title: articleFields.title.optional(),
  url: httpUrl.optional(),
  summary: articleFields.summary.nullable(),
  contentHtml: articleFields.contentHtml.nullable(),
  author: articleFields.author.nullable(),
  category: articleFields.category.nullable(),
  tags: articleFields.tags,
  imageUrl: articleFields.imageUrl.nullable(),
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
