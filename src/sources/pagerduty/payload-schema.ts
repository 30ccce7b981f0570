import { z } from "zod";
import { idText, label, timestamp } from "../payload.js";
import { sharedSettings } from "../settings.js";

/**
 * The PagerDuty v3 webhook fields Stride reads (https://developer.pagerduty.com/docs/webhooks-overview): an
 * envelope `{event: {id, event_type, occurred_at, data}}`, and for incident events the incident in `data`.
 */

export const pagerdutySettings = z.strictObject(sharedSettings);
export type PagerdutySettings = z.output<typeof pagerdutySettings>;

const word = z.string().max(128);

export const envelope = z.object({
  event: z.object({
    id: idText.nullish(),
    event_type: word,
    occurred_at: timestamp,
    data: z.unknown(),
  }),
});

export const incidentData = z.object({
  id: idText,
  title: z.string().max(1_000_000).nullish(),
  /** its `summary` is the service's name: the Stride service of the same name, unless serviceMap renames it */
  service: z.object({ summary: label }),
  urgency: word.nullish(),
  priority: z.object({ summary: label }).nullish(),
  /** present in current payloads; older ones (and the v3 examples) have only the event's occurred_at */
  created_at: timestamp.nullish(),
});
