import fc from "fast-check";
import { expect, test } from "vitest";
import { type CommitFacts, CommitGraph } from "./commit-graph.js";

const commit = (sha: string, parents: string[], at = 0): CommitFacts => ({
  key: 0,
  sha,
  parents,
  committedAt: at,
  authoredAt: at,
  pullRequest: null,
  files: null,
});

/** Reference: every ancestor by plain set walks. */
function ancestors(byShas: Map<string, string[]>, tip: string): Set<string> {
  const seen = new Set<string>();
  const stack = [tip];
  while (stack.length > 0) {
    const c = stack.pop() as string;
    if (seen.has(c) || !byShas.has(c)) continue;
    seen.add(c);
    stack.push(...(byShas.get(c) as string[]));
  }
  return seen;
}

/** Random histories: each commit's parents are earlier commits (one, or two for a merge), in shuffled input order. */
const histories = fc
  .array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 60 })
  .map((specs) =>
    specs.map(([a, b, merge], i) => {
      const parents = i === 0 ? [] : merge && i > 1 ? [`c${a % i}`, `c${b % i}`] : [`c${a % i}`];
      return commit(`c${i}`, [...new Set(parents)], i);
    }),
  );

test("between(tip, boundary) is exactly the ancestors of tip that are not ancestors of boundary", () => {
  fc.assert(
    fc.property(histories, fc.nat(), fc.nat(), fc.boolean(), (commits, x, y, noBoundary) => {
      const graph = new CommitGraph("o/r", [...commits].reverse());
      const byShas = new Map(commits.map((c) => [c.sha, [...c.parents]]));
      const tip = `c${x % commits.length}`;
      const boundary = `c${y % commits.length}`;
      const expected = ancestors(byShas, tip);
      if (!noBoundary) for (const c of ancestors(byShas, boundary)) expected.delete(c);
      const got = graph
        .between(graph.find(tip) as number, noBoundary ? -1 : (graph.find(boundary) as number))
        .map((c) => graph.sha(c));
      expect(new Set(got)).toEqual(expected);
      expect(got.length).toBe(expected.size);
      expect(graph.isProperAncestor(graph.find(boundary) as number, graph.find(tip) as number)).toBe(
        boundary !== tip && ancestors(byShas, tip).has(boundary),
      );
    }),
  );
});

test("a merge ships its branch's commits; the boundary's side stays out; newest first", () => {
  // main: a - b ------- m ; branch: b - f1 - f2 merged at m
  const graph = new CommitGraph("o/r", [
    commit("m", ["b", "f2"], 5),
    commit("f2", ["f1"], 4),
    commit("f1", ["b"], 3),
    commit("b", ["a"], 2),
    commit("a", [], 1),
  ]);
  const shipped = graph
    .between(graph.find("m") as number, graph.find("b") as number)
    .map((c) => graph.sha(c));
  expect(shipped).toEqual(["m", "f2", "f1"]);
  expect(graph.between(graph.find("b") as number, graph.find("m") as number)).toEqual([]);
  expect(graph.between(graph.find("m") as number, graph.find("m") as number)).toEqual([]);
});

test("short shas resolve when unambiguous; unknown parents are left out", () => {
  const graph = new CommitGraph("o/r", [
    commit("abcdef1234", ["ffff000000"], 1),
    commit("abcdef5678", ["abcdef1234"], 2),
    commit("0123456789", ["abcdef5678"], 3),
  ]);
  expect(graph.find("0123456")).toBe(2);
  expect(graph.find("abcdef")).toBeUndefined(); // two commits start so
  expect(graph.find("abcdef5")).toBe(1);
  expect(graph.find("9999999")).toBeUndefined();
  expect(graph.between(2, -1).map((c) => graph.sha(c))).toEqual(["0123456789", "abcdef5678", "abcdef1234"]);
});

test("a cycle sent by a client does not hang the walk", () => {
  const graph = new CommitGraph("o/r", [commit("aaaaaaa", ["bbbbbbb"]), commit("bbbbbbb", ["aaaaaaa"])]);
  expect(graph.n).toBe(2);
  expect(graph.between(graph.find("aaaaaaa") as number, -1).length).toBeGreaterThan(0);
});
