import type { z } from "zod";
import { normalizeRepo } from "../../domain/repo.js";
import { clip, clipName, type ServiceMap, serviceNamed, sourceId } from "../naming.js";
import { sha, timestamp, withPayload } from "../payload.js";
import { type Delivery, defined, ignored, type MapResult, mapped } from "../source.js";
import {
  type CdeventsSettings,
  type CloudEvent,
  cdevent,
  changeMergedContent,
  incidentContent,
  pipelineRunFinishedContent,
  serviceContent,
} from "./payload-schema.js";

/**
 * CDEvents 0.5 → Stride (docs/sources/cdevents.md): service.deployed / upgraded / rolledback → deployments;
 * change.merged → a merged pull request; pipelinerun.finished → a build (when customData names the repository and
 * commit); incident.detected / reported / resolved → one incident. Any version of an event type is read by the
 * fields of 0.5; other CDEvents are ignored with a reason.
 */

type CDEvent = z.output<typeof cdevent>;

const TYPE = /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

export function mapCdevents(delivery: Delivery, settings: CdeventsSettings): MapResult {
  const cloud = delivery.body as CloudEvent;
  const data = cloud.data as { context?: { type?: unknown } } | null;
  const contextType = typeof data?.context?.type === "string" ? data.context.type : undefined;
  const eventType = clip(cloud.type ?? contextType ?? "(no type)", 256);
  const match = TYPE.exec(eventType);
  if (match === null) {
    return ignored(
      eventType,
      "event_not_used",
      `"${eventType}" is not a CDEvents type (dev.cdevents.<subject>.<predicate>.<version>)`,
    );
  }
  const kind = `${match[1]}.${match[2]}`;
  const map = MAPPERS[kind];
  if (map === undefined) {
    return ignored(
      eventType,
      "event_not_used",
      `Stride does not read ${kind} events (docs/sources/cdevents.md lists the ones it reads)`,
    );
  }
  return withPayload(cdevent, cloud.data, eventType, (event) => map(event, eventType, settings));
}

type Mapper = (event: CDEvent, eventType: string, settings: CdeventsSettings) => MapResult;

const MAPPERS: Record<string, Mapper | undefined> = {
  "service.deployed": (e, t, s) => mapService(e, t, s, "deploy"),
  "service.upgraded": (e, t, s) => mapService(e, t, s, "deploy"),
  "service.rolledback": (e, t, s) => mapService(e, t, s, "rollback"),
  "change.merged": mapChangeMerged,
  "pipelinerun.finished": mapPipelineRun,
  "incident.detected": (e, t, s) => mapIncident(e, t, s, false),
  "incident.reported": (e, t, s) => mapIncident(e, t, s, false),
  "incident.resolved": (e, t, s) => mapIncident(e, t, s, true),
};

function content<T>(schema: z.ZodType<T>, event: CDEvent, eventType: string, map: (c: T) => MapResult) {
  return withPayload(schema, event.subject.content ?? {}, `${eventType} subject.content`, map);
}

/** A service id (`service/checkout`, `/ns/checkout`, `checkout`) → its last path segment, unless serviceMap names it. */
function serviceOf(id: string, map: ServiceMap): string {
  if (Object.hasOwn(map, id)) return serviceNamed(id, map);
  const last =
    id
      .split("/")
      .filter((p) => p !== "")
      .at(-1) ?? id;
  return serviceNamed(last, map);
}

/** The version of a package URL (`pkg:oci/myapp@sha256%3A0b31…` → `sha256:0b31…`); else the artifact id itself. */
export function artifactVersion(artifactId: string): string {
  const at = artifactId.lastIndexOf("@");
  if (!artifactId.startsWith("pkg:") || at < 0) return clipName(artifactId);
  const raw = artifactId.slice(at + 1).split(/[?#]/)[0] ?? "";
  let version = raw;
  try {
    version = decodeURIComponent(raw);
  } catch {
    // a malformed escape: keep the text as sent
  }
  return clipName(version || artifactId);
}

/** customData fields Stride reads, each used only when it has the right type. */
function custom(event: CDEvent) {
  const data = event.customData;
  const record =
    typeof data === "object" && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : {};
  const string = (key: string) => {
    const v = record[key];
    return typeof v === "string" && v.length > 0 ? v : undefined;
  };
  const parsedSha = sha.safeParse(record.sha ?? record.commit);
  const repo = string("repo") ?? string("repository");
  const startedAt = timestamp.safeParse(record.startedAt);
  const createdAt = timestamp.safeParse(record.createdAt);
  return {
    sha: parsedSha.success ? parsedSha.data : undefined,
    repo: repo === undefined ? undefined : normalizeRepo(repo),
    title: string("title"),
    author: string("author"),
    severity: string("severity"),
    startedAt: startedAt.success ? startedAt.data : undefined,
    createdAt: createdAt.success ? createdAt.data : undefined,
  };
}

function eventId(event: CDEvent): string {
  return sourceId("cdevents", `${event.context.source}#${event.context.id}`);
}

function mapService(
  event: CDEvent,
  eventType: string,
  settings: CdeventsSettings,
  kind: "deploy" | "rollback",
) {
  return content(serviceContent, event, eventType, (c) => {
    const extra = custom(event);
    return mapped(eventType, [
      defined({
        type: "deployment" as const,
        id: eventId(event),
        service: serviceOf(event.subject.id, settings.serviceMap),
        environment: clipName(c.environment.id),
        status: "success" as const,
        kind,
        finishedAt: event.context.timestamp,
        version: artifactVersion(c.artifactId),
        sha: extra.sha,
        repo: extra.repo,
      }),
    ]);
  });
}

function mapChangeMerged(event: CDEvent, eventType: string): MapResult {
  return content(changeMergedContent, event, eventType, (c) => {
    const repo = c.repository ? normalizeRepo(c.repository.id) : undefined;
    if (repo === undefined) {
      return ignored(
        eventType,
        "missing_context",
        "change.merged names no repository (subject.content.repository.id)",
      );
    }
    const number = /(\d{1,15})$/.exec(event.subject.id)?.[1];
    if (number === undefined || Number(number) < 1) {
      return ignored(
        eventType,
        "missing_context",
        "change.merged's subject id ends in no change number (e.g. 123 or org/repo/pulls/123)",
      );
    }
    const extra = custom(event);
    return mapped(eventType, [
      defined({
        type: "pull_request" as const,
        id: sourceId("cdevents", `${repo}#${number}`),
        repo,
        number: Number(number),
        title: clip(extra.title ?? `change ${event.subject.id}`, 4096),
        author: clipName(extra.author ?? "unknown"),
        // CDEvents 0.5 carry no creation time: the merge time stands in unless customData.createdAt says more.
        createdAt: extra.createdAt ?? event.context.timestamp,
        mergedAt: event.context.timestamp,
        mergeSha: extra.sha,
      }),
    ]);
  });
}

const OUTCOMES: Record<string, "success" | "failure" | "cancelled"> = {
  success: "success",
  failure: "failure",
  error: "failure",
  cancel: "cancelled",
};

function mapPipelineRun(event: CDEvent, eventType: string): MapResult {
  return content(pipelineRunFinishedContent, event, eventType, (c) => {
    const status = c.outcome && Object.hasOwn(OUTCOMES, c.outcome) ? OUTCOMES[c.outcome] : undefined;
    if (status === undefined) {
      return ignored(
        eventType,
        "missing_context",
        "pipelinerun.finished without an outcome Stride knows (success, failure, error, cancel)",
      );
    }
    const extra = custom(event);
    if (extra.repo === undefined || extra.sha === undefined) {
      return ignored(
        eventType,
        "missing_context",
        "pipelinerun.finished names no repository and commit: add customData {repo, sha} to record it as a build",
      );
    }
    return mapped(eventType, [
      defined({
        type: "build" as const,
        id: sourceId("cdevents", `${event.context.source}/pipelineruns/${event.subject.id}`),
        repo: extra.repo,
        sha: extra.sha,
        pipeline: clipName(c.pipelineName || event.subject.id),
        startedAt: extra.startedAt ?? event.context.timestamp,
        finishedAt: event.context.timestamp,
        status,
      }),
    ]);
  });
}

function mapIncident(event: CDEvent, eventType: string, settings: CdeventsSettings, resolved: boolean) {
  return content(incidentContent, event, eventType, (c) => {
    const extra = custom(event);
    const at = event.context.timestamp;
    return mapped(eventType, [
      defined({
        type: "incident" as const,
        id: sourceId("cdevents", `${event.subject.source || event.context.source}#${event.subject.id}`),
        services: c.service ? [serviceOf(c.service.id, settings.serviceMap)] : [],
        environment: clipName(c.environment.id),
        // detectedAt keeps the earliest value sent, so a resolution received alone still opens the incident.
        detectedAt: at,
        resolvedAt: resolved ? at : undefined,
        title: !resolved && c.description ? clip(c.description, 4096) : undefined,
        severity: !resolved && extra.severity ? clipName(extra.severity) : undefined,
        // The artifact running when it was detected: attributed to the deployment of that version (GUIDE §3).
        cause: !resolved && c.artifactId ? { version: artifactVersion(c.artifactId) } : undefined,
      }),
    ]);
  });
}
