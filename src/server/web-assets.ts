import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** The dashboard's built files (`vite build` → dist/web), read once at start and served from memory. */
export interface WebAsset {
  body: Buffer;
  /** present when gzip makes the file smaller */
  gzip: Buffer | undefined;
  contentType: string;
  etag: string;
  cacheControl: string;
}

export type WebAssets = ReadonlyMap<string, WebAsset>;

/** dist/web of the package, from src/server (tests) and dist/server (built) alike. */
export const defaultWebDir = fileURLToPath(new URL("../../dist/web/", import.meta.url));

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".svg", ".json", ".txt"]);
/** Vite names bundles `assets/<name>-<hash>.<ext>`: their content never changes under that name. */
const HASHED = /^\/assets\/.+-[\w-]{8,}\.\w+$/;

const loaded = new Map<string, { builtAt: number; assets: WebAssets }>();

/**
 * Every file under `dir` (undefined when there is no index.html there: the dashboard is not built). Read once per
 * build of the directory, so the many apps a test run builds share it.
 */
export function loadWebAssets(dir: string = defaultWebDir): WebAssets | undefined {
  const indexFile = join(dir, "index.html");
  if (!existsSync(indexFile)) return undefined;
  const builtAt = statSync(indexFile).mtimeMs;
  const cached = loaded.get(dir);
  if (cached?.builtAt === builtAt) return cached.assets;
  const assets = readAll(dir);
  loaded.set(dir, { builtAt, assets });
  return assets;
}

function readAll(dir: string): WebAssets {
  const assets = new Map<string, WebAsset>();
  for (const file of walk(dir)) {
    const path = `/${relative(dir, file).split(sep).join("/")}`;
    const ext = extname(file);
    const body = readFileSync(file);
    const zipped = COMPRESSIBLE.has(ext) ? gzipSync(body, { level: 9 }) : undefined;
    assets.set(path, {
      body,
      gzip: zipped !== undefined && zipped.length < body.length ? zipped : undefined,
      contentType: contentTypes[ext] ?? "application/octet-stream",
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
      cacheControl: HASHED.test(path) ? "public, max-age=31536000, immutable" : "no-cache",
    });
  }
  return assets;
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else yield full;
  }
}
