import { hash } from "node:crypto";
import SqliteDatabase from "better-sqlite3";
import { changeEvent } from "../git/change-event.js";
import { listTips } from "../git/list-tips.js";
import { logCommand, readCommits } from "../git/read-commits.js";
import { streamGit } from "../git/run-git.js";

/**
 * What storing commits costs at least, measured as its own process like `stride import git` (the git bench runs
 * it): `node dist/bench/git-floor.js <mode> <repo> [<sqlite file with Stride's schema>]`.
 *
 * - `pipe`: the import's `git log` (its arguments and revisions) streamed into Node as text split at its separators,
 *   and nothing else: what receiving the commits costs before any work on them.
 * - `read`: git's output read with the import's own command (`readCommits`: --topo-order --reverse), each commit
 *   made its change event and JSON.stringified. Nothing is validated or stored.
 * - `rows`: the same, plus the fewest writes that keep what the import keeps: one prepared insert per commit into
 *   `changes` (its real columns and indexes; the event as plain JSON, one clock) and one raw record per commit
 *   (body, sha256 delivery id), 10,000 commits per transaction, WAL with synchronous=FULL as the store opens it.
 * - `chunk-rows`: `rows` with one raw record per 10,000 commits instead of one per commit (ADR 0007's "fewer bytes
 *   per commit").
 *
 * No validation, merge, canonical JSON or outcomes: a floor to compare the import with, not a way to import.
 */
const [mode = "", repo = "", file = ""] = process.argv.slice(2);
const name = "local/floor";
const CHUNK = 10_000;

interface Commit {
  id: string;
  event: Record<string, unknown>;
  body: string;
}

async function* commitChunks(): AsyncGenerator<Commit[]> {
  let chunk: Commit[] = [];
  for await (const commit of readCommits(repo, {
    include: await listTips(repo),
    exclude: [],
    files: false,
  })) {
    const event = changeEvent(commit, name);
    chunk.push({ id: `${name}@${commit.sha}`, event, body: JSON.stringify(event) });
    if (chunk.length === CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

let commits = 0;
if (mode === "pipe") {
  const { args, input } = logCommand({ include: await listTips(repo), exclude: [], files: false });
  for await (const tokens of streamGit(repo, args, { input, separator: "\0" })) commits += tokens.length;
} else if (mode === "read") {
  for await (const chunk of commitChunks()) commits += chunk.length;
} else if (mode === "rows" || mode === "chunk-rows") {
  const db = new SqliteDatabase(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("cache_size = -65536");
  const raw = db.prepare(
    "insert into raw_events (source, delivery_id, received_at, status, entity_type, entity_id, body) values (?, ?, ?, 'accepted', ?, ?, ?)",
  );
  const change = db.prepare(
    "insert into changes (id, repo, sha, parents, authored_at, committed_at, author, title, data, clocks) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const now = Date.now();
  const write = db.transaction((chunk: Commit[]) => {
    if (mode === "chunk-rows") {
      const body = `[${chunk.map((c) => c.body).join(",")}]`;
      raw.run("git", `sha256:${hash("sha256", body)}`, now, null, null, body);
    }
    for (const { id, event, body } of chunk) {
      if (mode === "rows") raw.run("git", `sha256:${hash("sha256", body)}`, now, "change", id, body);
      const clock = `${String(Date.parse(String(event.committedAt))).padStart(16, "0")}.0`;
      change.run(
        id,
        name,
        event.sha,
        JSON.stringify(event.parents),
        Date.parse(String(event.authoredAt)),
        Date.parse(String(event.committedAt)),
        event.author,
        event.title,
        JSON.stringify({ ...event, id }),
        `{"_":"${clock}"}`,
      );
    }
  });
  for await (const chunk of commitChunks()) {
    write(chunk);
    commits += chunk.length;
  }
  db.close();
} else {
  throw new Error(`usage: git-floor.js pipe|read|rows|chunk-rows <repo> [<sqlite file>] (got ${mode})`);
}
console.log(JSON.stringify({ commits }));
