/** `help`: the usage text. */
import type { CliContext } from "../context.ts";

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  publish <file.json|->                      POST one article or an array (- reads stdin)
  unpublish <id>                             unpublish an article
  list [--category c] [--tag t] [--limit n] [--page-size n] [--json]
                                             newest articles (default limit 50, pages of 100)
  import <feed url|file> [--category c] [--dry-run]
                                             publish the items of an RSS 2.0, Atom 1.0 or JSON Feed
  vapid                                      print a new VAPID key pair as VAPID_PUBLIC_KEY=/VAPID_PRIVATE_KEY= lines
  help                                       this text

Options and environment:
  --api <url> / API_URL     service base url (default http://localhost:3000)
  ADMIN_TOKEN               admin token; else read from <DATA_DIR or ./.data>/admin-token
`;

export async function helpCommand(ctx: CliContext): Promise<number> {
  ctx.out(USAGE.trimEnd());
  return 0;
}
