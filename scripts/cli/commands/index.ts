/** The command table: name → handler, and which options of each are boolean flags. */
import type { ParsedArgs } from "../args.ts";
import type { CliContext } from "../context.ts";
import { helpCommand } from "./help.ts";
import { importCommand } from "./import.ts";
import { listCommand } from "./list.ts";
import { publishCommand } from "./publish.ts";
import { unpublishCommand } from "./unpublish.ts";
import { vapidCommand } from "./vapid.ts";

export interface Command {
  run: (ctx: CliContext, args: ParsedArgs) => Promise<number>;
  /** Options that take no value. */
  flags?: string[];
}

export const COMMANDS: Record<string, Command> = {
  publish: { run: publishCommand },
  unpublish: { run: unpublishCommand },
  list: { run: listCommand, flags: ["json"] },
  import: { run: importCommand, flags: ["dry-run"] },
  help: { run: helpCommand },
  vapid: { run: vapidCommand },
};
