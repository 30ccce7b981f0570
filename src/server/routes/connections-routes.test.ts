import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freshSqliteUrl } from "../../testing/test-databases.js";
import { startTestServer, type TestServer } from "../../testing/test-server.js";

const TOKEN = "ingest-token-0123456789";

let server: TestServer;
beforeAll(async () => {
  // The key file is generated beside the SQLite database on first use.
  server = await startTestServer(freshSqliteUrl(), { ingestToken: TOKEN });
});
afterAll(() => server.close());

async function call(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text === "" ? {} : JSON.parse(text)) as Record<string, unknown> };
}

describe("/api/v1/connections", () => {
  test("requires the ingest token when one is configured", async () => {
    expect((await call("GET", "/api/v1/connections", undefined, null)).status).toBe(401);
    expect((await call("GET", "/api/v1/connections", undefined, "wrong-token-0123456789")).status).toBe(401);
  });

  test("add: a generated secret is answered once; settings get their defaults; the secret is never listed", async () => {
    const added = await call("POST", "/api/v1/connections", {
      source: "github",
      name: "acme",
      settings: { deployPattern: "deploy*" },
    });
    expect(added.status).toBe(201);
    const secret = added.body.secret as string;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(added.body.connection).toMatchObject({
      source: "github",
      name: "acme",
      webhookPath: "/webhooks/github/acme",
      secretScheme: "hmac",
      settings: { deployPattern: ["deploy*"], incidentLabel: "incident", releaseDeployments: false },
    });
    const listed = await call("GET", "/api/v1/connections");
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.connections).toMatchObject([
      { source: "github", name: "acme", lastDeliveryAt: null, counts: { accepted: 0, rejected: 0 } },
    ]);
  });

  test("secrets at rest: HMAC secrets encrypted, tokens hashed; neither readable in the database", async () => {
    const hmacSecret = "a-github-secret-that-is-long";
    const token = "a-gitlab-token-that-is-long";
    expect(
      (await call("POST", "/api/v1/connections", { source: "github", name: "rest", secret: hmacSecret }))
        .status,
    ).toBe(201);
    expect(
      (await call("POST", "/api/v1/connections", { source: "gitlab", name: "rest", secret: token })).status,
    ).toBe(201);
    const rows = await server.store.connections.list();
    const github = rows.find((r) => r.id === "github/rest");
    const gitlab = rows.find((r) => r.id === "gitlab/rest");
    expect(github?.secret).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(gitlab?.secret).toMatch(/^h1:/);
    expect(JSON.stringify(rows)).not.toContain(hmacSecret);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  test("errors: unknown source 404, duplicate 409, bad setting 400 naming it, short secret 400, unknown connection 404", async () => {
    expect(
      (await call("POST", "/api/v1/connections", { source: "svn", name: "x" })).body.error,
    ).toMatchObject({
      code: "unknown_source",
    });
    const again = await call("POST", "/api/v1/connections", { source: "github", name: "acme" });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "connection_exists" });
    const bad = await call("POST", "/api/v1/connections", {
      source: "github",
      name: "bad",
      settings: { releaseDeployments: "yes" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid_setting", field: "releaseDeployments" });
    const unknownSetting = await call("PATCH", "/api/v1/connections/github/acme", {
      settings: { deployPatern: "x" },
    });
    expect(unknownSetting.body.error).toMatchObject({ code: "invalid_setting" });
    const short = await call("POST", "/api/v1/connections", {
      source: "github",
      name: "short",
      secret: "short",
    });
    expect(short.body.error).toMatchObject({ code: "invalid_secret" });
    expect((await call("DELETE", "/api/v1/connections/github/nope")).body.error).toMatchObject({
      code: "unknown_connection",
    });
    const badName = await call("POST", "/api/v1/connections", { source: "github", name: "no spaces" });
    expect(badName.body.error).toMatchObject({ code: "invalid_argument", field: "name" });
  });

  test("settings change; null restores the default", async () => {
    const changed = await call("PATCH", "/api/v1/connections/github/acme", {
      settings: { releaseDeployments: true, deployPattern: null },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.connection).toMatchObject({
      settings: { releaseDeployments: true, deployPattern: [] },
    });
  });

  test("rotate with a grace period: both secrets verify until it ends; remove deletes it", async () => {
    const rotated = await call("POST", "/api/v1/connections/github/acme/rotate", { graceSeconds: 3600 });
    expect(rotated.status).toBe(200);
    expect(typeof rotated.body.secret).toBe("string");
    expect(
      (rotated.body.connection as { previousSecretUntil: string | null }).previousSecretUntil,
    ).not.toBeNull();
    expect((await call("DELETE", "/api/v1/connections/github/acme")).status).toBe(204);
    expect((await call("GET", "/api/v1/connections")).body.connections).not.toContainEqual(
      expect.objectContaining({ name: "acme" }),
    );
  });

  test("webhooks do not take the ingest token: they verify the connection's own secret", async () => {
    const res = await fetch(`${server.url}/webhooks/github/rest`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "x-github-event": "ping",
        "content-type": "application/json",
      },
      body: "{}",
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("missing_signature");
  });

  test("a webhook to a connection or source that does not exist: 404 with its code", async () => {
    const noConnection = await fetch(`${server.url}/webhooks/github/nobody`, { method: "POST", body: "{}" });
    expect(noConnection.status).toBe(404);
    expect(((await noConnection.json()) as { error: { code: string } }).error.code).toBe(
      "unknown_connection",
    );
    const noSource = await fetch(`${server.url}/webhooks/svn/x`, { method: "POST", body: "{}" });
    expect(((await noSource.json()) as { error: { code: string } }).error.code).toBe("unknown_source");
  });
});
