import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { chown, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import pg from "pg";

/** A throwaway PostgreSQL server for tests, listening on 127.0.0.1 only, with durability switched off. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, no password). */
  url: string;
  /** Stops the server (fast shutdown) and deletes its data directory. Safe to call twice. */
  stop(): Promise<void>;
}

interface RunResult {
  code: number;
  output: string;
}

const SERVER_OPTIONS =
  "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";

/**
 * Starts a private PostgreSQL server in a fresh temporary directory. PostgreSQL refuses to run as root, so
 * when this process is root the binaries run as the `postgres` system user (through `runuser`) on a
 * directory that user owns.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await postgresUser() : undefined;

  const dir = await mkdtemp(join(tmpdir(), "stride-pg-"));
  const data = join(dir, "data");
  const log = join(dir, "log");
  const run = (tool: string, args: string[]): Promise<RunResult> => {
    const executable = join(bin, tool);
    return asRoot
      ? exec("runuser", ["-u", "postgres", "--", executable, ...args], dir)
      : exec(executable, args, dir);
  };

  try {
    if (owner) await chown(dir, owner.uid, owner.gid);

    const initArgs = ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8"];
    const init = await run("initdb", [...initArgs, "--locale=C.UTF-8"]);
    if (init.code !== 0) {
      await rm(data, { recursive: true, force: true });
      const fallback = await run("initdb", [...initArgs, "--no-locale"]);
      if (fallback.code !== 0) {
        throw new Error(
          `initdb failed (tried --locale=C.UTF-8, then --no-locale):\n${init.output}\n${fallback.output}`,
        );
      }
    }

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const options = `-p ${port} -k ${shellQuote(dir)} ${SERVER_OPTIONS}`;
      const start = await run("pg_ctl", ["-D", data, "-o", options, "-w", "-l", log, "start"]);
      if (start.code === 0) break;
      const serverLog = await readFile(log, "utf8").catch(() => "");
      // Another process may have taken the port between our probe and the server's bind: try another one.
      if (attempt < 3 && /already in use/i.test(serverLog)) {
        await run("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
        continue;
      }
      throw new Error(`pg_ctl start failed:\n${start.output}\n--- server log (${log}) ---\n${serverLog}`);
    }

    let stopped = false;
    const stopNow = (): void => {
      // Last resort if the process exits without calling stop(): never leave a server behind.
      if (stopped) return;
      stopped = true;
      const executable = join(bin, "pg_ctl");
      const args = ["-D", data, "-m", "immediate", "stop"];
      if (asRoot) spawnSync("runuser", ["-u", "postgres", "--", executable, ...args], { cwd: dir });
      else spawnSync(executable, args, { cwd: dir });
      spawnSync("rm", ["-rf", dir]);
    };
    process.once("exit", stopNow);

    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.removeListener("exit", stopNow);
        const result = await run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
        await rm(dir, { recursive: true, force: true });
        if (result.code !== 0) throw new Error(`pg_ctl stop failed:\n${result.output}`);
      },
    };
  } catch (error) {
    await run("pg_ctl", ["-D", data, "-m", "immediate", "stop"]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Creates a new, empty, uniquely named database on the server at `serverUrl` and returns its URL. */
export async function createDatabase(serverUrl: string, name?: string): Promise<string> {
  const database = name ?? `stride_test_${process.pid}_${randomBytes(6).toString("hex")}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) {
    throw new Error(`invalid test database name "${database}" (use lowercase letters, digits and _)`);
  }
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${database}" TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The newest `/usr/lib/postgresql/<version>/bin`, else the directory of a `pg_ctl` found on PATH. */
function findPostgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((entry) => /^\d+(\.\d+)?$/.test(entry) && existsSync(join(root, entry, "bin", "pg_ctl")))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  const newest = versions[0];
  if (newest !== undefined) return join(root, newest, "bin");

  for (const entry of (process.env.PATH ?? "").split(delimiter)) {
    if (entry === "") continue;
    const candidate = join(entry, "pg_ctl");
    if (!existsSync(candidate)) continue;
    const dir = dirname(realpathSync(candidate));
    if (existsSync(join(dir, "initdb"))) return dir;
  }
  throw new Error(
    "PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin or on PATH. " +
      "Run .ci/run (it installs what the tests need) or `apt-get install postgresql`, " +
      "or set STRIDE_TEST_PG_URL to an existing server.",
  );
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const uid = await exec("id", ["-u", "postgres"]);
  const gid = await exec("id", ["-g", "postgres"]);
  if (uid.code !== 0 || gid.code !== 0) {
    throw new Error(
      "running as root, but there is no `postgres` system user to run PostgreSQL as " +
        "(PostgreSQL refuses to run as root). Run .ci/run or `apt-get install postgresql`.",
    );
  }
  return { uid: Number.parseInt(uid.output, 10), gid: Number.parseInt(gid.output, 10) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("could not pick a free TCP port"))));
    });
  });
}

function exec(file: string, args: string[], cwd?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      if (error === null) resolve({ code: 0, output });
      else
        resolve({ code: typeof error.code === "number" ? error.code : 1, output: output || error.message });
    });
  });
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
