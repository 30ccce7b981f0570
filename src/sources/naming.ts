import { createHash } from "node:crypto";
import { ID_MAX_LENGTH } from "../domain/events/fields.js";

/**
 * Naming rules every source shares. Zero configuration already gives numbers: a repository `owner/repo` is the
 * service `repo` (its last path segment: what `stride import git` names it too, and what teams call the service),
 * and an incident tool's service is the Stride service of the same name. A connection's `serviceMap` setting
 * renames either (keys: `owner/repo` or the tool's service name).
 */

export type ServiceMap = Readonly<Record<string, string>>;

const NAME_MAX = 256;

export function serviceOfRepo(repo: string, map: ServiceMap): string {
  const mapped = lookup(map, repo);
  if (mapped !== undefined) return mapped;
  return clip(repo.split("/").at(-1) ?? repo, NAME_MAX);
}

/** A source's service name (PagerDuty's service summary, a CDEvents service id) → the Stride service. */
export function serviceNamed(name: string, map: ServiceMap): string {
  return lookup(map, name) ?? clip(name, NAME_MAX);
}

function lookup(map: ServiceMap, key: string): string | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/**
 * An entity id namespaced by source (`github:acme/shop/deployments/42`), so two tools' "#5" never merge; ids longer
 * than the format's limit become a hash of the whole.
 */
export function sourceId(source: string, key: string): string {
  const id = `${source}:${key}`;
  return id.length <= ID_MAX_LENGTH ? id : `sha256:${createHash("sha256").update(id).digest("hex")}`;
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}

export function clipName(text: string): string {
  return clip(text, NAME_MAX);
}

/** A commit message's first non-empty line, as the change's title. */
export function titleOf(message: string | undefined): string {
  const line = (message ?? "")
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "");
  return clip(line ?? "(no message)", 4096);
}

/** A version-like ref (`v1.4.2`, `1.0.0`, `2026.03.1`): a deployment's version; branch names are not. */
export function versionOf(ref: string | null | undefined): string | undefined {
  if (ref === undefined || ref === null) return undefined;
  const name = ref.replace(/^refs\/tags\//, "");
  return /^v?\d+(\.\d+)+([-+.][0-9A-Za-z.-]+)?$/.test(name) ? clipName(name) : undefined;
}

/** Case-insensitive glob (`*`, `?`) match: the deploy pattern of a connection. */
export function matchesGlob(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => globRegex(pattern).test(name));
}

function globRegex(pattern: string): RegExp {
  const body = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "is");
}
