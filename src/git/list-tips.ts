import { resolveCommits } from "./resolve-commits.js";
import { gitOutput } from "./run-git.js";

/**
 * The commits at the tips of the repository's branches, tags and remote-tracking branches, and HEAD (which may
 * be detached): everything an import reads is reachable from one of them. Notes and stashes are not history, so
 * refs outside these three namespaces are left out. Tags of trees or blobs point at no commit and are skipped.
 */
export async function listTips(dir: string): Promise<string[]> {
  const out = await gitOutput(dir, [
    "for-each-ref",
    "--format=%(objectname) %(objecttype) %(*objectname) %(*objecttype)",
    "refs/heads",
    "refs/tags",
    "refs/remotes",
  ]);
  const tips = new Set<string>();
  const unpeeled: string[] = [];
  for (const line of out.split("\n")) {
    const [sha = "", type, peeled = "", peeledType] = line.split(" ");
    if (type === "commit") tips.add(sha);
    else if (type === "tag" && peeledType === "commit") tips.add(peeled);
    else if (type === "tag") unpeeled.push(sha); // a tag of a tag: peel it all the way
  }
  const head = await resolveCommits(dir, ["HEAD", ...unpeeled]);
  for (const sha of head.values()) tips.add(sha);
  return [...tips];
}
