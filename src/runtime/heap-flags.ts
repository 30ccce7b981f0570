import { setFlagsFromString } from "node:v8";

/**
 * V8 settings for a process that loads an organisation's data, set once at its start (the CLI, the server, the
 * benchmark's probe). Allocation-site pretenuring moves the objects of a site that once survived a collection
 * straight into the old generation; a load streams millions of short-lived rows through the same sites, and with
 * it on, hundreds of MB of dead rows waited there for a full collection: 715 MB against 489 at the same stage of a
 * large organisation's load (docs/decisions/0010-no-pretenuring.md). A runtime that refuses the flag runs with
 * V8's default: slower to give memory back, never wrong.
 */
export function setHeapFlags(): void {
  try {
    setFlagsFromString("--no-allocation-site-pretenuring");
  } catch {
    // V8 builds that freeze their flags after start: the default stays
  }
}
