import { randomBytes } from "node:crypto";
import { startTestServer, type TestServer } from "../testing/test-server.js";

/** The over-HTTP set-up source tests share: a real server that stores HMAC secrets, with connections added. */

export interface TestConnection {
  source: string;
  name: string;
  secret: string;
  settings?: Record<string, unknown>;
}

/** A test server with a fresh secrets key (so HMAC secrets can be stored) and these connections. */
export async function startWebhookServer(
  databaseUrl: string,
  connections: readonly TestConnection[],
  overrides: Record<string, string | number> = {},
): Promise<TestServer> {
  const server = await startTestServer(databaseUrl, {
    ...overrides,
    secretsKey: randomBytes(32).toString("base64"),
  });
  for (const connection of connections) await addTestConnection(server, connection);
  return server;
}

/** Adds a connection through POST /api/v1/connections; throws unless it is created. */
export async function addTestConnection(server: TestServer, connection: TestConnection): Promise<void> {
  const res = await fetch(`${server.url}/api/v1/connections`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(connection),
  });
  if (res.status !== 201) {
    throw new Error(`connection ${connection.source}/${connection.name}: ${res.status} ${await res.text()}`);
  }
}
