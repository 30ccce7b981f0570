/**
 * One identity per repository: "owner/repo", "github.com/owner/repo", "https://github.com/owner/repo.git" and
 * "git@github.com:owner/repo.git" are the same repository. Nested groups (GitLab) keep every path segment.
 */
export function normalizeRepo(input: string): string | undefined {
  let s = input.trim();
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]+@)?[^/]+\//i, ""); // scheme://[user@]host/
  s = s.replace(/^[^@/\s]+@[^:/\s]+:/, ""); // scp-like git@host:
  s = s.replace(/\.git$/i, "").replace(/\/+$/, "");
  const parts = s.split("/").filter((p) => p.length > 0);
  // a bare "host.tld/owner/repo" keeps its host segment out of the identity
  if (parts.length >= 3 && parts[0]?.includes(".")) parts.shift();
  if (parts.length === 0 || parts.some((p) => /\s/.test(p))) return undefined;
  return parts.join("/");
}
