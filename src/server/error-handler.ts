import type { FastifyError, FastifyInstance } from "fastify";
import { type ErrorBody, errorBody, httpStatusOf, isStrideError } from "../errors.js";

/** The HTTP mapping of the error catalogue: every error leaves as {error: {code, message, hint, field?}}. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = toErrorBody(error);
    const status = httpStatusOf(body.code);
    if (status >= 500) request.log.error({ err: error }, "request failed");
    else request.log.info({ code: body.code }, "request rejected");
    return reply.status(status).send({ error: body });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: errorBody(
        "not_found",
        `no route ${request.method} ${request.url.split("?")[0]}`,
        "see /api/openapi.json",
      ),
    }),
  );
}

function toErrorBody(error: FastifyError): ErrorBody {
  if (isStrideError(error)) return error.toBody();
  if (error.validation) {
    const first = error.validation[0];
    const extra = first?.keyword === "additionalProperties" ? first.params?.additionalProperty : undefined;
    if (extra !== undefined) {
      return errorBody(
        "unknown_filter",
        `unknown parameter "${String(extra)}"`,
        "see /api/openapi.json for this route's parameters",
        String(extra),
      );
    }
    const field =
      first?.instancePath.replace(/^\//, "").replaceAll("/", ".") || first?.params?.missingProperty;
    return errorBody(
      "invalid_request",
      error.message,
      "see /api/openapi.json for this route's parameters",
      field ? String(field) : undefined,
    );
  }
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return errorBody(
        "body_too_large",
        "the request body is over the size limit",
        "send smaller batches (STRIDE_MAX_BODY_BYTES raises the limit)",
      );
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return errorBody(
        "unsupported_media_type",
        error.message,
        "send Content-Type: application/json or application/x-ndjson",
      );
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return errorBody("empty_body", "the request body is empty", "send a JSON body");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return errorBody("invalid_json", error.message, "send valid JSON");
    default:
      if (error.statusCode !== undefined && error.statusCode < 500 && error.statusCode >= 400) {
        return errorBody("invalid_request", error.message, "see /api/openapi.json");
      }
      return errorBody(
        "internal_error",
        "an unexpected error occurred; it has been logged",
        "retry; if it persists, report it with the request id",
      );
  }
}
