import { gitOutput } from "./run-git.js";

/**
 * The commit each revision names (a full or abbreviated sha, a tag, a ref), peeled through tags, in one git
 * process; revisions that name no commit (unknown, ambiguous, a tag of a tree) are absent from the answer.
 */
export async function resolveCommits(
  dir: string,
  revisions: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const asked = [...new Set(revisions)].filter((r) => r !== "" && !/[\s\0]/.test(r));
  if (asked.length === 0) return found;
  const out = await gitOutput(
    dir,
    ["cat-file", "--batch-check=%(objectname)"],
    asked.map((r) => `${r}^{commit}\n`).join(""),
  );
  const lines = out.split("\n");
  asked.forEach((revision, i) => {
    const line = lines[i] ?? "";
    if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(line)) found.set(revision, line);
  });
  return found;
}
