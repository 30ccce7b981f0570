import type { z } from "zod";
import { clip, clipName, serviceNamed, sourceId } from "../naming.js";
import { parsePayload, withPayload } from "../payload.js";
import { type Delivery, defined, ignored, type MapResult, mapped } from "../source.js";
import { createPayload, envelope, type OpsgenieSettings, updatePayload } from "./payload-schema.js";

/**
 * Opsgenie → Stride (docs/sources/opsgenie.md): the alert actions Create, Acknowledge and Close update one incident
 * (`opsgenie:<alertId>`): detectedAt is the alert's createdAt; acknowledgedAt and resolvedAt the alert's updatedAt in
 * the Acknowledge and Close deliveries (nanoseconds, read exactly). Services are the alert's `service:<name>` tags,
 * each the Stride service of the same name unless serviceMap renames it; an alert without one is an incident of no
 * service yet ("needs mapping"). Every other action is ignored with a reason.
 */
export function mapOpsgenie(delivery: Delivery, settings: OpsgenieSettings): MapResult {
  const head = parsePayload(envelope, delivery.body, "(unknown)");
  if (!head.ok) return head.result;
  const action = clip(head.data.action, 128);
  const eventType = `alert.${action}`;
  switch (action) {
    case "Create":
      return withPayload(createPayload, delivery.body, eventType, (p) =>
        mapped(eventType, [incident(p.alert, settings, {})]),
      );
    case "Acknowledge":
      return withPayload(updatePayload, delivery.body, eventType, (p) =>
        mapped(eventType, [incident(p.alert, settings, { acknowledgedAt: p.alert.updatedAt })]),
      );
    case "Close":
      return withPayload(updatePayload, delivery.body, eventType, (p) =>
        mapped(eventType, [incident(p.alert, settings, { resolvedAt: p.alert.updatedAt })]),
      );
    case "UnAcknowledge":
      return ignored(
        eventType,
        "action_not_used",
        "an unacknowledgement: the first acknowledgement stays the incident's time to acknowledge",
      );
    case "Delete":
      return ignored(eventType, "action_not_used", "a deleted alert: the incident it recorded stays");
    default:
      return ignored(
        eventType,
        "action_not_used",
        `the ${clip(action, 64)} action changes nothing Stride stores (it reads Create, Acknowledge and Close)`,
      );
  }
}

type Alert = z.output<typeof createPayload>["alert"];

function incident(
  alert: Alert,
  settings: OpsgenieSettings,
  at: { acknowledgedAt?: string; resolvedAt?: string },
) {
  return defined({
    type: "incident" as const,
    id: sourceId("opsgenie", alert.alertId),
    services: servicesOf(alert.tags ?? [], settings),
    title: alert.message ? clip(alert.message, 4096) : undefined,
    severity: severityOf(alert.priority),
    detectedAt: alert.createdAt,
    acknowledgedAt: at.acknowledgedAt,
    resolvedAt: at.resolvedAt,
    // the alert's own clock orders its deliveries (an out-of-order Acknowledge never undoes a later Close's tags)
    updatedAt: alert.updatedAt ?? undefined,
  });
}

/** Tags `service:<name>` (the prefix is the serviceTagPrefix setting, case-insensitive), in order, once each. */
export function servicesOf(tags: readonly string[], settings: OpsgenieSettings): string[] {
  const prefix = settings.serviceTagPrefix.toLowerCase();
  const services: string[] = [];
  for (const tag of tags) {
    if (!tag.toLowerCase().startsWith(prefix)) continue;
    const name = tag.slice(prefix.length).trim();
    if (name === "") continue;
    const service = serviceNamed(name, settings.serviceMap);
    if (!services.includes(service)) services.push(service);
  }
  return services.slice(0, 100);
}

/** P1…P5 as Opsgenie shows it; older payloads send the number alone. */
function severityOf(priority: string | number | null | undefined): string | undefined {
  if (priority === undefined || priority === null || priority === "") return undefined;
  return clipName(typeof priority === "number" ? `P${priority}` : priority);
}
