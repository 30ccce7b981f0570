import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";

/**
 * The sources bench's load generator, in its own process so it does not share the server's event loop.
 * argv: <url> <file of requests, one JSON {path, headers, body} per line> <concurrency>; prints {seconds, requests, failed}.
 */
const [url = "", file = "", concurrency = "16"] = process.argv.slice(2);
const agent = new Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const requests = readFileSync(file, "utf8")
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => JSON.parse(line) as { path: string; headers: Record<string, string>; body: string });

function post(r: { path: string; headers: Record<string, string>; body: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(r.path, url),
      { method: "POST", agent, headers: { ...r.headers, "content-length": Buffer.byteLength(r.body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(r.body);
  });
}

let next = 0;
let failed = 0;
const started = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (next < requests.length) {
      const r = requests[next++];
      if (r === undefined) break;
      const status = await post(r);
      if (status >= 300) failed++;
    }
  }),
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
agent.destroy();
process.stdout.write(JSON.stringify({ seconds, requests: requests.length, failed }));
