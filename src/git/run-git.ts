import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import { StrideError } from "../errors.js";

/**
 * Settings that would change what git prints, pinned so a user's config cannot: signatures interleaved with the
 * log, the root commit's files hidden, colour codes, or a log encoding other than UTF-8.
 */
const PINNED = [
  "-c",
  "log.showSignature=false",
  "-c",
  "log.showRoot=true",
  "-c",
  "color.ui=false",
  "-c",
  "i18n.logOutputEncoding=UTF-8",
  "-c",
  "core.quotePath=false",
];

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

function startGit(dir: string, args: readonly string[]) {
  return spawn("git", ["-C", dir, ...PINNED, ...args], {
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" },
    stdio: ["pipe", "pipe", "pipe"],
  });
}

function spawnError(error: NodeJS.ErrnoException): StrideError {
  if (error.code === "ENOENT") {
    return new StrideError(
      "git_unavailable",
      "the git command is not installed (or not on PATH)",
      "install git (apt-get install git, brew install git, …) and run the import again",
    );
  }
  return new StrideError("git_failed", `git could not be started: ${error.message}`, "check that git runs");
}

export function gitFailed(args: readonly string[], stderr: string): StrideError {
  const said = stderr.trim().split("\n").slice(0, 3).join(" / ") || "no message";
  return new StrideError(
    "git_failed",
    `git ${args[0] ?? ""} failed: ${said}`,
    "run the same git command in the repository to see the problem (a damaged repository, a missing object)",
  );
}

/** Runs git to completion (small outputs only); a non-zero exit is answered, not thrown. */
export function runGit(dir: string, args: readonly string[], input?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = startGit(dir, args);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", (error) => reject(spawnError(error)));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.on("error", () => {}); // git may exit before reading its input; the exit code says why
    child.stdin.end(input ?? "");
  });
}

/** Runs git and answers its output; a non-zero exit is a git_failed error. */
export async function gitOutput(dir: string, args: readonly string[], input?: string): Promise<string> {
  const result = await runGit(dir, args, input);
  if (result.code !== 0) throw gitFailed(args, result.stderr);
  return result.stdout;
}

/**
 * Streams git's output as the tokens between `separator`s, as it arrives: a 50,000-commit log is never held
 * whole. Stopping the iteration early ends the git process.
 */
export async function* streamGit(
  dir: string,
  args: readonly string[],
  options: { input?: string; separator: string },
): AsyncGenerator<string[]> {
  const child = startGit(dir, args);
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  const closed = new Promise<number>((resolve, reject) => {
    child.on("error", (error) => reject(spawnError(error)));
    child.on("close", (code) => resolve(code ?? 1));
  });
  closed.catch(() => {}); // observed below; a spawn failure also ends the stdout iteration
  child.stdin.on("error", () => {});
  child.stdin.end(options.input ?? "");
  const decoder = new StringDecoder("utf8");
  let carry = "";
  let finished = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      const text = carry + decoder.write(chunk);
      const tokens = text.split(options.separator);
      carry = tokens.pop() ?? "";
      if (tokens.length > 0) yield tokens;
    }
    const code = await closed;
    finished = true;
    if (code !== 0) throw gitFailed(args, stderr);
    const rest = carry + decoder.end();
    if (rest !== "") yield [rest];
  } finally {
    if (!finished) child.kill();
  }
}
