#!/bin/sh
# Reports one deployment to Stride from a Jenkins pipeline (docs/sources/jenkins.md). Needs curl.
# Required: STRIDE_URL, STRIDE_TOKEN, STRIDE_SERVICE, STRIDE_STATUS (success | failure | cancelled).
# Optional: STRIDE_ENVIRONMENT (default production), STRIDE_STARTED_AT and STRIDE_FINISHED_AT (ISO 8601 with a
# zone; the finish defaults to now), and Jenkins' own
# GIT_COMMIT, GIT_URL, BUILD_TAG (the deployment's id, so a retried post is a duplicate, not a second deployment).
set -eu
: "${STRIDE_URL:?set STRIDE_URL, e.g. https://stride.example.com}"
: "${STRIDE_TOKEN:?set STRIDE_TOKEN (a Jenkins secret text credential)}"
: "${STRIDE_SERVICE:?set STRIDE_SERVICE, the service this pipeline deploys}"
: "${STRIDE_STATUS:?set STRIDE_STATUS: success, failure or cancelled}"

field() { # a JSON field, or nothing when the value is empty; values are escaped for JSON strings
  [ -n "$2" ] || return 0
  printf ',"%s":"%s"' "$1" "$(printf '%s' "$2" | sed 's/\\/\\\\/g; s/"/\\"/g')"
}

body="{\"type\":\"deployment\",\"status\":\"$STRIDE_STATUS\""
body="$body$(field id "${BUILD_TAG:-}")"
body="$body$(field service "$STRIDE_SERVICE")"
body="$body$(field environment "${STRIDE_ENVIRONMENT:-production}")"
body="$body$(field startedAt "${STRIDE_STARTED_AT:-}")"
body="$body$(field finishedAt "${STRIDE_FINISHED_AT:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}")"
body="$body$(field sha "${GIT_COMMIT:-}")"
body="$body$(field repo "${GIT_URL:-}")}"

curl --fail-with-body --silent --show-error --max-time 10 \
  -H "Authorization: Bearer $STRIDE_TOKEN" -H 'Content-Type: application/json' \
  --data "$body" "${STRIDE_URL%/}/api/v1/events"
