import { StrideError } from "../errors.js";
import { resolveCommits } from "./resolve-commits.js";
import { gitOutput } from "./run-git.js";

export interface GitTag {
  name: string;
  /** the commit the tag points at, peeled through annotated (and nested) tags */
  sha: string;
  /** ISO 8601: an annotated tag's tagger date, else the tagged commit's committer date */
  date: string;
  annotated: boolean;
}

export interface TagsRead {
  tags: GitTag[];
  /** tags matching the pattern that point at no commit (a tag of a tree or a blob) */
  skipped: string[];
}

const SEP = "\x1f";

/**
 * The tags matching `pattern` with `git tag -l` semantics (a shell glob over the whole tag name, where `*` also
 * matches "/"), each with its commit and the moment it was made, oldest first. A pattern matching nothing is an
 * error naming a few tags that exist, so a typo is never an import with no deployments.
 */
export async function readTags(dir: string, pattern: string): Promise<TagsRead> {
  const out = await gitOutput(dir, [
    "tag",
    "-l",
    pattern,
    `--format=%(refname)${SEP}%(objecttype)${SEP}%(taggerdate:iso-strict)`,
  ]);
  const refs = out
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [ref = "", type = "", taggerDate = ""] = line.split(SEP);
      return { ref, name: ref.replace(/^refs\/tags\//, ""), annotated: type === "tag", taggerDate };
    });
  if (refs.length === 0) throw await noMatch(dir, pattern);

  const commits = await resolveCommits(
    dir,
    refs.map((r) => r.ref),
  );
  const needDates = [...new Set(refs.filter((r) => r.taggerDate === "").map((r) => commits.get(r.ref)))];
  const commitDates = await committerDates(
    dir,
    needDates.filter((s) => s !== undefined),
  );
  const tags: GitTag[] = [];
  const skipped: string[] = [];
  for (const r of refs) {
    const sha = commits.get(r.ref);
    const date = r.taggerDate !== "" ? r.taggerDate : sha === undefined ? undefined : commitDates.get(sha);
    if (sha === undefined || date === undefined) skipped.push(r.name);
    else tags.push({ name: r.name, sha, date, annotated: r.annotated });
  }
  tags.sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || (a.name < b.name ? -1 : 1));
  return { tags, skipped };
}

async function committerDates(dir: string, shas: readonly string[]): Promise<Map<string, string>> {
  if (shas.length === 0) return new Map();
  const out = await gitOutput(
    dir,
    ["log", "--no-walk=unsorted", "--stdin", `--format=%H${SEP}%cI`],
    shas.map((s) => `${s}\n`).join(""),
  );
  return new Map(
    out
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => l.split(SEP) as [string, string]),
  );
}

async function noMatch(dir: string, pattern: string): Promise<StrideError> {
  const out = await gitOutput(dir, ["tag", "-l", "--sort=-creatordate"]);
  const all = out.split("\n").filter((l) => l !== "");
  const few = all.slice(0, 8).join(", ");
  return new StrideError(
    "no_matching_tags",
    `no tag matches --deploy-tags "${pattern}"`,
    all.length === 0
      ? "the repository has no tags: create them (git tag), fetch them (git fetch --tags), or use --deploy-log"
      : `the repository has ${all.length} tag${all.length === 1 ? "" : "s"}, newest first: ${few}${all.length > 8 ? ", …" : ""}; quote the pattern so the shell does not expand it ('v*')`,
    "--deploy-tags",
  );
}
