import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { StrideError } from "../errors.js";

/**
 * The ingest token check of the API routes that write (/api/v1/events, /api/v1/connections): when a token is
 * configured, the request must send `Authorization: Bearer <token>`. Compared as digests, in constant time.
 */
export function authorize(request: FastifyRequest, token: string | undefined): void {
  if (token === undefined) return;
  const header = request.headers.authorization ?? "";
  const given = header.startsWith("Bearer ") ? header.slice(7) : "";
  const digest = (s: string) => createHash("sha256").update(s).digest();
  if (!timingSafeEqual(digest(given), digest(token))) {
    throw new StrideError(
      "unauthorized",
      "missing or wrong bearer token",
      "send Authorization: Bearer <STRIDE_INGEST_TOKEN>",
    );
  }
}
