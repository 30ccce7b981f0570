import { toIso } from "../time.js";

/**
 * A history that exercises every linking rule, as Stride events (so the store can be fed the same): a merge of a
 * feature branch, a squash merge, a redeploy, a rollback by ancestry and one by version, a monorepo with two
 * services and path globs, and incidents for each attribution rule. Expected outcomes are worked out by hand in
 * link-dataset.test.ts.
 */

export const T0 = Date.UTC(2026, 0, 5);
export const at = (hours: number) => toIso(T0 + hours * 3_600_000);
/** Readable shas: the name, padded to 40 hex digits. */
export const sha = (name: string) =>
  [...name]
    .map((ch) => ch.charCodeAt(0).toString(16))
    .join("")
    .padEnd(40, "0");

function commit(
  repo: string,
  name: string,
  hour: number,
  parents: string[],
  extra: Record<string, unknown> = {},
) {
  return {
    type: "change",
    repo,
    sha: sha(name),
    parents: parents.map(sha),
    authoredAt: at(hour - 0.5),
    committedAt: at(hour),
    author: "dev",
    title: `commit ${name}`,
    ...extra,
  };
}

function deploy(id: string, service: string, hour: number, extra: Record<string, unknown> = {}) {
  return {
    type: "deployment",
    id,
    service,
    environment: "production",
    status: "success",
    startedAt: at(hour - 0.1),
    finishedAt: at(hour),
    ...extra,
  };
}

function incident(id: string, services: string[], hour: number, extra: Record<string, unknown> = {}) {
  return { type: "incident", id, services, detectedAt: at(hour), resolvedAt: at(hour + 2), ...extra };
}

const shop = "acme/shop";
const mono = "acme/mono";

export function linkingEvents(): unknown[] {
  return [
    { type: "service", name: "shop", repos: [shop] },
    { type: "service", name: "legacy" },
    { type: "service", name: "ops", repos: ["acme/ops"] },
    { type: "service", name: "api", repos: [mono], paths: ["services/api"], countHistory: true },
    { type: "service", name: "web", repos: [mono], paths: ["services/web/**"] },
    { type: "service", name: "batch", repos: ["acme/batch"], attributionWindow: "none" },
    // shop: main a-b-c, a feature branch f1-f2 off b merged as m, then d, e
    commit(shop, "a", 0, []),
    commit(shop, "b", 1, ["a"]),
    commit(shop, "c", 2, ["b"], { title: "Fix totals (#7)" }),
    commit(shop, "f1", 3, ["b"], { pullRequest: 8 }),
    commit(shop, "f2", 4, ["f1"], { pullRequest: 8 }),
    commit(shop, "m", 5, ["c", "f2"], { title: "Merge branch feature" }),
    commit(shop, "d", 7, ["m"]),
    commit(shop, "e", 9, ["d"]),
    {
      type: "pull_request",
      repo: shop,
      number: 7,
      title: "Fix totals",
      author: "dev",
      createdAt: at(1.5),
      mergedAt: at(2),
    },
    {
      type: "pull_request",
      repo: shop,
      number: 8,
      title: "Feature",
      author: "dev",
      createdAt: at(2.5),
      mergedAt: at(5),
      mergeSha: sha("m"),
    },
    deploy("D1", "shop", 1.5, { sha: sha("b") }),
    deploy("D2", "shop", 6, { sha: sha("m") }),
    deploy("D3", "shop", 6.5, { sha: sha("m").slice(0, 10) }),
    deploy("D4", "shop", 10, { sha: sha("e") }),
    deploy("D5", "shop", 11, { sha: sha("m") }),
    deploy("D6", "shop", 12, { sha: sha("e") }),
    // legacy: versions only
    deploy("L1", "legacy", 0, { version: "v1" }),
    deploy("L2", "legacy", 2, { version: "v2" }),
    deploy("L3", "legacy", 3, { version: "v1" }),
    deploy("L4", "legacy", 4, { version: "v2" }), // forward again: not a rollback
    // ops: shas no commit graph knows
    deploy("O1", "ops", 0, { sha: sha("x1") }),
    deploy("O2", "ops", 1, { sha: sha("x2") }),
    deploy("O3", "ops", 2, { sha: sha("x1") }),
    deploy("O4", "ops", 3, { sha: sha("x2") }),
    // mono: two services, each its own paths
    commit(mono, "r1", 0, [], { files: ["services/api/a.ts", "services/web/w.ts"] }),
    commit(mono, "r2", 1, ["r1"], { files: ["services/web/x.ts"] }),
    commit(mono, "r3", 2, ["r2"], { files: ["services/api/b.ts"] }),
    commit(mono, "r4", 3, ["r3"], { files: ["README.md"] }),
    deploy("A1", "api", 0.5, { sha: sha("r1") }),
    deploy("A2", "api", 4, { sha: sha("r4") }),
    deploy("W1", "web", 1.5, { sha: sha("r2") }),
    deploy("W2", "web", 5, { sha: sha("r4") }),
    deploy("B1", "batch", 0),
    // incidents, one per attribution rule
    incident("I1", ["shop"], 10.5, { startedAt: at(10.25) }),
    incident("I2", ["shop"], 7, { cause: { deployment: "D2" } }),
    incident("I3", ["shop"], 8, { title: `Checkout broken, root cause: ${sha("f1").slice(0, 10)}` }),
    incident("I4", ["legacy"], 2.5, { cause: { version: "v2" } }),
    incident("I5", ["api"], 4 + 24),
    { ...incident("I6", ["web"], 5 + 24), detectedAt: toIso(T0 + 29 * 3_600_000 + 1) },
    incident("I7", ["shop"], 20, { cause: { deployment: "D9" } }),
    incident("I8", ["batch"], 1),
  ];
}

/** A deployment that arrives late: the one I7 names. */
export const lateDeployment = deploy("D9", "shop", 19, { sha: sha("e") });
