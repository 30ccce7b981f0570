import { execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { linkDataset } from "../domain/linking/link-dataset.js";
import { defaultEngineSettings } from "../domain/metrics/dataset.js";
import { systemClock } from "../domain/time.js";
import { changeEvent } from "../git/change-event.js";
import { listTips } from "../git/list-tips.js";
import { readCommits } from "../git/read-commits.js";
import { checkItem } from "../ingest/check-item.js";
import { decodeBody } from "../ingest/decode-body.js";
import { ingestItems } from "../ingest/ingest-events.js";
import { createWriteQueue } from "../ingest/write-queue.js";
import { openStore } from "../store/open-store.js";
import { type History, type HistoryShape, writeGitHistory } from "./git-history.js";

const run = promisify(execFile);
const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));
const FLOOR = fileURLToPath(new URL("./git-floor.js", import.meta.url));

export interface GitFigures {
  history: History;
  generateSeconds: number;
  /** `git log --all --format='%H %P %at %ct'`, best of three (the baseline) */
  gitLogMs: number;
  /**
   * `stride import git <repo> --deploy-tags '*'` into a fresh SQLite database, wall time of the process, best of two
   * (each into a database of its own; the floor figures are best of two as well)
   */
  importMs: number;
  /** the same command again: nothing new to read (an incremental run), wall time of the process */
  secondImportMs: number;
  /**
   * What storing commits costs at least (src/bench/git-floor.ts), each its own process like the import, best of two:
   * receiving the import's `git log` output in Node and nothing else; reading and parsing it with nothing stored;
   * plus minimal SQLite rows with a raw record per commit; and with one raw record per 10,000 commits.
   */
  floor: { pipeMs: number; readMs: number; rowsMs: number; chunkRowsMs: number };
  /** `stride --help`, best of three: starting the CLI process */
  helpMs: number;
  imported: { commits: number; deployments: number };
  /** where the import's time goes, measured in this process on the same repository */
  parts: {
    /** `git log --topo-order --reverse` streamed and parsed into change events */
    readMs: number;
    /** what ingest does to each event before the store (checkItem): validate, canonical JSON ×2, content hash */
    validateMs: number;
    /**
     * the import minus these two. The import reads and checks on a worker thread while the main thread writes, so
     * this is the store's transactions, process start and tags, less whatever the worker overlapped
     */
    storeAndOtherMs: number;
  };
  /**
   * Linking the imported repository (load + link, as the metrics service does after any write): once, then after a
   * late deployment in the middle of the history, which changes what the tags after it shipped.
   */
  relink: { firstMs: number; afterLateEventMs: number; shipmentsBefore: number; shipmentsAfter: number };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

function gitLog(repo: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-C", repo, "log", "--all", "--format=%H %P %at %ct"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let bytes = 0;
    child.stdout.on("data", (d: Buffer) => {
      bytes += d.length;
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(bytes) : reject(new Error(`git log exited ${code}`))));
  });
}

export async function benchGit(dir: string, shape: HistoryShape): Promise<GitFigures> {
  const repo = join(dir, "history");
  const [history, generateMs] = await timed(() => writeGitHistory(repo, shape));

  let gitLogMs = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) gitLogMs = Math.min(gitLogMs, (await timed(() => gitLog(repo)))[1]);

  const database = `sqlite:${join(dir, "git-import.db")}`;
  const importGit = (into = database) =>
    run(process.execPath, [CLI, "import", "git", repo, "--deploy-tags", "*", "--database", into, "--json"], {
      maxBuffer: 16 << 20,
    });
  const [out, firstImportMs] = await timed(() => importGit());
  const summary = JSON.parse(out.stdout) as { commits: { new: number }; deployments: { new: number } };
  const [, secondImportMs] = await timed(() => importGit());
  const [, otherImportMs] = await timed(() => importGit(`sqlite:${join(dir, "git-import-2.db")}`));
  const importMs = Math.min(firstImportMs, otherImportMs);
  const floor = await measureFloor(dir, repo);
  let helpMs = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    helpMs = Math.min(helpMs, (await timed(() => run(process.execPath, [CLI, "--help"])))[1]);
  }

  const [events, readMs] = await timed(async () => {
    const tips = await listTips(repo);
    const all: Record<string, unknown>[] = [];
    for await (const commit of readCommits(repo, { include: tips, exclude: [], files: false })) {
      all.push(changeEvent(commit, "local/history"));
    }
    return all;
  });
  const [, validateMs] = await timed(async () => {
    for (const value of events) checkItem({ raw: "", value });
  });
  const relink = await relinkAfterLateEvent(database, repo);
  return {
    history,
    generateSeconds: generateMs / 1000,
    gitLogMs,
    importMs,
    secondImportMs,
    floor,
    helpMs,
    imported: { commits: summary.commits.new, deployments: summary.deployments.new },
    parts: { readMs, validateMs, storeAndOtherMs: importMs - readMs - validateMs },
    relink,
  };
}

async function measureFloor(dir: string, repo: string): Promise<GitFigures["floor"]> {
  const best = async (mode: string) => {
    let ms = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 2; k++) {
      const file = join(dir, `floor-${mode}-${k}.db`);
      // Stride's schema, made before the clock starts (the import's time includes its migrations)
      if (mode === "rows" || mode === "chunk-rows") await (await openStore(`sqlite:${file}`)).close();
      ms = Math.min(ms, (await timed(() => run(process.execPath, [FLOOR, mode, repo, file])))[1]);
    }
    return ms;
  };
  return {
    pipeMs: await best("pipe"),
    readMs: await best("read"),
    rowsMs: await best("rows"),
    chunkRowsMs: await best("chunk-rows"),
  };
}

async function relinkAfterLateEvent(database: string, repo: string): Promise<GitFigures["relink"]> {
  const store = await openStore(database);
  try {
    const relinked = () =>
      timed(async () => linkDataset(await store.loadDataset(defaultEngineSettings), defaultEngineSettings));
    const [before, firstMs] = await relinked();
    // A deployment that arrives late: the middle tag's grandparent, deployed an hour before that tag.
    const middle = (await run("git", ["-C", repo, "tag", "-l", "v1.14.*"])).stdout.split("\n")[0] ?? "";
    const [sha = "", at = "0"] = (
      await run("git", ["-C", repo, "log", "-1", "--format=%H %ct", `${middle}~2`])
    ).stdout
      .trim()
      .split(" ");
    const late = {
      type: "deployment",
      id: "late",
      service: "history",
      environment: "production",
      status: "success",
    };
    const items = decodeBody(
      JSON.stringify({ ...late, sha, finishedAt: (Number(at) + 60) * 1000 }),
      "json",
      1,
    ).items;
    const outcome = await ingestItems({ queue: createWriteQueue(store), clock: systemClock }, items, {
      source: "bench",
    });
    if (outcome.accepted !== 1) throw new Error("the late deployment was not accepted");
    const [after, afterLateEventMs] = await relinked();
    return {
      firstMs,
      afterLateEventMs,
      shipmentsBefore: before.shipments.n,
      shipmentsAfter: after.shipments.n,
    };
  } finally {
    await store.close();
  }
}

export function reportGit(f: GitFigures): void {
  const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(10);
  const n = (x: number) => x.toLocaleString("en");
  console.log(
    `\nstride import git on a fast-import history: ${n(f.history.commits)} commits (${n(f.history.merges)} merges), ` +
      `${n(f.history.tags)} tags, written in ${f.generateSeconds.toFixed(1)} s`,
  );
  console.log(`  git log --all --format='%H %P %at %ct' (baseline) ${ms(f.gitLogMs)}`);
  console.log(
    `  stride import git --deploy-tags '*' (fresh SQLite)  ${ms(f.importMs)} ${(f.importMs / f.gitLogMs).toFixed(1).padStart(6)}×` +
      `   ${n(Math.round(f.imported.commits / (f.importMs / 1000)))} commits/s`,
  );
  console.log(
    `  imported ${n(f.imported.commits)} commits and ${n(f.imported.deployments)} deployments; where the time goes:`,
  );
  console.log(
    `    read + parse (git log --topo-order --reverse)   ${ms(f.parts.readMs)}   on the worker thread`,
  );
  console.log(
    `    checkItem: validate, canonical JSON, hash       ${ms(f.parts.validateMs)}   on the worker thread`,
  );
  console.log(`    the import minus these: writes, start, tags     ${ms(f.parts.storeAndOtherMs)}`);
  const floor = (label: string, n: number) =>
    console.log(`  ${label.padEnd(50)}${ms(n)} ${(n / f.gitLogMs).toFixed(1).padStart(6)}×`);
  console.log("  the floor under it (src/bench/git-floor.ts, a process each, best of two):");
  floor("  git's output received in Node, nothing else", f.floor.pipeMs);
  floor("  read + parse git's output in Node, nothing stored", f.floor.readMs);
  floor("  + minimal SQLite rows, a raw record per commit", f.floor.rowsMs);
  floor("  + minimal SQLite rows, a raw record per 10,000", f.floor.chunkRowsMs);
  console.log(
    `  the same import again (nothing new)                ${ms(f.secondImportMs)} ${(f.secondImportMs / f.gitLogMs).toFixed(1).padStart(6)}×`,
  );
  console.log(`  stride --help (starting the CLI)                    ${ms(f.helpMs)}`);
  console.log(
    `  relink (load + link) of the imported repository: ${ms(f.relink.firstMs)}; after a late deployment ${ms(f.relink.afterLateEventMs)}` +
      ` (${n(Math.round(f.relink.shipmentsAfter / (f.relink.afterLateEventMs / 1000)))} changes/s; shipments ${n(f.relink.shipmentsBefore)} → ${n(f.relink.shipmentsAfter)})`,
  );
  console.log(`\n${JSON.stringify(f)}`);
}
