import { z } from "zod";
import { idText, label, timestamp } from "../payload.js";
import { globList, sharedSettings } from "../settings.js";

/**
 * The Jira webhook fields Stride reads (https://developer.atlassian.com/cloud/jira/platform/webhooks/): an issue
 * event is `{timestamp, webhookEvent, issue: {id, self, key, fields}, changelog?}`.
 *
 * Timestamps come in several formats, all read by the shared `timestamp` type: `timestamp` is epoch milliseconds
 * (1485797534721); issue fields are ISO 8601 with a colon-less offset and milliseconds, in the site's time zone
 * (`2017-01-30T18:30:41.962+0100`) or UTC (`2020-01-01T10:00:00.000+0000`). A field without a zone is rejected.
 */

export const jiraSettings = z.strictObject({
  ...sharedSettings,
  /** issue types (names, `*` and `?` globs, case-insensitive) that are incidents; JSM names its own "[System] Incident" */
  incidentIssueTypes: globList.default(["Incident", "[System] Incident"]),
  /** labels `<prefix><name>` name services too, besides components (case-insensitive prefix) */
  serviceLabelPrefix: z.string().trim().min(1).max(64).default("service:"),
});
export type JiraSettings = z.output<typeof jiraSettings>;

export const envelope = z.object({ webhookEvent: z.string().min(1).max(128) });

const named = z.object({ name: label });

export const issuePayload = z.object({
  /** when Jira sent the event: the time of a status change the delivery reports */
  timestamp: timestamp.nullish(),
  issue: z.object({
    id: idText,
    /** the issue's REST URL: its host namespaces the issue id (two Jira sites both have issue 10000) */
    self: z.string().min(1).max(4096),
    key: z.string().min(1).max(256),
    fields: z.object({
      issuetype: named,
      summary: z.string().max(1_000_000).nullish(),
      created: timestamp,
      updated: timestamp.nullish(),
      resolutiondate: timestamp.nullish(),
      /** Jira Cloud: when the status last changed category (To Do → In Progress → Done) */
      statuscategorychangedate: timestamp.nullish(),
      status: z
        .object({
          name: z.string().max(1024).nullish(),
          /** new, indeterminate or done */
          statusCategory: z.object({ key: z.string().max(64) }).nullish(),
        })
        .nullish(),
      priority: named.nullish(),
      components: z.array(named).max(1000).nullish(),
      labels: z.array(z.string().max(1024)).max(1000).nullish(),
    }),
  }),
  changelog: z
    .object({
      items: z
        .array(z.object({ field: z.string().max(1024) }))
        .max(10_000)
        .nullish(),
    })
    .nullish(),
});
export type JiraIssuePayload = z.output<typeof issuePayload>;
