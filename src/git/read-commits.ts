import { gitOutput, streamGit } from "./run-git.js";

export interface GitCommit {
  sha: string;
  parents: string[];
  author: string;
  /** ISO 8601 with the author's offset, as git recorded it */
  authoredAt: string;
  committedAt: string;
  /** the subject line ("" for a commit without a message) */
  title: string;
  /** the paths the commit touches (only when asked for; none for merges) */
  files?: string[];
}

export interface CommitRange {
  /** commits to read with their ancestors… */
  include: readonly string[];
  /** …except those reachable from these (already imported) */
  exclude: readonly string[];
  /** also read the files each commit touches (`--name-only`, renames as a deletion and an addition) */
  files: boolean;
}

const RS = "\x1e";
const FS = "\x1f";
const FORMAT = `--format=${RS}%H${FS}%P${FS}%an${FS}%aI${FS}%cI${FS}%s`;

/**
 * The commits of a range, parents before children (`--topo-order --reverse`), streamed from one `git log`: every
 * prefix of what this yields is closed under ancestry, so an import stopped half-way never stored a commit
 * without its parents. Revisions go to git on standard input, so thousands of tags never hit the argument limit.
 */
export async function* readCommits(dir: string, range: CommitRange): AsyncGenerator<GitCommit> {
  if (range.include.length === 0) return;
  const { args, input } = logCommand(range);
  let current: GitCommit | undefined;
  for await (const tokens of streamGit(dir, args, { input, separator: "\0" })) {
    for (const raw of tokens) {
      // with --name-only, a newline separates a header from the paths that follow it (or, for a merge, from
      // the next header)
      const token =
        raw.startsWith("\n") && (raw[1] === RS || current?.files?.length === 0) ? raw.slice(1) : raw;
      if (token.startsWith(RS)) {
        if (current !== undefined) yield current;
        current = parseHeader(token, range.files);
      } else if (current?.files !== undefined && token !== "") {
        current.files.push(token);
      }
    }
  }
  if (current !== undefined) yield current;
}

function parseHeader(token: string, files: boolean): GitCommit {
  const fields = token.slice(1).split(FS);
  const [sha = "", parents = "", author = "", authoredAt = "", committedAt = ""] = fields;
  const title = fields.slice(5).join(FS);
  const commit: GitCommit = {
    sha,
    parents: parents === "" ? [] : parents.split(" "),
    author,
    authoredAt,
    committedAt,
    title,
  };
  if (files) commit.files = [];
  return commit;
}

/** The `git log` arguments and standard input that `readCommits` runs (the bench's floor runs the same). */
export function logCommand(range: CommitRange): { args: string[]; input: string } {
  const args = ["log", "--topo-order", "--reverse", "-z", "--no-renames", FORMAT, "--stdin"];
  if (range.files) args.splice(5, 0, "--name-only");
  return { args, input: rangeInput(range) };
}

/** How many commits `readCommits` will yield for the range (for a progress bar). */
export async function countCommits(dir: string, range: CommitRange): Promise<number> {
  if (range.include.length === 0) return 0;
  const out = await gitOutput(dir, ["rev-list", "--count", "--stdin"], rangeInput(range));
  return Number(out.trim());
}

/** The range as `--stdin` revisions: one per line, exclusions prefixed with ^. */
function rangeInput(range: CommitRange): string {
  return [...range.include.map((s) => `${s}\n`), ...range.exclude.map((s) => `^${s}\n`)].join("");
}
