/** `list [--category c] [--tag t] [--limit n] [--json]`: newest first, following cursors up to the limit. */
import type { Article } from "../../../lib/model/article.ts";
import { listArticles } from "../api.ts";
import { stringOption, type ParsedArgs } from "../args.ts";
import type { CliContext } from "../context.ts";
import { problemLines } from "../problems.ts";

const PAGE_MAX = 100;
const DEFAULT_LIMIT = 50;

export async function listCommand(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const limitText = stringOption(args, "limit") ?? String(DEFAULT_LIMIT);
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) {
    ctx.err(`--limit must be a positive integer, got ${limitText}`);
    return 2;
  }
  const category = stringOption(args, "category");
  const tag = stringOption(args, "tag");
  const articles: Article[] = [];
  let cursor: string | undefined;
  do {
    const page = await listArticles(
      { baseUrl: ctx.apiUrl },
      { limit: Math.min(PAGE_MAX, limit - articles.length), ...(cursor ? { cursor } : {}), ...(category ? { category } : {}), ...(tag ? { tag } : {}) },
    );
    if (!page.ok) {
      ctx.err("failed to list articles");
      for (const line of problemLines(page.problem)) ctx.err(line);
      return 1;
    }
    articles.push(...page.value.items);
    cursor = page.value.nextCursor ?? undefined;
  } while (cursor && articles.length < limit);
  if (args.options.json) for (const article of articles) ctx.out(JSON.stringify(article));
  else printTable(ctx, articles);
  return 0;
}

function printTable(ctx: CliContext, articles: Article[]): void {
  const rows = articles.map((a) => [a.publishedAt, a.id, a.category ?? "-", a.title]);
  const widths = [0, 1, 2].map((i) => Math.max(...[["publishedAt", "id", "category"][i]!, ...rows.map((r) => r[i]!)].map((s) => s.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join("  ");
  ctx.out(line(["publishedAt", "id", "category", "title"]));
  for (const row of rows) ctx.out(line(row));
}
