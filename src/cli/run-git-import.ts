import type { ErrorBody } from "../errors.js";
import type { DeployLogProblem } from "../git/deploy-log.js";
import { listTips } from "../git/list-tips.js";
import type { PreparedGitImport } from "../git/prepare-git-import.js";
import { type CommitRange, countCommits } from "../git/read-commits.js";
import type { CheckedItem } from "../ingest/check-item.js";
import type { DecodedItem } from "../ingest/decode-body.js";
import type { IngestContext } from "../ingest/ingest-events.js";
import { createWriteQueue } from "../ingest/write-queue.js";
import type { Store } from "../store/store.js";
import { checkedCommitChunks } from "./checked-commit-chunks.js";
import { ingestCheckedStream, ingestStream, type StreamSummary } from "./ingest-stream.js";

/** At most this many commits per ingest call (one transaction each). */
const CHUNK = 10000;

export interface Counts {
  read: number;
  new: number;
  duplicate: number;
  rejected: number;
}

export interface GitImportSummary {
  repo: string;
  /** where the repository's name came from: --repo, the origin remote, or the directory */
  repoFrom: string;
  service: string;
  environment: string;
  /** branch, tag and remote tips, and how many of them the store already had (an incremental run) */
  tips: { total: number; known: number };
  commits: Counts;
  deployments: Counts;
  skippedTags: string[];
  /** deploy log rows left out, by line (the good rows are imported) */
  deployLogProblems: DeployLogProblem[];
  /** events the store rejected (none expected: everything is shaped to validate) */
  rejections: { position: number; error: ErrorBody }[];
  seconds: number;
}

/**
 * Writes a prepared import through the one ingest path: the service, then the commits the store lacks (parents
 * first, in chunks), then the deployments. Incremental: the tips the store already has are excluded with their
 * ancestry, so a second run reads only new commits. Those are written with Store.ingestNew (inserted without being
 * read first). A worker thread reads them from git and checks them (validation, the raw log's body and hash) while
 * the main thread writes the chunks before.
 */
export async function runGitImport(
  prepared: PreparedGitImport,
  store: Store,
  ctx: IngestContext,
  started = performance.now(),
): Promise<GitImportSummary> {
  const { repository, target } = prepared;
  const files = prepared.paths.length > 0;

  const service = await serviceEvent(store, prepared);
  const serviceReport = await ingestStream(ctx, [[{ raw: "", value: service }]], {
    source: "git",
    label: "service",
  });

  const tips = await listTips(repository.dir);
  // With paths, a commit stored without its files (an import without --paths) is read again.
  const known = prepared.full ? new Set<string>() : await store.knownCommits(target.repo, tips, files);
  const range: CommitRange = {
    include: tips.filter((sha) => !known.has(sha)),
    exclude: [...known],
    files,
  };
  const commits: Counts = { read: 0, new: 0, duplicate: 0, rejected: 0 };
  const total = process.stderr.isTTY ? await countCommits(repository.dir, range) : undefined;
  // --full reads commits the store mostly has: those take the ordinary path, which reads before it writes.
  const writer = prepared.full ? ctx : { ...ctx, queue: createWriteQueue(store, { expectNew: true }) };
  const read = counted(
    checkedCommitChunks({ dir: repository.dir, range, repo: target.repo, max: CHUNK }),
    commits,
  );
  const commitReport = await ingestCheckedStream(writer, read, {
    source: "git",
    label: "commits",
    ...(total === undefined ? {} : { total }),
  });
  tally(commits, commitReport);

  const deployments: Counts = { read: prepared.deployments.length, new: 0, duplicate: 0, rejected: 0 };
  const deploymentReport = await ingestStream(ctx, chunks(prepared.deployments), {
    source: "git",
    label: "deployments",
    total: prepared.deployments.length,
  });
  tally(deployments, deploymentReport);

  return {
    repo: target.repo,
    repoFrom: prepared.identity.from,
    service: target.service,
    environment: target.environment,
    tips: { total: tips.length, known: known.size },
    commits,
    deployments,
    skippedTags: prepared.skippedTags,
    deployLogProblems: prepared.deployLogProblems,
    rejections: [serviceReport, commitReport, deploymentReport].flatMap((r) => r.rejections),
    seconds: (performance.now() - started) / 1000,
  };
}

function tally(counts: Counts, report: StreamSummary): void {
  counts.new += report.accepted;
  counts.duplicate += report.duplicate;
  counts.rejected += report.rejected;
}

/**
 * The service the repository is deployed as. Its repositories keep those it already had (a service built from
 * several repositories imported one by one); paths and countHistory are sent only when given, so an import
 * never clears what was set through the API.
 */
async function serviceEvent(store: Store, prepared: PreparedGitImport): Promise<Record<string, unknown>> {
  const { target } = prepared;
  const page = await store.listEntities({
    table: "services",
    equals: { name: target.service },
    orderBy: null,
    limit: 1,
  });
  const repos = new Set([...reposOf(page.rows[0]), target.repo]);
  return {
    type: "service",
    name: target.service,
    repos: [...repos].slice(-100),
    ...(prepared.paths.length > 0 ? { paths: [...prepared.paths] } : {}),
    ...(prepared.countHistory ? { countHistory: true } : {}),
  };
}

function reposOf(service: Record<string, unknown> | undefined): string[] {
  const repos = service?.repos;
  return Array.isArray(repos) ? repos.filter((r): r is string => typeof r === "string") : [];
}

async function* counted(chunks: AsyncIterable<CheckedItem[]>, counts: Counts): AsyncGenerator<CheckedItem[]> {
  for await (const chunk of chunks) {
    counts.read += chunk.length;
    yield chunk;
  }
}

function* chunks(events: readonly unknown[]): Generator<DecodedItem[]> {
  for (let i = 0; i < events.length; i += CHUNK) {
    yield events.slice(i, i + CHUNK).map((value) => ({ raw: "", value }));
  }
}
