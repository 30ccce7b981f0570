import { clip } from "./naming.js";
import { ignored, type MapResult } from "./source.js";

/** The reasons code hosts' events are ignored, worded the same for every source. */

/**
 * An event type Stride does not read: names the tool's event and the source's page (docs/sources/<page>.md)
 * that lists the ones to enable (Azure DevOps: to subscribe to).
 */
export function eventNotUsed(
  eventType: string,
  tool: string,
  event: string,
  page: string,
  how = "enable",
): MapResult {
  return ignored(
    eventType,
    "event_not_used",
    `Stride does not read ${tool} ${clip(event, 64)} events (docs/sources/${page}.md lists the ones to ${how})`,
  );
}

/** A pull request event that changes nothing Stride stores (Bitbucket's pr events beyond the ones it reads). */
export function pullRequestActionNotUsed(eventType: string, event: string): MapResult {
  return ignored(
    eventType,
    "action_not_used",
    `${clip(event, 64)} changes nothing Stride stores about the pull request`,
  );
}
