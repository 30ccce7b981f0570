import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freshSqliteUrl } from "../../testing/test-databases.js";
import type { TestServer } from "../../testing/test-server.js";
import { byName, type Fixture } from "../contract.fixture.js";
import type { MapResult, WebhookRequest } from "../source.js";
import { startWebhookServer } from "../webhook-server.fixture.js";
import { fixtures } from "./cdevents.fixture.js";
import { cdevents } from "./index.js";
import { artifactVersion } from "./map-cdevents.js";

const conformance = (name: string) => byName(fixtures.all, `cdevents-spec-v0.5.1/conformance/${name}.json`);
const cdevent = (name: string) => JSON.parse(conformance(name).body.toString()) as Record<string, unknown>;

/** The same CDEvent in CloudEvents structured mode: the attributes and the CDEvent in one JSON body. */
function structured(fixture: Fixture, id: string): WebhookRequest {
  const event = JSON.parse(fixture.body.toString()) as {
    context: { source: string; type: string; timestamp: string };
  };
  const body = {
    specversion: "1.0",
    id,
    source: event.context.source,
    type: event.context.type,
    time: event.context.timestamp,
    datacontenttype: "application/json",
    data: event,
  };
  return {
    headers: { "content-type": "application/cloudevents+json" },
    rawBody: Buffer.from(JSON.stringify(body)),
  };
}

function mapRequest(request: WebhookRequest, settings: Record<string, unknown> = {}): MapResult {
  const decoded = cdevents.decode(request);
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.error));
  const deliveryId = cdevents.deliveryId(request, decoded.body) ?? "none";
  return cdevents.map({ headers: request.headers, body: decoded.body, deliveryId }, settings);
}

function binary(fixture: Fixture, id = "delivery-1"): WebhookRequest {
  return { headers: { ...fixture.headers, "ce-id": id }, rawBody: fixture.body };
}

describe("CDEvents over CloudEvents", () => {
  test("binary and structured mode map every conformance event the same way", () => {
    for (const fixture of fixtures.all) {
      expect(mapRequest(structured(fixture, "delivery-1")), fixture.name).toEqual(
        mapRequest(binary(fixture)),
      );
    }
  });

  test("the delivery id is the CloudEvent's source and id, in either mode", () => {
    const fixture = conformance("service_deployed");
    const request = structured(fixture, "abc");
    const decoded = cdevents.decode(request);
    expect(decoded.ok && cdevents.deliveryId(request, decoded.body)).toBe("/event/source/123#abc");
    const bin = binary(fixture, "abc");
    const decodedBinary = cdevents.decode(bin);
    expect(decodedBinary.ok && cdevents.deliveryId(bin, decodedBinary.body)).toBe("/event/source/123#abc");
  });

  test("service.deployed / upgraded / rolledback are deployments; the artifact's version is the version", () => {
    const deployed = mapRequest(binary(conformance("service_deployed")));
    expect(deployed).toMatchObject({
      outcome: "events",
      events: [
        {
          type: "deployment",
          service: "mySubject123",
          environment: "test123",
          status: "success",
          kind: "deploy",
          finishedAt: "2023-03-20T14:27:05.315Z",
          version: "sha256:0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427",
        },
      ],
    });
    expect(mapRequest(binary(conformance("service_rolledback")))).toMatchObject({
      events: [{ kind: "rollback" }],
    });
  });

  test("incidents: detected names its service, environment and the artifact as cause; resolved resolves", () => {
    expect(mapRequest(binary(conformance("incident_detected")))).toMatchObject({
      events: [
        {
          type: "incident",
          id: "cdevents:/monitoring/prod1#incident-123",
          services: ["myApp"],
          environment: "prod1",
          title: "Response time above threshold of 100ms",
          cause: { version: "sha256:0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427" },
        },
      ],
    });
    const resolved = mapRequest(binary(conformance("incident_resolved")), {
      serviceMap: { myApp: "checkout" },
    });
    expect(resolved).toMatchObject({
      events: [{ services: ["checkout"], resolvedAt: "2022-11-11T13:52:20.079Z" }],
    });
  });

  test("pipelinerun.finished is a build when customData names the repository and commit", () => {
    expect(mapRequest(binary(conformance("pipelinerun_finished")))).toMatchObject({
      outcome: "ignored",
      code: "missing_context",
    });
    const withContext = {
      ...cdevent("pipelinerun_finished"),
      customData: { repo: "acme/shop", sha: "a".repeat(40) },
    };
    const fixture = {
      ...conformance("pipelinerun_finished"),
      body: Buffer.from(JSON.stringify(withContext)),
    };
    expect(mapRequest(binary(fixture))).toMatchObject({
      events: [
        { type: "build", repo: "acme/shop", sha: "a".repeat(40), pipeline: "myPipeline", status: "failure" },
      ],
    });
  });

  test("change.merged is a merged pull request of its repository", () => {
    expect(mapRequest(binary(conformance("change_merged")))).toMatchObject({
      events: [
        { type: "pull_request", repo: "TestRepo/TestOrg", number: 123, mergedAt: "2023-03-20T14:27:05.315Z" },
      ],
    });
  });

  test("package URLs: the version, percent-decoded", () => {
    expect(artifactVersion("pkg:oci/myapp@sha256%3A0b31?repository_url=x")).toBe("sha256:0b31");
    expect(artifactVersion("pkg:npm/left-pad@1.3.0")).toBe("1.3.0");
    expect(artifactVersion("registry.example/app:1.2")).toBe("registry.example/app:1.2");
  });

  test("batched CloudEvents are refused with 415's code", () => {
    const result = cdevents.decode({
      headers: { "content-type": "application/cloudevents-batch+json" },
      rawBody: Buffer.from("[]"),
    });
    expect(result).toMatchObject({ ok: false, error: { code: "unsupported_media_type" } });
  });
});

describe("over HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startWebhookServer(freshSqliteUrl(), [
      { source: "cdevents", name: "tekton", secret: fixtures.secret },
    ]);
  });
  afterAll(() => server.close());

  test("structured mode, resolved before detected: one incident, detected and resolved", async () => {
    for (const name of ["incident_resolved", "incident_detected"]) {
      const request = structured(conformance(name), randomUUID());
      const res = await fetch(`${server.url}/webhooks/cdevents/tekton`, {
        method: "POST",
        headers: { ...request.headers, authorization: `Bearer ${fixtures.secret}` },
        body: request.rawBody,
      });
      expect(res.status, await res.clone().text()).toBe(202);
    }
    const rows = await server.store.entityRows();
    expect(rows.incidents.find((r) => r.id === "cdevents:/monitoring/prod1#incident-123")).toMatchObject({
      detected_at: Date.parse("2022-11-11T13:52:20.079Z"),
      resolved_at: Date.parse("2022-11-11T13:52:20.079Z"),
      title: "Response time above threshold of 100ms",
    });
  });
});

test("the example in docs/sources/cdevents.md: a deployment of checkout with its commit", () => {
  const body = {
    context: {
      specversion: "0.5.1",
      id: "271069a8-fc18-44f1-b38f-9d70a1695819",
      source: "/tekton/prod",
      type: "dev.cdevents.service.deployed.0.3.0",
      timestamp: "2026-03-01T12:05:00Z",
    },
    subject: {
      id: "service/checkout",
      content: { environment: { id: "production" }, artifactId: "pkg:oci/checkout@sha256%3A0b31b1c0" },
    },
    customData: { sha: "9fceb02d0ae598e95dc970b74767f19372d61af8", repo: "acme/checkout" },
  };
  const result = mapRequest({
    headers: { "content-type": "application/json", "ce-type": body.context.type, "ce-id": body.context.id },
    rawBody: Buffer.from(JSON.stringify(body)),
  });
  expect(result).toMatchObject({
    events: [
      {
        type: "deployment",
        service: "checkout",
        environment: "production",
        version: "sha256:0b31b1c0",
        sha: "9fceb02d0ae598e95dc970b74767f19372d61af8",
        repo: "acme/checkout",
      },
    ],
  });
});
