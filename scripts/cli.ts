/** `npm run cli -- <command>`: the newsroom's command line, an HTTP client of the running service. */
import { parseArgs, stringOption } from "./cli/args.ts";
import { COMMANDS } from "./cli/commands/index.ts";
import { USAGE } from "./cli/commands/help.ts";
import { apiUrlFrom, type CliContext } from "./cli/context.ts";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Runs one command and returns its exit code: 0 ok, 1 failed, 2 usage error. */
export async function main(argv: string[]): Promise<number> {
  const [name = "help", ...rest] = argv;
  const command = COMMANDS[name === "--help" || name === "-h" ? "help" : name];
  if (!command) {
    console.error(`Unknown command: ${name}\n\n${USAGE}`);
    return 2;
  }
  const args = parseArgs(rest, command.args ?? {});
  if ("error" in args) {
    console.error(`${args.error}\n\n${USAGE}`);
    return 2;
  }
  const ctx: CliContext = {
    apiUrl: apiUrlFrom(stringOption(args, "api"), process.env),
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    readStdin,
  };
  return command.run(ctx, args);
}

process.exitCode = await main(process.argv.slice(2));
