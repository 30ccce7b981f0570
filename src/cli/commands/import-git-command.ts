import type { Command } from "commander";
import { StrideError } from "../../errors.js";
import { prepareGitImport } from "../../git/prepare-git-import.js";
import { type GitImportSummary, runGitImport } from "../run-git-import.js";
import { configFor, formatCount, print, withStore } from "../runtime.js";

export interface ImportGitFlags {
  repo?: string;
  service?: string;
  env?: string;
  deployTags?: string;
  deployLog?: string;
  paths?: string[];
  countHistory?: boolean;
  full?: boolean;
}

/** `stride import git <path>` (declared in ../main.ts) */
export async function importGit(path: string, flags: ImportGitFlags, command: Command): Promise<void> {
  const started = performance.now();
  const config = configFor(command);
  for (const [flag, value, example] of [
    ["--env", flags.env, "--env production"],
    ["--service", flags.service, "--service checkout"],
  ] as const) {
    if (value !== undefined && value.trim() === "") {
      throw new StrideError("invalid_argument", `${flag} is empty`, `e.g. ${example}`, flag);
    }
  }
  // Everything that can be checked is checked before the database is opened.
  const { env, ...rest } = flags;
  const prepared = await prepareGitImport({ path, ...rest, environment: env });
  const summary = await withStore(config, (store, ctx) => runGitImport(prepared, store, ctx, started));
  print(command, summary, () => describeImport(summary));
  if (summary.deployLogProblems.length > 0) {
    const lines = summary.deployLogProblems.map((p) => p.line);
    throw new StrideError(
      "deploy_log_rows_rejected",
      `${lines.length} deploy log row${lines.length === 1 ? "" : "s"} rejected (line${lines.length === 1 ? "" : "s"} ${lines.slice(0, 20).join(", ")}${lines.length > 20 ? ", …" : ""}); the other rows were imported`,
      "fix those rows (each is listed above with its problem) and import again: rows already stored are duplicates",
    );
  }
  if (summary.rejections.length > 0) process.exitCode = 65;
}

export function describeImport(s: GitImportSummary): string {
  const n = formatCount;
  const lines = [
    `${s.repo} (name from ${s.repoFrom}) → service ${s.service}, environment ${s.environment}`,
    `commits: ${n(s.commits.read)} read, ${n(s.commits.new)} new${s.commits.duplicate > 0 ? `, ${n(s.commits.duplicate)} already stored` : ""}` +
      (s.tips.known > 0
        ? ` (${n(s.tips.known)} of ${n(s.tips.total)} branch and tag tips already imported)`
        : ""),
    `deployments: ${n(s.deployments.read)} read, ${n(s.deployments.new)} new${s.deployments.duplicate > 0 ? `, ${n(s.deployments.duplicate)} already stored` : ""}`,
  ];
  if (s.skippedTags.length > 0) {
    lines.push(`  tags that point at no commit, left out: ${s.skippedTags.slice(0, 10).join(", ")}`);
  }
  for (const p of s.deployLogProblems.slice(0, 50)) {
    lines.push(`  line ${p.line}: [${p.error.code}] ${p.error.message}\n    hint: ${p.error.hint}`);
  }
  if (s.deployLogProblems.length > 50) lines.push(`  … and ${n(s.deployLogProblems.length - 50)} more rows`);
  for (const r of s.rejections) lines.push(`  rejected: [${r.error.code}] ${r.error.message}`);
  lines.push(`in ${s.seconds.toFixed(2)} s`);
  return lines.join("\n");
}
