/** The command table: name → handler, and the options each accepts besides --api. */
import type { ArgSpec, ParsedArgs } from "../args.ts";
import type { CliContext } from "../context.ts";
import { helpCommand } from "./help.ts";
import { importCommand } from "./import.ts";
import { listCommand } from "./list.ts";
import { publishCommand } from "./publish.ts";
import { unpublishCommand } from "./unpublish.ts";
import { vapidCommand } from "./vapid.ts";

export interface Command {
  run: (ctx: CliContext, args: ParsedArgs) => Promise<number>;
  args?: ArgSpec;
}

export const COMMANDS: Record<string, Command> = {
  publish: { run: publishCommand },
  unpublish: { run: unpublishCommand },
  list: { run: listCommand, args: { values: ["category", "tag", "limit", "page-size"], flags: ["json"] } },
  import: { run: importCommand, args: { values: ["category"], flags: ["dry-run"] } },
  help: { run: helpCommand },
  vapid: { run: vapidCommand },
};
