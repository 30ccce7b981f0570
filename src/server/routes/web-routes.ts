import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { WebAsset, WebAssets } from "../web-assets.js";

const DOCS_DIR = fileURLToPath(new URL("../../../docs/", import.meta.url));
const DOC_NAME = /^\/docs\/([a-z0-9-]+\.md)$/;

/**
 * The dashboard's single page: built files from memory; any other path that is not the API (a view such as
 * /on-call or /deployments/<id>) gets index.html, and the page routes itself. docs/*.md are served as text so the
 * dashboard's "how to send data" links work offline.
 */
export async function webRoutes(app: FastifyInstance, assets: WebAssets): Promise<void> {
  const index = assets.get("/index.html");
  if (index === undefined) throw new Error("web assets without index.html");

  app.get("/*", { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (path.startsWith("/api/")) return reply.callNotFound();
    const doc = DOC_NAME.exec(path)?.[1];
    if (doc !== undefined) return sendDoc(doc, reply);
    const asset = assets.get(path);
    if (asset !== undefined && path !== "/index.html") return send(request, reply, asset);
    // A missing file (it has an extension) is a 404, not the page.
    if (/\.[\w]+$/.test(path)) return reply.callNotFound();
    return send(request, reply, index, true);
  });
}

function send(request: FastifyRequest, reply: FastifyReply, asset: WebAsset, page = false): FastifyReply {
  reply
    .header("content-type", asset.contentType)
    .header("cache-control", asset.cacheControl)
    .header("etag", asset.etag)
    .header("vary", "accept-encoding")
    .header("x-content-type-options", "nosniff");
  if (page) {
    reply
      .header(
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
          "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      )
      .header("referrer-policy", "same-origin");
  }
  if (request.headers["if-none-match"] === asset.etag) return reply.status(304).send();
  const gzip = asset.gzip !== undefined && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
  if (gzip) reply.header("content-encoding", "gzip");
  return reply.send(gzip ? asset.gzip : asset.body);
}

async function sendDoc(name: string, reply: FastifyReply): Promise<FastifyReply> {
  const text = await readFile(`${DOCS_DIR}${name}`, "utf8").catch(() => undefined);
  if (text === undefined) {
    reply.callNotFound();
    return reply;
  }
  return reply.type("text/plain; charset=utf-8").header("cache-control", "no-cache").send(text);
}
