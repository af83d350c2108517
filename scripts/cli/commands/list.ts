/** `list [--category c] [--tag t] [--limit n] [--page-size n] [--json]`: newest first, following cursors up to the limit. */
import type { Article } from "../../../lib/model/article.ts";
import { listArticles } from "../api.ts";
import { stringOption, type ParsedArgs } from "../args.ts";
import type { CliContext } from "../context.ts";
import { problemLines } from "../problems.ts";

const PAGE_MAX = 100;
const DEFAULT_LIMIT = 50;

export async function listCommand(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const limit = positiveInt(args, "limit", DEFAULT_LIMIT);
  const pageSize = positiveInt(args, "page-size", PAGE_MAX);
  if (limit === undefined || pageSize === undefined || pageSize > PAGE_MAX) {
    ctx.err(`--limit and --page-size must be positive integers (--page-size at most ${PAGE_MAX})`);
    return 2;
  }
  const category = stringOption(args, "category");
  const tag = stringOption(args, "tag");
  const articles: Article[] = [];
  let cursor: string | undefined;
  do {
    const page = await listArticles(
      { baseUrl: ctx.apiUrl },
      { limit: Math.min(pageSize, limit - articles.length), ...(cursor ? { cursor } : {}), ...(category ? { category } : {}), ...(tag ? { tag } : {}) },
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

function positiveInt(args: ParsedArgs, name: string, fallback: number): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}

function printTable(ctx: CliContext, articles: Article[]): void {
  const rows = articles.map((a) => [a.publishedAt, a.id, a.category ?? "-", a.title]);
  const widths = [0, 1, 2].map((i) => Math.max(...[["publishedAt", "id", "category"][i]!, ...rows.map((r) => r[i]!)].map((s) => s.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join("  ");
  ctx.out(line(["publishedAt", "id", "category", "title"]));
  for (const row of rows) ctx.out(line(row));
}
