/** How an API problem is shown: the detail, then each failing field as `pointer: detail`. */
import type { ApiProblem } from "./api.ts";

/** Lines to print for a problem, indented under the line that names the article. */
export function problemLines(problem: ApiProblem): string[] {
  const head = problem.detail ?? problem.title ?? `HTTP ${problem.status}`;
  const lines = [`  ${problem.status ? `${problem.status} ` : ""}${head}`];
  for (const error of problem.errors ?? []) lines.push(`  ${error.pointer || "/"}: ${error.detail}`);
  return lines;
}
