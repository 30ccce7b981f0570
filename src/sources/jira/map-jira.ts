import { clip, clipName, matchesGlob, serviceNamed, sourceId } from "../naming.js";
import { parsePayload, withPayload } from "../payload.js";
import { type Delivery, defined, ignored, type MapResult, mapped } from "../source.js";
import { envelope, issuePayload, type JiraIssuePayload, type JiraSettings } from "./payload-schema.js";

/**
 * Jira → Stride (docs/sources/jira.md): jira:issue_created and jira:issue_updated of an issue whose type is one of
 * the connection's incident issue types (default "Incident" and JSM's "[System] Incident") update one incident
 * (`jira:<site host>/<issue id>`):
 * - detectedAt: the issue's `created`;
 * - acknowledgedAt: when its status entered the In Progress category (`statuscategorychangedate` while it is there,
 *   else the event's time when this delivery's changelog changed the status); the earliest value sent stays;
 * - resolvedAt: its `resolutiondate`; without one, when its status entered the Done category (as above);
 * - services: its components, and its labels `service:<name>`, each through serviceMap.
 * Other events, and issues of other types, are ignored with a reason.
 */
export function mapJira(delivery: Delivery, settings: JiraSettings): MapResult {
  const head = parsePayload(envelope, delivery.body, "(unknown)");
  if (!head.ok) return head.result;
  const eventType = clip(head.data.webhookEvent, 128);
  switch (eventType) {
    case "jira:issue_created":
    case "jira:issue_updated":
      return withPayload(issuePayload, delivery.body, eventType, (p) => mapIssue(p, eventType, settings));
    case "jira:issue_deleted":
      return ignored(eventType, "action_not_used", "a deleted issue: the incident it recorded stays");
    default:
      return ignored(
        eventType,
        "event_not_used",
        `Stride does not read Jira ${clip(eventType, 64)} events (it reads jira:issue_created and jira:issue_updated)`,
      );
  }
}

function mapIssue(p: JiraIssuePayload, eventType: string, settings: JiraSettings): MapResult {
  const { issue } = p;
  const { fields } = issue;
  const type = fields.issuetype.name;
  if (!matchesGlob(type, settings.incidentIssueTypes)) {
    return ignored(
      eventType,
      "not_an_incident",
      `the issue's type "${clip(type, 64)}" is not an incident issue type (setting incidentIssueTypes: ${settings.incidentIssueTypes.join(", ") || "none"})`,
    );
  }
  const category = fields.status?.statusCategory?.key;
  const statusChanged = (p.changelog?.items ?? []).some((item) => item.field.toLowerCase() === "status");
  // When the status entered its current category: Jira Cloud says so; otherwise this delivery's status change does.
  const enteredCategoryAt =
    fields.statuscategorychangedate ?? (statusChanged ? p.timestamp : undefined) ?? undefined;
  const resolvedAt = fields.resolutiondate ?? (category === "done" ? enteredCategoryAt : undefined);
  const acknowledgedAt = category === "indeterminate" ? enteredCategoryAt : undefined;
  const summary = fields.summary?.trim();
  return mapped(eventType, [
    defined({
      type: "incident" as const,
      id: sourceId("jira", `${hostOf(issue.self)}/${issue.id}`),
      services: servicesOf(fields.components ?? [], fields.labels ?? [], settings),
      title: clip(summary ? `${issue.key} ${summary}` : issue.key, 4096),
      severity: fields.priority ? clipName(fields.priority.name) : undefined,
      detectedAt: fields.created,
      acknowledgedAt,
      resolvedAt,
      // the issue's own clock orders its deliveries, whatever order they arrive in
      updatedAt: fields.updated ?? undefined,
    }),
  ]);
}

/** The Jira site of an issue's REST URL (`zulipp.atlassian.net`); "jira" when the URL names none. */
function hostOf(self: string): string {
  try {
    return new URL(self).host || "jira";
  } catch {
    return "jira";
  }
}

/** Component names, then labels `service:<name>` (prefix: the serviceLabelPrefix setting), once each. */
export function servicesOf(
  components: readonly { name: string }[],
  labels: readonly string[],
  settings: JiraSettings,
): string[] {
  const prefix = settings.serviceLabelPrefix.toLowerCase();
  const names = [
    ...components.map((c) => c.name.trim()),
    ...labels.filter((l) => l.toLowerCase().startsWith(prefix)).map((l) => l.slice(prefix.length).trim()),
  ];
  const services: string[] = [];
  for (const name of names) {
    if (name === "") continue;
    const service = serviceNamed(name, settings.serviceMap);
    if (!services.includes(service)) services.push(service);
  }
  return services.slice(0, 100);
}
