/** `import <feed url|file> [--category c] [--dry-run]`: reads an RSS, Atom or JSON feed and publishes its items. */
import { decodeFeedBytes, feedItemsToArticles, parseFeedText } from "../../../lib/import/index.ts";
import { stringOption, type ParsedArgs } from "../args.ts";
import { adminToken, NO_TOKEN, type CliContext } from "../context.ts";
import { publishAll } from "../publishing.ts";
import { readFeed } from "../read-feed.ts";

export async function importCommand(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const [source] = args.positionals;
  if (!source) {
    ctx.err("usage: import <feed url or file> [--category c] [--dry-run]");
    return 2;
  }
  const dryRun = args.options["dry-run"] === true;
  const token = dryRun ? undefined : await adminToken(ctx.env);
  if (!dryRun && !token) {
    ctx.err(NO_TOKEN);
    return 1;
  }
  const read = await readFeed(source);
  if (!read.ok) {
    ctx.err(read.error);
    return 1;
  }
  const parsed = parseFeedText(decodeFeedBytes(read.bytes, read.contentType));
  if (!parsed.ok) {
    ctx.err(parsed.error);
    return 1;
  }
  const category = stringOption(args, "category");
  const { articles, skipped } = feedItemsToArticles(parsed.source, category ? { defaultCategory: category } : {});
  for (const skip of skipped) ctx.err(`skipped ${skip.reason}${skip.title ? `: ${skip.title}` : ""}`);
  if (dryRun) {
    for (const article of articles) ctx.out(JSON.stringify(article));
    ctx.out(`${parsed.source.format} feed: ${articles.length} to publish, ${skipped.length} skipped (dry run, nothing sent)`);
    return 0;
  }
  const tally = await publishAll(ctx, { baseUrl: ctx.apiUrl, ...(token ? { token } : {}) }, articles);
  ctx.out(`created ${tally.created}, updated ${tally.updated}, unchanged ${tally.unchanged}, failed ${tally.failed}, skipped ${skipped.length}`);
  return tally.failed > 0 ? 1 : 0;
}
