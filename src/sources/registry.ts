import { azureDevops } from "./azure-devops/index.js";
import { bitbucket } from "./bitbucket/index.js";
import { bitbucketServer } from "./bitbucket-server/index.js";
import { cdevents } from "./cdevents/index.js";
import { circleci } from "./circleci/index.js";
import { gitea } from "./gitea/index.js";
import { github } from "./github/index.js";
import { gitlab } from "./gitlab/index.js";
import { jira } from "./jira/index.js";
import { opsgenie } from "./opsgenie/index.js";
import { pagerduty } from "./pagerduty/index.js";
import type { Source } from "./source.js";

/** Every source Stride takes webhooks from: one line per source folder. */
export const sources: readonly Source[] = [
  github,
  gitlab,
  pagerduty,
  cdevents,
  circleci,
  opsgenie,
  jira,
  bitbucket,
  bitbucketServer,
  azureDevops,
  gitea,
];

export function sourceNamed(name: string): Source | undefined {
  return sources.find((s) => s.name === name);
}
