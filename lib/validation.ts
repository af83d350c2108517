/**
 * The part of zod the service uses: Zod Mini, zod's tree-shakable form (functions instead of methods), because the
 * classic API's methods keep all of it reachable — ~100 KB of each Lambda bundle against ~45 KB here, with the
 * English messages and the JSON Schema generator the OpenAPI document needs. Same validation and messages.
 */
import {
  _default,
  array,
  boolean,
  catch as zodCatch,
  coerce,
  config,
  enum as zodEnum,
  gte,
  int,
  looseObject,
  lte,
  maxLength,
  minLength,
  nullable,
  number,
  object,
  optional,
  refine,
  regex,
  startsWith,
  strictObject,
  string,
  superRefine,
  toJSONSchema,
  trim,
  unknown,
  url,
} from "zod/mini";
import en from "zod/v4/locales/en.js";

// Mini ships no messages of its own ("Invalid input" for everything); problem+json bodies quote these.
config(en());

export const z = {
  array, boolean, catch: zodCatch, coerce, default: _default, enum: zodEnum, gte, int, looseObject, lte, maxLength, minLength,
  nullable, number, object, optional, refine, regex, startsWith, strictObject, string, superRefine, toJSONSchema, trim,
  unknown, url,
};
export type { output as Infer, ZodMiniType as ZodType } from "zod/mini";

/** One refused field of a request body or query: what problem+json's `errors` lists. */
export interface FieldProblem {
  /** JSON pointer to the offending field, e.g. "/title". */
  pointer: string;
  detail: string;
}

/** Maps zod issues to field problems with JSON pointers (RFC 6901 escaping of ~ and /). */
export function zodProblems(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: string[] }>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const base = issue.path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1"));
    if (issue.code === "unrecognized_keys" && issue.keys) {
      for (const key of issue.keys) problems.push({ pointer: "/" + [...base, key].join("/"), detail: "is not a recognised field" });
    } else {
      problems.push({ pointer: base.length ? "/" + base.join("/") : "", detail: issue.message });
    }
  }
  return problems;
}
