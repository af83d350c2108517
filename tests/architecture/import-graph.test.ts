/**
 * The import graph of lib/ and functions/ (every static, type-only and dynamic import between our files): no module
 * reaches itself through its imports, and lib's areas (each folder, and each file at lib's top) form layers — no
 * area imports one that imports it back, so lib/push never leans on lib/http while lib/http leans on lib/push.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

type Graph = ReadonlyMap<string, readonly string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** File → the files of ours it imports (repo-relative paths). */
function importGraph(dirs: string[]): Graph {
  const graph = new Map<string, string[]>();
  for (const file of dirs.flatMap(sourceFiles)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), "utf8"), true, true);
    graph.set(
      file,
      importedFiles.filter((i) => i.fileName.startsWith(".")).map((i) => relative(ROOT, resolve(ROOT, dirname(file), i.fileName))),
    );
  }
  return graph;
}

/** The same graph between areas: lib/push/fanout.ts → lib/store/index.ts becomes lib/push → lib/store. */
function areaGraph(graph: Graph, areaOf: (file: string) => string): Graph {
  const areas = new Map<string, Set<string>>();
  for (const [file, imports] of graph) {
    const from = areaOf(file);
    const edges = areas.get(from) ?? areas.set(from, new Set()).get(from)!;
    for (const target of imports) if (areaOf(target) !== from) edges.add(areaOf(target));
  }
  return new Map([...areas].map(([area, edges]) => [area, [...edges]]));
}

/** One cycle ("a → b → a") per group of nodes that reach each other (Tarjan's strongly connected components). */
function cyclesIn(graph: Graph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) visit(next);
      if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, low.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group = new Set(stack.splice(stack.indexOf(node)));
    const selfImport = graph.get(node)?.includes(node);
    if (group.size > 1 || selfImport) cycles.push(pathWithin(graph, group, node).join(" → "));
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** A shortest way from `start` back to itself inside one strongly connected group. */
function pathWithin(graph: Graph, group: ReadonlySet<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!group.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

const libArea = (file: string) => file.split("/").slice(0, 2).join("/");

describe("the import graph", () => {
  const graph = importGraph(["lib", "functions"]);

  it("reads the imports of every module in lib/ and functions/", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get("lib/http/app.ts")).toContain("lib/http/feed-routes.ts");
    // Type-only imports count: a layer that needs another's types depends on it.
    expect(graph.get("lib/http/app.ts")).toContain("lib/log.ts");
  });

  it("finds a cycle when there is one", () => {
    const graph = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a", "d"]], ["d", []], ["e", ["e"]]]);
    expect(cyclesIn(graph)).toEqual(["a → b → c → a", "e → e"]);
    expect(cyclesIn(areaGraph(new Map([["lib/x/1.ts", ["lib/y/1.ts"]], ["lib/y/1.ts", ["lib/y/2.ts"]], ["lib/y/2.ts", ["lib/x/2.ts"]], ["lib/x/2.ts", []]]), libArea))).toEqual([
      "lib/x → lib/y → lib/x",
    ]);
  });

  it("has no module that imports itself round a cycle, in lib/ or functions/", () => {
    expect(cyclesIn(graph)).toEqual([]);
  });

  it("has lib's areas in layers: no folder (or top-level file) imports one that imports it back", () => {
    const lib = new Map([...graph].filter(([file]) => file.startsWith("lib/")));
    expect(cyclesIn(areaGraph(lib, libArea))).toEqual([]);
  });

  it("keeps lib/ free of functions/: runtime plumbing is passed in, never imported", () => {
    const leaks = [...graph].filter(([file]) => file.startsWith("lib/")).flatMap(([file, imports]) => imports.filter((i) => i.startsWith("functions/")).map((i) => `${file} → ${i}`));
    expect(leaks).toEqual([]);
  });
});
