import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadConfig } from "./config.js";
import { StrideError } from "./errors.js";

function dirWith(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), "stride-config-"));
  writeFileSync(join(dir, "stride.config.json"), config);
  return dir;
}

describe("loadConfig", () => {
  test("defaults: loopback, port 7070, the embedded database", () => {
    const config = loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), "stride-config-")) });
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 7070,
      databaseUrl: "sqlite:./.stride/stride.db",
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  test("file < environment < flags", () => {
    const cwd = dirWith(JSON.stringify({ port: 8000, logLevel: "warn", maxBatch: 50 }));
    const config = loadConfig({
      cwd,
      env: { STRIDE_PORT: "8001", STRIDE_MAX_BATCH: "60" },
      flags: { port: "8002" },
    });
    expect(config).toMatchObject({ port: 8002, maxBatch: 60, logLevel: "warn" });
  });

  test.each([
    [{ env: { STRIDE_PORT: "http" } }, "port", /STRIDE_PORT/],
    [{ env: { STRIDE_LOG_LEVEL: "loud" } }, "logLevel", /STRIDE_LOG_LEVEL/],
    [{ env: { STRIDE_HOST: "0.0.0.0" } }, "host", /STRIDE_INGEST_TOKEN/],
    [{ cwd: dirWith("{port: 1}") }, undefined, /JSON/],
    [{ cwd: dirWith('{"prot": 1}') }, "", /config/],
    [{ file: "/nonexistent/stride.json" }, undefined, /--config/],
  ])("%j is invalid_config naming %s", (sources, field, hint) => {
    try {
      loadConfig({ env: {}, ...sources });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StrideError);
      const e = error as StrideError;
      expect(e.code).toBe("invalid_config");
      if (field !== undefined) expect(e.field).toBe(field);
      expect(`${e.message} ${e.hint}`).toMatch(hint);
    }
  });

  test("binding beyond loopback is allowed with an ingest token", () => {
    const config = loadConfig({
      env: { STRIDE_HOST: "0.0.0.0", STRIDE_INGEST_TOKEN: "a-long-enough-token" },
    });
    expect(config.host).toBe("0.0.0.0");
  });
});
