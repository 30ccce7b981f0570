import type { z } from "zod";
import { clip, clipName, serviceNamed, sourceId } from "../naming.js";
import { parsePayload, withPayload } from "../payload.js";
import { type Delivery, defined, ignored, type MapResult, mapped } from "../source.js";
import { envelope, incidentData, type PagerdutySettings } from "./payload-schema.js";

/**
 * PagerDuty v3 → Stride (docs/sources/pagerduty.md): incident.triggered, .acknowledged and .resolved update one
 * incident (`pagerduty:<incident id>`) of the service named like the PagerDuty service. Its detectedAt is the
 * incident's created_at; payloads without one use the event's time, and since detectedAt keeps the earliest value
 * sent (docs/events.md), a later acknowledgement cannot move it past the trigger.
 */
export function mapPagerduty(delivery: Delivery, settings: PagerdutySettings): MapResult {
  const head = parsePayload(envelope, delivery.body, "(unknown)");
  if (!head.ok) return head.result;
  const event = head.data.event;
  const eventType = clip(event.event_type, 128);
  if (eventType === "pagey.ping") {
    return ignored(
      eventType,
      "ping",
      "PagerDuty's test delivery: the subscription reaches Stride and its secret matches",
    );
  }
  if (!eventType.startsWith("incident.")) {
    return ignored(eventType, "event_not_used", `Stride reads incident events, not ${eventType}`);
  }
  const field = FIELDS[eventType];
  if (field === undefined) {
    return ignored(
      eventType,
      "action_not_used",
      `${eventType} changes nothing Stride stores (it reads incident.triggered, .acknowledged and .resolved)`,
    );
  }
  return withPayload(incidentData, event.data, eventType, (incident) =>
    mapIncident(incident, event.occurred_at, field, eventType, settings),
  );
}

const FIELDS: Record<string, "detectedAt" | "acknowledgedAt" | "resolvedAt" | undefined> = {
  "incident.triggered": "detectedAt",
  "incident.acknowledged": "acknowledgedAt",
  "incident.resolved": "resolvedAt",
};

function mapIncident(
  incident: z.output<typeof incidentData>,
  occurredAt: string,
  field: "detectedAt" | "acknowledgedAt" | "resolvedAt",
  eventType: string,
  settings: PagerdutySettings,
): MapResult {
  const severity = incident.priority?.summary ?? incident.urgency ?? undefined;
  return mapped(eventType, [
    defined({
      type: "incident" as const,
      id: sourceId("pagerduty", incident.id),
      services: [serviceNamed(incident.service.summary, settings.serviceMap)],
      title: incident.title ? clip(incident.title, 4096) : undefined,
      severity: severity ? clipName(severity) : undefined,
      detectedAt: incident.created_at ?? occurredAt,
      acknowledgedAt: field === "acknowledgedAt" ? occurredAt : undefined,
      resolvedAt: field === "resolvedAt" ? occurredAt : undefined,
    }),
  ]);
}
