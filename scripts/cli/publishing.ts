/** Publishes articles one by one and reports each as created, updated, unchanged or failed. */
import { articleIdFromUrl, isValidArticleId } from "../../lib/text/article-id.ts";
import { isHttpUrl } from "../../lib/articles/schema.ts";
import { getArticle, postArticle, type ApiClient, type ApiProblem } from "./api.ts";
import type { CliContext } from "./context.ts";
import { problemLines } from "./problems.ts";

export type PublishKind = "created" | "updated" | "republished" | "unchanged";
export type PublishReport = { kind: PublishKind; id: string; title: string } | { kind: "failed"; title: string; problem: ApiProblem };

export interface PublishTally {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

/**
 * POSTs one article. The API answers 200 for updated and unchanged alike, so the article's updatedAt is read
 * before and compared after: an unchanged write keeps it.
 */
export async function publishOne(client: ApiClient, article: unknown): Promise<PublishReport> {
  const title = titleOf(article);
  const id = await expectedId(article);
  const before = id ? await getArticle(client, id) : undefined;
  const result = await postArticle(client, article);
  if (!result.ok) return { kind: "failed", title, problem: result.problem };
  const saved = result.value;
  let kind: PublishKind = "updated";
  if (result.status === 201) kind = "created";
  else if (before?.ok && before.value.updatedAt === saved.updatedAt) kind = "unchanged";
  else if (before && !before.ok && before.problem.status === 410) kind = "republished";
  return { kind, id: saved.id, title: saved.title };
}

/** Publishes in order, printing one line per article (and the problem under a failure). */
export async function publishAll(ctx: CliContext, client: ApiClient, articles: unknown[]): Promise<PublishTally> {
  const tally: PublishTally = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const article of articles) {
    const report = await publishOne(client, article);
    if (report.kind === "failed") {
      tally.failed++;
      ctx.err(`failed ${report.title || "(untitled)"}`);
      for (const line of problemLines(report.problem)) ctx.err(line);
      continue;
    }
    tally[report.kind === "republished" ? "updated" : report.kind]++;
    ctx.out(`${report.kind} ${report.id} ${report.title}`);
  }
  return tally;
}

function titleOf(article: unknown): string {
  const title = isRecord(article) ? article.title : undefined;
  return typeof title === "string" ? title.trim() : "";
}

/** The id the server will use: the given one, else the one it derives from the url (the same function). */
async function expectedId(article: unknown): Promise<string | undefined> {
  if (!isRecord(article)) return undefined;
  if (typeof article.id === "string") return isValidArticleId(article.id) ? article.id : undefined;
  return typeof article.url === "string" && isHttpUrl(article.url) ? articleIdFromUrl(article.url) : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
