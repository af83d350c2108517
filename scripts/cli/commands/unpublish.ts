/** `unpublish <id>`: DELETE /api/articles/:id. */
import { deleteArticle } from "../api.ts";
import type { ParsedArgs } from "../args.ts";
import { adminToken, NO_TOKEN, type CliContext } from "../context.ts";
import { problemLines } from "../problems.ts";

export async function unpublishCommand(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const [id] = args.positionals;
  if (!id) {
    ctx.err("usage: unpublish <id>");
    return 2;
  }
  const token = await adminToken(ctx.env);
  if (!token) {
    ctx.err(NO_TOKEN);
    return 1;
  }
  const result = await deleteArticle({ baseUrl: ctx.apiUrl, token }, id);
  if (result.ok) {
    ctx.out(`unpublished ${id}`);
    return 0;
  }
  ctx.err(`failed to unpublish ${id}`);
  for (const line of problemLines(result.problem)) ctx.err(line);
  return 1;
}
