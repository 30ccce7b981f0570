import { Agent, request } from "node:http";
import { benchBatch, benchEvent } from "./payloads.js";

/**
 * The load generator, run as its own process so it does not share the server's event loop.
 * argv: <url> <mode single|batch> <run id> <requests> <concurrency> [batch size]; prints {seconds, requests, events}.
 */
const [url = "", mode = "single", run = "r", total = "1000", concurrency = "16", size = "1000"] =
  process.argv.slice(2);
const target = new URL("/api/v1/events", url);
const agent = new Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const requests = Number(total);
const batchSize = Number(size);

function post(body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const bodies = Array.from({ length: requests }, (_, i) =>
  mode === "single" ? JSON.stringify(benchEvent(run, i)) : benchBatch(run, i, batchSize),
);
let next = 0;
let failed = 0;
const started = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (next < requests) {
      const body = bodies[next++] ?? "";
      const status = await post(body);
      if (status >= 300) failed++;
    }
  }),
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
agent.destroy();
process.stdout.write(
  JSON.stringify({ seconds, requests, failed, events: mode === "single" ? requests : requests * batchSize }),
);
