/**
 * Which files belong to a service in a monorepo: globs as users write them in CODEOWNERS-like lists. `**` is any
 * number of directories, `*` anything within one name, `?` one character; a glob naming a directory
 * (`services/api` or `services/api/`) covers everything under it.
 */
export function pathMatcher(globs: readonly string[]): (path: string) => boolean {
  const patterns = globs.map(globToRegExp);
  return (path) => patterns.some((p) => p.test(path));
}

function globToRegExp(glob: string): RegExp {
  const trimmed = glob.replace(/^\.?\//, "").replace(/\/+$/, "");
  let source = "";
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i] as string;
    if (c === "*" && trimmed[i + 1] === "*") {
      const slash = trimmed[i + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  // A glob matches the path itself or anything beneath it.
  return new RegExp(`^${source}(?:/.*)?$`);
}
