import { describe, expect, test } from "vitest";
import { fixtures } from "../sources/github/github.fixture.js";
import { runCli } from "../testing/run-cli.js";
import { freshSqliteUrl } from "../testing/test-databases.js";
import { startTestServer } from "../testing/test-server.js";

describe("stride connections and doctor", () => {
  test("add, list, set, rotate, deliveries, remove; doctor shows each connection's deliveries by outcome and reason", async () => {
    const db = freshSqliteUrl();
    const added = await runCli([
      "connections",
      "add",
      "github",
      "acme",
      "--secret",
      fixtures.secret,
      "--set",
      "deployPattern=deploy*",
      "--set",
      'serviceMap={"octo-org/octo-repo":"shop"}',
      "--database",
      db,
      "--json",
    ]);
    expect(added.code, added.stderr).toBe(0);
    const result = JSON.parse(added.stdout) as {
      connection: { settings: Record<string, unknown> };
      url: string;
    };
    expect(result.url).toBe("http://127.0.0.1:7070/webhooks/github/acme");
    expect(result.connection.settings).toMatchObject({
      deployPattern: ["deploy*"],
      serviceMap: { "octo-org/octo-repo": "shop" },
    });

    const generated = await runCli(["connections", "add", "gitlab", "group", "--database", db]);
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toMatch(/secret +\S{32} +\(generated/);

    const twice = await runCli(["connections", "add", "github", "acme", "--database", db]);
    expect(twice.code).toBe(73);
    expect(twice.stderr).toMatch(/error\[connection_exists\]/);
    const unknown = await runCli(["connections", "add", "svn", "x", "--database", db]);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(
      /error\[unknown_source\].*\n.*hint: use one of: github, gitlab, pagerduty, cdevents/,
    );
    const badSetting = await runCli([
      "connections",
      "set",
      "github",
      "acme",
      "releaseDeployments=maybe",
      "--database",
      db,
    ]);
    expect(badSetting.code).toBe(64);
    expect(badSetting.stderr).toMatch(/error\[invalid_setting\]/);

    // Deliveries through a server on the same database: one accepted, one ignored, one with a bad signature.
    const server = await startTestServer(db);
    try {
      const post = async (event: string, body: Buffer, secret: string) =>
        (
          await fetch(`${server.url}/webhooks/github/acme`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-github-event": event,
              ...fixtures.sign(body, secret, crypto.randomUUID()),
            },
            body,
          })
        ).status;
      const push = fixtures.all.find((f) => f.name === "octokit-webhooks/push/with-new-branch.payload.json");
      const ping = fixtures.all.find((f) => f.name === "octokit-webhooks/ping/payload.json");
      expect(await post("push", push?.body ?? Buffer.alloc(0), fixtures.secret)).toBe(202);
      expect(await post("ping", ping?.body ?? Buffer.alloc(0), fixtures.secret)).toBe(202);
      expect(await post("ping", ping?.body ?? Buffer.alloc(0), "not-the-secret-at-all")).toBe(401);
    } finally {
      await server.close();
    }

    const doctor = await runCli(["doctor", "--database", db]);
    expect(doctor.code, doctor.stderr).toBe(0);
    expect(doctor.stdout).toMatch(/github\/acme +http:\/\/127\.0\.0\.1:7070\/webhooks\/github\/acme/);
    expect(doctor.stdout).toMatch(/last delivery 20\d\d-.*; accepted 1, duplicate 0, ignored 1, rejected 1/);
    expect(doctor.stdout).toMatch(/ignored +ping +1/);
    expect(doctor.stdout).toMatch(/rejected +invalid_signature +1/);
    expect(doctor.stdout).toMatch(/gitlab\/group .*\n +last delivery never/);

    const deliveries = await runCli([
      "connections",
      "deliveries",
      "github",
      "acme",
      "--database",
      db,
      "--json",
    ]);
    const rows = (JSON.parse(deliveries.stdout) as { deliveries: { outcome: string; eventType: string }[] })
      .deliveries;
    expect(rows.map((r) => `${r.outcome} ${r.eventType}`)).toEqual(["ignored ping", "accepted push"]);

    const rotated = await runCli([
      "connections",
      "rotate",
      "github",
      "acme",
      "--grace",
      "1h",
      "--database",
      db,
    ]);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/the previous secret verifies until 20/);

    const list = await runCli(["connections", "list", "--database", db, "--json"]);
    const listed = JSON.parse(list.stdout) as {
      connections: { name: string; counts: { accepted: number } }[];
    };
    expect(listed.connections.map((c) => c.name)).toEqual(["acme", "group"]);
    expect(list.stdout).not.toContain(fixtures.secret);

    expect((await runCli(["connections", "remove", "gitlab", "group", "--database", db])).code).toBe(0);
    const gone = await runCli(["connections", "remove", "gitlab", "group", "--database", db]);
    expect(gone.code).toBe(66);
    expect(gone.stderr).toMatch(/error\[unknown_connection\]/);
  });
});
