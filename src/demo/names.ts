import type { Random } from "./random.js";

/** Names of the demo organisation "acme": teams, services, people, commit and incident titles. */

function list(...lines: string[]): string[] {
  return lines.flatMap((line) => line.split(", "));
}

const TEAMS = list(
  "Payments, Checkout, Identity, Search, Platform, Data Platform, Growth, Mobile, Fulfilment, Risk",
  "Catalog, Messaging, Billing, Developer Experience, Observability, Storefront, Logistics",
  "Partner Integrations, Trust and Safety, Pricing, Inventory, Analytics, Core API, Onboarding",
);

const SERVICE_STEMS = list(
  "checkout, payments, ledger, identity, search, catalog, inventory, shipping, notifications",
  "billing, pricing, orders, accounts, auth, recommendations, reviews, media, reporting, gateway",
  "profile, cart, invoices, fraud, loyalty",
);

const SERVICE_KINDS = list("api, service, worker, web, sync, scheduler, events, admin");

const FIRST_NAMES = list(
  "Alice, Bilal, Chen, Dana, Emeka, Fatima, Gustavo, Hana, Ines, Jonas, Kavya, Liam, Mei, Nadia",
  "Oskar, Priya, Quentin, Rosa, Sven, Tomás, Uma, Viktor, Wen, Yara, Zoe",
);

const LAST_NAMES = list(
  "Nguyen, Okafor, Schmidt, Rossi, Kowalski, Haddad, Tanaka, Silva, Johansson, Patel, Murphy",
  "Dubois, Novak, Garcia, Kim, Andersen, Mensah, Ivanova",
);

const VERBS = list("Add, Fix, Refactor, Remove, Update, Improve, Handle, Simplify, Document, Test");

const SUBJECTS = list(
  "pagination, rate limiting, cache invalidation, null check in request handler",
  "metrics for queue depth, error logging, input validation, database index on created_at",
  "timeout handling, retry backoff, config loading, auth middleware, webhook signature check",
  "CSV export, batch size, connection pool settings, JSON serialization, health check endpoint",
  "currency rounding, dependency versions",
);

const AREAS = ["", "", " in API", " in worker", " in client", " in tests", " for EU region", " in admin UI"];

const INCIDENTS = list(
  "elevated 5xx error rate, p99 latency above SLO, requests failing for some customers",
  "queue backlog growing, database CPU saturated, login failures after release",
  "memory leak causing restarts, stale data served from cache, webhook deliveries delayed",
  "partial outage in eu-west",
);

const FEATURES = list(
  "new-checkout-flow, async-export, smart-retries, search-ranking-v2, bulk-edit, fast-path-cache",
  "new-pricing-engine, streaming-responses, batch-writes, one-click-refunds",
);

/** `count` distinct team names; past the list, names get a number ("Payments 2"). */
export function teamNames(random: Random, count: number): string[] {
  return distinct(random.shuffle(TEAMS), count, " ");
}

/** `count` distinct service names such as "checkout-api"; past the combinations they get a number. */
export function serviceNames(random: Random, count: number): string[] {
  const combos = SERVICE_STEMS.flatMap((stem) => SERVICE_KINDS.map((kind) => `${stem}-${kind}`));
  // Prefer one service per stem before a stem's second kind, so small organisations look varied.
  const first = random.shuffle(SERVICE_STEMS.map((stem) => `${stem}-${random.pick(SERVICE_KINDS)}`));
  const rest = random.shuffle(combos.filter((name) => !first.includes(name)));
  return distinct([...first, ...rest], count, "-");
}

function distinct(names: readonly string[], count: number, separator: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < count; i++) {
    const round = Math.floor(i / names.length);
    const name = names[i % names.length] ?? "unnamed";
    result.push(round === 0 ? name : `${name}${separator}${round + 1}`);
  }
  return result;
}

/** The engineers of one team. */
export function authorPool(random: Random, size: number): string[] {
  const people = new Set<string>();
  while (people.size < size) people.add(`${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`);
  return [...people];
}

export function commitTitle(random: Random): string {
  return `${random.pick(VERBS)} ${random.pick(SUBJECTS)}${random.pick(AREAS)}`;
}

export function incidentTitle(random: Random): string {
  return random.pick(INCIDENTS);
}

export function featureFlag(random: Random, service: string): string {
  return `${service}.${random.pick(FEATURES)}`;
}

/** A branch name from a title: "Fix retry backoff" → "fix-retry-backoff". */
export function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
