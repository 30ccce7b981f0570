import { mkdtempSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { openStore } from "../store/open-store.js";
import { runCli, startCli } from "../testing/run-cli.js";
import { freshSqliteUrl } from "../testing/test-databases.js";

const deployment = (service: string) =>
  JSON.stringify({
    type: "deployment",
    service,
    environment: "production",
    status: "success",
    finishedAt: "2026-03-01T12:05:00Z",
  });

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "stride-cli-")), name);
  writeFileSync(path, content);
  return path;
}

describe("stride ingest", () => {
  test("NDJSON with a bad line: good events stored, the bad one reported by position, exit 65", async () => {
    const db = freshSqliteUrl();
    const file = tempFile(
      "events.ndjson",
      [deployment("a"), '{"type":"deployment"', deployment("b")].join("\n"),
    );
    const result = await runCli(["ingest", file, "--database", db]);
    expect(result.code).toBe(65);
    expect(result.stdout).toMatch(/accepted 2, duplicate 0, rejected 1/);
    expect(result.stdout).toMatch(/event 2: \[invalid_json\]/);
    const again = await runCli(["ingest", file, "--database", db, "--json"]);
    expect(JSON.parse(again.stdout)).toMatchObject({ accepted: 0, duplicate: 2, rejected: 1 });
  });

  test("a JSON array from stdin", async () => {
    const db = freshSqliteUrl();
    const result = await runCli(["ingest", "-", "--database", db, "--json"], {
      input: `[${deployment("x")},${deployment("y")}]`,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ accepted: 2, rejected: 0 });
  });

  test("a missing file: file_not_found with a hint, exit 66", async () => {
    const result = await runCli(["ingest", "/nonexistent/events.json", "--database", freshSqliteUrl()]);
    expect(result.code).toBe(66);
    expect(result.stderr).toMatch(/error\[file_not_found\]/);
    expect(result.stderr).toMatch(/hint:/);
  });
});

describe("stride demo, replay, doctor", () => {
  test("demo is deterministic for a seed; replay rebuilds identical rows; doctor reports the database", async () => {
    const args = [
      "demo",
      "--seed",
      "7",
      "--teams",
      "2",
      "--services",
      "3",
      "--days",
      "14",
      "--end",
      "2026-03-01T00:00:00Z",
    ];
    const first = freshSqliteUrl();
    const second = freshSqliteUrl();
    const r1 = await runCli([...args, "--database", first, "--json"]);
    expect(r1.code, r1.stderr).toBe(0);
    const summary = JSON.parse(r1.stdout);
    expect(summary.accepted).toBeGreaterThan(100);
    expect(summary.rejected).toBe(0);
    expect((await runCli([...args, "--database", second])).code).toBe(0);

    const a = await openStore(first);
    const b = await openStore(second);
    const rows = await a.entityRows();
    expect(rows.deployments.length).toBeGreaterThan(5);
    expect(rows.services).toHaveLength(3);
    expect(await b.entityRows()).toEqual(rows);
    await b.close();
    await a.close();

    const replay = await runCli(["replay", "--database", first, "--json"]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({
      records: summary.accepted,
      accepted: summary.accepted,
      rejected: 0,
    });
    const after = await openStore(first);
    expect(await after.entityRows()).toEqual(rows);
    await after.close();

    const doctor = await runCli(["doctor", "--database", first, "--json"]);
    expect(doctor.code).toBe(0);
    const report = JSON.parse(doctor.stdout);
    expect(report).toMatchObject({ engine: "sqlite", pendingMigrations: [] });
    expect(report.version).toMatch(/^SQLite 3\./);
    expect(report.counts.entities.deployments).toBe(rows.deployments.length);
  });

  test("bad arguments and configuration: stable codes, hints, exit codes", async () => {
    const badSeed = await runCli(["demo", "--seed", "many", "--database", freshSqliteUrl()]);
    expect(badSeed.code).toBe(64);
    expect(badSeed.stderr).toMatch(/error\[invalid_argument\]: --seed/);
    const badPort = await runCli(["doctor"], {
      env: { STRIDE_PORT: "seventy", STRIDE_DATABASE_URL: freshSqliteUrl() },
    });
    expect(badPort.code).toBe(78);
    expect(badPort.stderr).toMatch(/error\[invalid_config\]: configuration port/);
    expect(badPort.stderr).toMatch(/STRIDE_PORT/);
    const badUrl = await runCli(["doctor", "--database", "mysql://x"]);
    expect(badUrl.code).toBe(78);
    expect(badUrl.stderr).toMatch(/names no engine/);
    const open = await runCli(["serve", "--host", "0.0.0.0", "--database", freshSqliteUrl()]);
    expect(open.code).toBe(78);
    expect(open.stderr).toMatch(/STRIDE_INGEST_TOKEN/);
  });
});

describe("stride metrics", () => {
  test("table, CSV, JSON and the breakdown, over demo data; bad input exits 64 with the code", async () => {
    const db = freshSqliteUrl();
    const end = "2026-03-01T00:00:00Z";
    expect(
      (
        await runCli([
          "demo",
          "--seed",
          "5",
          "--teams",
          "2",
          "--services",
          "3",
          "--days",
          "30",
          "--end",
          end,
          "--database",
          db,
        ])
      ).code,
    ).toBe(0);
    const window = ["--from", "2026-02-01", "--to", "2026-03-01", "--database", db];
    const table = await runCli(["metrics", ...window]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/deployment frequency\s+[\d.]+\/day/);
    expect(table.stdout).toMatch(/change lead time\s+median/);
    const json = JSON.parse((await runCli(["metrics", ...window, "--json"])).stdout);
    expect(json.window).toMatchObject({ from: "2026-02-01T00:00:00.000Z", days: 28 });
    expect(json.metrics.deploymentFrequency.count).toBeGreaterThan(10);
    const csv = (await runCli(["metrics", ...window, "--format", "csv"])).stdout.trim().split("\n");
    expect(csv[0]).toBe("metric,field,value");
    expect(csv).toContain(`deploymentFrequency,count,${json.metrics.deploymentFrequency.count}`);
    const byTeam = await runCli(["metrics", ...window, "--by", "team"]);
    expect(byTeam.stdout.split("\n").filter((l) => /\d/.test(l)).length).toBeGreaterThanOrEqual(2);
    const bad = await runCli(["metrics", ...window, "--tz", "Moon/Base"]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/error\[unknown_time_zone\]/);
  });
});

describe("stride serve", () => {
  test("serves, ingests, and shuts down cleanly on SIGTERM with the data on disk", async () => {
    const db = freshSqliteUrl();
    const child = startCli(["serve", "--port", "0", "--database", db], { STRIDE_LOG_LEVEL: "warn" });
    let stderr = "";
    const address = await new Promise<string>((resolve, reject) => {
      child.stderr?.on("data", (d: Buffer) => {
        stderr += d.toString();
        const m = /running at (http:\/\/[\d.:]+)/.exec(stderr);
        if (m?.[1]) resolve(m[1]);
      });
      child.on("exit", () => reject(new Error(`serve exited early: ${stderr}`)));
    });
    const ready = await fetch(`${address}/readyz`);
    expect(ready.status).toBe(200);
    const posted = await fetch(`${address}/api/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: deployment("served"),
    });
    expect(posted.status).toBe(202);
    // A request in flight when SIGTERM arrives (headers and half its body sent) still completes and is stored.
    const body = deployment("in-flight");
    const socket = connect(Number(new URL(address).port), "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    let answer = "";
    socket.on("data", (d: Buffer) => {
      answer += d.toString();
    });
    socket.write(
      `POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body.slice(0, 20));
    await new Promise((r) => setTimeout(r, 100));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    socket.end(body.slice(20));
    expect(await exited).toBe(0);
    expect(answer).toMatch(/^HTTP\/1.1 202/);
    const store = await openStore(db);
    expect((await store.entityRows()).deployments.map((d) => d.service).sort()).toEqual([
      "in-flight",
      "served",
    ]);
    await store.close();
  });
});
