/** The command line's arguments through node:util's parseArgs: positionals plus each command's declared options. */
import { parseArgs as parseNodeArgs } from "node:util";

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | true>;
}

/** What a command accepts: options taking a value (`--name value` or `--name=value`) and boolean flags. */
export interface ArgSpec {
  values?: readonly string[];
  flags?: readonly string[];
}

/** Every command takes `--api <url>`. */
const COMMON_VALUES = ["api"];

/** Strict: an undeclared option, a flag given a value or a value option given none is a usage error. */
export function parseArgs(argv: string[], spec: ArgSpec): ParsedArgs | { error: string } {
  const options = Object.fromEntries([
    ...[...COMMON_VALUES, ...(spec.values ?? [])].map((name) => [name, { type: "string" as const }]),
    ...(spec.flags ?? []).map((name) => [name, { type: "boolean" as const }]),
  ]);
  try {
    const { values, positionals } = parseNodeArgs({ args: argv, options, allowPositionals: true, strict: true });
    const parsed: ParsedArgs = { positionals, options: {} };
    for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== false) parsed.options[name] = value as string | true;
    return parsed;
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The string value of an option, or undefined. */
export const stringOption = (args: ParsedArgs, name: string): string | undefined => {
  const value = args.options[name];
  return typeof value === "string" ? value : undefined;
};
