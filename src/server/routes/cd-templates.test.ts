import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freshSqliteUrl } from "../../testing/test-databases.js";
import { startTestServer, type TestServer } from "../../testing/test-server.js";

/**
 * The ready-made templates for tools that post Stride's own deployment events (templates/): rendered the way the
 * tool renders them and posted to a real server, which must accept them as the deployments they describe.
 */
const TOKEN = "a-token-of-at-least-16-chars";
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(freshSqliteUrl(), { ingestToken: TOKEN });
});
afterAll(() => server.close());

async function stored(id: string): Promise<Record<string, unknown> | undefined> {
  const rows = (await server.store.entityRows()).deployments;
  const row = rows.find((r) => r.id === id);
  return row === undefined ? undefined : (JSON.parse(String(row.data)) as Record<string, unknown>);
}

/** The webhook body of one template in the ConfigMap: the block under `body: |`. */
function templateBody(configMap: string, template: string): string {
  const lines = configMap.split("\n");
  const start = lines.findIndex((l) => l.trim() === `template.${template}: |`);
  const body = lines.findIndex((l, i) => i > start && l.trim() === "body: |");
  const indent = (l: string) => l.length - l.trimStart().length;
  const block: string[] = [];
  for (const line of lines.slice(body + 1)) {
    if (line.trim() !== "" && indent(line) <= indent(lines[body] ?? "")) break;
    block.push(line);
  }
  return block.join("\n");
}

/** Go template rendering for the only action the templates may use: a plain field reference. */
function render(body: string, data: Record<string, unknown>): string {
  return body.replace(/\{\{(.*?)\}\}/g, (action: string, inner: string) => {
    if (!/^\.[A-Za-z]+(\.[A-Za-z]+)*$/.test(inner))
      throw new Error(`${action} is more than a field reference`);
    let value: unknown = data;
    for (const key of inner.slice(1).split(".")) value = (value as Record<string, unknown>)?.[key];
    if (typeof value !== "string") throw new Error(`${action} is not a string in the application`);
    return value.replace(/["\\]/g, "\\$&");
  });
}

/** An Argo CD Application as the notifications controller sees it after a sync (the fields the templates read). */
const application = (phase: string, finishedAt: string) => ({
  app: {
    metadata: { name: "checkout" },
    spec: {
      destination: { namespace: "production" },
      source: { repoURL: "https://github.com/acme/checkout.git" },
    },
    status: {
      sync: { revision: "4bcc553e0a7c1f0c2b9e8d7a6f5e4d3c2b1a0f9e" },
      operationState: { phase, startedAt: "2026-03-02T10:00:00Z", finishedAt },
    },
  },
});

describe("Argo CD notifications template", () => {
  const configMap = readFileSync("templates/argocd/argocd-notifications-cm.yaml", "utf8");
  test.each([
    ["stride-deployed", "Succeeded", "success", "2026-03-02T10:04:30Z"],
    ["stride-sync-failed", "Failed", "failure", "2026-03-02T10:09:00Z"],
  ])("%s posts a %s sync as a deployment Stride accepts", async (template, phase, status, finishedAt) => {
    const body = render(templateBody(configMap, template), application(phase, finishedAt));
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body,
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const id = (JSON.parse(body) as { id: string }).id;
    expect(await stored(id)).toMatchObject({
      service: "checkout",
      environment: "production",
      status,
      sha: "4bcc553e0a7c1f0c2b9e8d7a6f5e4d3c2b1a0f9e",
      repo: "acme/checkout",
      finishedAt: Date.parse(finishedAt),
    });
  });
});

describe("Jenkins step", () => {
  const run = promisify(execFile);
  const env = (extra: Record<string, string>) => ({
    PATH: process.env.PATH ?? "",
    STRIDE_URL: server.url,
    STRIDE_TOKEN: TOKEN,
    STRIDE_SERVICE: "checkout",
    GIT_COMMIT: "943acf5b0a7c1f0c2b9e8d7a6f5e4d3c2b1a0f9e",
    GIT_URL: "git@github.com:acme/checkout.git",
    BUILD_TAG: "jenkins-checkout-deploy-42",
    STRIDE_STARTED_AT: "2026-03-02T11:00:00Z",
    STRIDE_FINISHED_AT: "2026-03-02T11:03:00Z",
    ...extra,
  });

  test("posts the deployment; a retried post is a duplicate, not a second deployment", async () => {
    const script = "templates/jenkins/stride-deployment.sh";
    const first = await run("sh", [script], { env: env({ STRIDE_STATUS: "success" }) });
    expect(JSON.parse(first.stdout)).toMatchObject({ status: "accepted", id: "jenkins-checkout-deploy-42" });
    const again = await run("sh", [script], { env: env({ STRIDE_STATUS: "success" }) });
    expect(JSON.parse(again.stdout)).toMatchObject({ status: "duplicate" });
    expect(await stored("jenkins-checkout-deploy-42")).toMatchObject({
      service: "checkout",
      environment: "production",
      status: "success",
      sha: "943acf5b0a7c1f0c2b9e8d7a6f5e4d3c2b1a0f9e",
      repo: "acme/checkout",
      startedAt: Date.parse("2026-03-02T11:00:00Z"),
      finishedAt: Date.parse("2026-03-02T11:03:00Z"),
    });
  });

  test("a missing setting stops it with a message naming the variable, and nothing is sent", async () => {
    await expect(
      run("sh", ["templates/jenkins/stride-deployment.sh"], { env: env({}) }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining("STRIDE_STATUS"),
    });
  });
});
