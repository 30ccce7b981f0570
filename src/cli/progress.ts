/** A one-line progress bar on stderr, drawn only on a terminal so pipes and logs stay clean. */
export interface Progress {
  update(done: number): void;
  finish(): void;
}

export function createProgress(label: string, total: number | undefined, stream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  let last = 0;
  const draw = (done: number) => {
    if (total !== undefined && total > 0) {
      const width = 30;
      const filled = Math.min(width, Math.round((done / total) * width));
      const pct = Math.min(100, Math.floor((done / total) * 100));
      stream.write(
        `\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${pct}% ${done}/${total}`,
      );
    } else {
      stream.write(`\r${label} ${done.toLocaleString("en")} events`);
    }
  };
  return {
    update(done) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(done);
    },
    finish() {
      stream.write("\r\x1b[2K");
    },
  };
}
