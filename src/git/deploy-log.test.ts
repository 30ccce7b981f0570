import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { StrideError } from "../errors.js";
import { parseDeployLog, readDeployLog } from "./deploy-log.js";

const thrown = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error as StrideError;
  }
  throw new Error("expected an error");
};

describe("parseDeployLog", () => {
  test("CSV: column aliases, empty cells absent, rows with the wrong cell count reported by line", () => {
    const log = parseDeployLog(
      "Commit,Finished_At,env,Status\nabc1234,2026-03-01T10:00:00Z,,\n\nabc1235,2026-03-02T10:00:00Z,staging,failure\nonly,two\n",
      "csv",
    );
    expect(log.rows).toEqual([
      { line: 2, values: { sha: "abc1234", finishedAt: "2026-03-01T10:00:00Z" } },
      {
        line: 4,
        values: {
          sha: "abc1235",
          finishedAt: "2026-03-02T10:00:00Z",
          environment: "staging",
          status: "failure",
        },
      },
    ]);
    expect(log.problems).toEqual([
      { line: 5, error: expect.objectContaining({ code: "invalid_deploy_log" }) },
    ]);
  });

  test("CSV header problems stop the import: unknown columns, no time, no sha or version, empty file", () => {
    expect(thrown(() => parseDeployLog("sha,finishedAt,author\n", "csv")).message).toMatch(
      /unknown column "author"/,
    );
    expect(thrown(() => parseDeployLog("sha,environment\nabc1234,prod\n", "csv")).code).toBe(
      "invalid_deploy_log",
    );
    expect(thrown(() => parseDeployLog("time,environment\n", "csv")).message).toMatch(/sha or version/);
    expect(thrown(() => parseDeployLog("\n\n", "csv")).code).toBe("invalid_deploy_log");
    expect(thrown(() => parseDeployLog("sha,time\n", "csv")).message).toMatch(/no deployments/);
  });

  test("NDJSON: one object per line; bad JSON, non-objects and unknown fields reported by line", () => {
    const log = parseDeployLog(
      [
        '{"sha":"abc1234","finishedAt":"2026-03-01T10:00:00Z"}',
        "",
        '{"version":"1.2.0","time":1772359200}',
        "{oops",
        "[1]",
        '{"sha":"abc1234","finishedAt":"2026-03-01T10:00:00Z","author":"ana"}',
      ].join("\n"),
      "ndjson",
    );
    expect(log.rows).toEqual([
      { line: 1, values: { sha: "abc1234", finishedAt: "2026-03-01T10:00:00Z" } },
      { line: 3, values: { version: "1.2.0", finishedAt: 1772359200 } },
    ]);
    expect(log.problems.map((p) => [p.line, p.error.code])).toEqual([
      [4, "invalid_json"],
      [5, "invalid_event"],
      [6, "unknown_field"],
    ]);
  });

  test("readDeployLog: format by extension, else by content; a missing file is file_not_found", () => {
    const dir = mkdtempSync(join(tmpdir(), "stride-log-"));
    const ndjson = join(dir, "deploys.log");
    writeFileSync(ndjson, '\uFEFF{"sha":"abc1234","finishedAt":"2026-03-01T10:00:00Z"}\n');
    expect(readDeployLog(ndjson).format).toBe("ndjson");
    const csv = join(dir, "deploys.csv");
    writeFileSync(csv, "\uFEFFsha,time\nabc1234,2026-03-01T10:00:00Z\n");
    expect(readDeployLog(csv)).toMatchObject({ format: "csv", rows: [{ line: 2 }] });
    expect(thrown(() => readDeployLog(join(dir, "nope.csv"))).code).toBe("file_not_found");
  });
});
