/** A small argv parser: positionals plus `--name value` and boolean `--flag` options. */

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | true>;
}

/** Options named in `booleans` take no value; every other `--name` takes the next argument (or `--name=value`). */
export function parseArgs(argv: string[], booleans: ReadonlySet<string>): ParsedArgs | { error: string } {
  const parsed: ParsedArgs = { positionals: [], options: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--") || arg === "-") {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (booleans.has(name)) {
      if (eq !== -1) return { error: `--${name} takes no value` };
      parsed.options[name] = true;
    } else if (eq !== -1) {
      parsed.options[name] = arg.slice(eq + 1);
    } else {
      const value = argv[++i];
      if (value === undefined) return { error: `--${name} needs a value` };
      parsed.options[name] = value;
    }
  }
  return parsed;
}

/** The string value of an option, or undefined. */
export const stringOption = (args: ParsedArgs, name: string): string | undefined => {
  const value = args.options[name];
  return typeof value === "string" ? value : undefined;
};
