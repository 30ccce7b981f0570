import { writeFileSync } from "node:fs";
import { eventsJsonSchema } from "../domain/events/json-schema.js";

// `npm run schema`: regenerates schema/events.schema.json (a test fails when it is stale).
writeFileSync("schema/events.schema.json", `${JSON.stringify(eventsJsonSchema(), null, 2)}\n`);
