import { defineSource } from "../source.js";
import { mapGitlab } from "./map-gitlab.js";
import { gitlabSettings } from "./payload-schema.js";
import { verifyGitlab } from "./verify-gitlab.js";

/** GitLab project and group webhooks (docs/sources/gitlab.md). */
export const gitlab = defineSource({
  name: "gitlab",
  title: "GitLab",
  secretScheme: "token",
  deliveryIdHeaders: ["x-gitlab-event-uuid", "idempotency-key"],
  eventTypeHeader: "x-gitlab-event",
  settings: gitlabSettings,
  verify: verifyGitlab,
  map: mapGitlab,
});
