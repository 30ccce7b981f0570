/**
 * One repository's commits as a graph over integers: commits numbered in topological order (every parent before
 * its children), parents as one flat list (CSR). Reachability questions are walks over ints that stop where the
 * answer is settled, never a set of all ancestors. Parents Stride has not seen (a partial history) are left out.
 */

export interface CommitFacts {
  sha: string;
  /** its change's key (ShipmentRow.change) */
  key: number;
  parents: readonly string[];
  committedAt: number;
  authoredAt: number;
  /** the pull request the commit names (field or "(#123)" in its title) */
  pullRequest: number | null;
  /** the paths it touches; null when not known */
  files: readonly string[] | null;
}

export class CommitGraph {
  readonly n: number;
  /** by topological number */
  readonly commits: readonly CommitFacts[];
  private readonly parentStart: Int32Array;
  private readonly parentList: Int32Array;
  private readonly number: Map<string, number>;
  private sortedShas: string[] | undefined;
  /** walk state, reused: bit 1 reached from the new tip, bit 2 from the boundary */
  private readonly marks: Uint8Array;

  constructor(
    readonly repo: string,
    facts: Iterable<CommitFacts>,
  ) {
    const byShas = new Map<string, CommitFacts>();
    for (const c of facts) byShas.set(c.sha, c);
    const ordered = topologicalOrder(byShas);
    this.n = ordered.length;
    this.commits = ordered;
    this.number = new Map(ordered.map((c, i) => [c.sha, i]));
    this.parentStart = new Int32Array(this.n + 1);
    const list: number[] = [];
    for (let i = 0; i < this.n; i++) {
      for (const p of (ordered[i] as CommitFacts).parents) {
        const k = this.number.get(p);
        // Only edges that respect the order: one a cycle forced out (a client's, never git's) is dropped.
        if (k !== undefined && k < i) list.push(k);
      }
      this.parentStart[i + 1] = list.length;
    }
    this.parentList = Int32Array.from(list);
    this.marks = new Uint8Array(this.n);
  }

  /** The commit's number, by full sha or by an unambiguous prefix (deployments often carry short shas). */
  find(sha: string): number | undefined {
    const exact = this.number.get(sha);
    if (exact !== undefined || sha.length >= 40) return exact;
    this.sortedShas ??= [...this.number.keys()].sort();
    const list = this.sortedShas;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] as string) < sha) lo = mid + 1;
      else hi = mid;
    }
    const hit = list[lo];
    if (hit === undefined || !hit.startsWith(sha)) return undefined;
    if (list[lo + 1]?.startsWith(sha)) return undefined;
    return this.number.get(hit);
  }

  sha(commit: number): string {
    return (this.commits[commit] as CommitFacts).sha;
  }

  /** `ancestor` is reachable from `descendant` by parent links and is not the same commit. */
  isProperAncestor(ancestor: number, descendant: number): boolean {
    if (ancestor >= descendant) return false;
    return this.walk(descendant, -1, ancestor).found;
  }

  /**
   * Commits reachable from `tip` and not from `boundary` (-1: none), newest first. The walk visits commits in
   * descending topological number, so a commit's flags are final when it is reached; it stops once every commit
   * still queued is known to be reachable from the boundary.
   */
  between(tip: number, boundary: number): number[] {
    return this.walk(tip, boundary, -1).reached;
  }

  private walk(tip: number, boundary: number, target: number): { reached: number[]; found: boolean } {
    const marks = this.marks;
    const heap = new MaxHeap();
    const touched: number[] = [];
    const reached: number[] = [];
    let open = 0; // queued commits not (yet) reachable from the boundary
    const push = (c: number, flag: number) => {
      const before = marks[c] as number;
      if ((before & flag) === flag) return;
      marks[c] = before | flag;
      if (before === 0) {
        touched.push(c);
        heap.push(c);
        if (flag === 1) open++;
      } else if (flag === 2 && before === 1) open--;
    };
    push(tip, 1);
    if (boundary >= 0) push(boundary, 2);
    let found = false;
    while (open > 0 && heap.size > 0) {
      const c = heap.pop();
      const flags = marks[c] as number;
      if (flags === 1) {
        open--;
        if (c === target) {
          found = true;
          break;
        }
        if (target >= 0 && c < target) continue;
        reached.push(c);
      }
      for (let k = this.parentStart[c] as number; k < (this.parentStart[c + 1] as number); k++) {
        push(this.parentList[k] as number, flags === 1 ? 1 : 2);
      }
    }
    for (const c of touched) marks[c] = 0;
    return { reached, found };
  }
}

/** Parents first; among commits free to go, the earlier committed first (stable and close to history). */
function topologicalOrder(byShas: Map<string, CommitFacts>): CommitFacts[] {
  const order: CommitFacts[] = [];
  const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 placed
  const roots = [...byShas.values()].sort(
    (a, b) => a.committedAt - b.committedAt || (a.sha < b.sha ? -1 : 1),
  );
  for (const root of roots) {
    if (state.has(root.sha)) continue;
    // Iterative depth-first walk over parents: histories are far deeper than the call stack.
    const stack: [CommitFacts, number][] = [[root, 0]];
    state.set(root.sha, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [CommitFacts, number];
      const [commit, next] = top;
      if (next < commit.parents.length) {
        top[1] = next + 1;
        const parent = byShas.get(commit.parents[next] as string);
        if (parent !== undefined && !state.has(parent.sha)) {
          state.set(parent.sha, 1);
          stack.push([parent, 0]);
        }
        continue;
      }
      stack.pop();
      state.set(commit.sha, 2);
      order.push(commit);
    }
  }
  return order;
}

class MaxHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    let i = items.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as number) >= value) break;
      items[i] = items[parent] as number;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0] as number;
    const last = items.pop() as number;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= items.length) break;
        const r = l + 1;
        const child = r < items.length && (items[r] as number) > (items[l] as number) ? r : l;
        if ((items[child] as number) <= last) break;
        items[i] = items[child] as number;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
