/** `publish <file.json|->`: POSTs one article object or an array of them. */
import { readFile } from "node:fs/promises";
import type { ParsedArgs } from "../args.ts";
import { adminToken, NO_TOKEN, type CliContext } from "../context.ts";
import { publishAll } from "../publishing.ts";

export async function publishCommand(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const [source] = args.positionals;
  if (!source) {
    ctx.err("usage: publish <file.json|->");
    return 2;
  }
  const token = await adminToken(ctx.env);
  if (!token) {
    ctx.err(NO_TOKEN);
    return 1;
  }
  let json: unknown;
  try {
    const text = source === "-" ? await ctx.readStdin() : await readFile(source, "utf8");
    json = JSON.parse(text);
  } catch (error) {
    ctx.err(`cannot read ${source === "-" ? "stdin" : source}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const articles = Array.isArray(json) ? json : [json];
  const tally = await publishAll(ctx, { baseUrl: ctx.apiUrl, token }, articles);
  return tally.failed > 0 ? 1 : 0;
}
