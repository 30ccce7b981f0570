import { spawn } from "node:child_process";
import { once } from "node:events";

export interface HistoryShape {
  /** commits in all, merges included */
  commits: number;
  /** a topic branch is merged into main every this many commits */
  mergeEvery: number;
  tags: number;
}

export interface History {
  commits: number;
  merges: number;
  tags: number;
}

const T0 = 1_700_000_000;

/**
 * A synthetic repository written with `git fast-import` (seconds for 50,000 commits): a main line and a topic
 * branch forked from it and merged back every `mergeEvery` commits, one file changed per commit across 40
 * directories, and tags spread over the main line, half annotated (with a tagger date of their own), half
 * lightweight.
 */
export async function writeGitHistory(dir: string, shape: HistoryShape): Promise<History> {
  const init = spawn("git", ["-c", "init.defaultBranch=main", "init", "-q", dir], { stdio: "inherit" });
  await once(init, "close");
  const child = spawn("git", ["-C", dir, "fast-import", "--quiet"], {
    stdio: ["pipe", "inherit", "inherit"],
  });
  const closed = once(child, "close");
  let buffered: string[] = [];
  let size = 0;
  const write = async (text: string) => {
    buffered.push(text);
    size += text.length;
    if (size > 1 << 20) await flush();
  };
  const flush = async () => {
    if (!child.stdin.write(buffered.join(""))) await once(child.stdin, "drain");
    buffered = [];
    size = 0;
  };
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;

  let mainTip = 0;
  let topicTip = 0;
  let merges = 0;
  const mainCommits: number[] = [];
  const topicLength = Math.max(1, Math.floor(shape.mergeEvery / 2));
  for (let i = 1; i <= shape.commits; i++) {
    // commit 1 is the root on main; then cycles of: topic commits (the first forked from main), main commits,
    // and a merge of the topic into main
    const cycle = i === 1 ? -1 : (i - 2) % shape.mergeEvery;
    const onTopic = cycle >= 0 && cycle < topicLength;
    const isMerge = cycle === shape.mergeEvery - 1;
    const time = T0 + i * 60;
    const person = `dev${i % 17} <dev${i % 17}@example.com> ${time} +0000`;
    let text = `commit refs/heads/${onTopic ? "topic" : "main"}\nmark :${i}\nauthor ${person}\ncommitter ${person}\n`;
    text += data(isMerge ? `Merge branch 'topic' (${i})` : `Change ${i}: adjust module ${i % 40}`);
    if (onTopic) {
      text += `from :${cycle === 0 ? mainTip : topicTip}\n`;
      topicTip = i;
    } else {
      if (mainTip !== 0) text += `from :${mainTip}\n`;
      if (isMerge) {
        text += `merge :${topicTip}\n`;
        merges++;
      }
      mainTip = i;
      mainCommits.push(i);
    }
    if (!isMerge) text += `M 644 inline src/m${i % 40}/f${i % 7}.txt\n${data(`line ${i}\n`)}`;
    await write(`${text}\n`);
  }
  const step = Math.max(1, Math.floor(mainCommits.length / shape.tags));
  let tags = 0;
  for (let k = 0; k < shape.tags && k * step < mainCommits.length; k++) {
    const target = mainCommits[Math.min(mainCommits.length - 1, (k + 1) * step - 1)];
    const name = `v1.${Math.floor(k / 10)}.${k % 10}`;
    if (k % 2 === 0) {
      const when = T0 + (target ?? 0) * 60 + 1800; // released half an hour after the commit
      await write(
        `tag ${name}\nfrom :${target}\ntagger Release <rel@example.com> ${when} +0000\n${data(name)}`,
      );
    } else {
      await write(`reset refs/tags/${name}\nfrom :${target}\n\n`);
    }
    tags++;
  }
  await flush();
  child.stdin.end();
  await closed;
  if (child.exitCode !== 0) throw new Error(`git fast-import exited ${child.exitCode}`);
  return { commits: shape.commits, merges, tags };
}
