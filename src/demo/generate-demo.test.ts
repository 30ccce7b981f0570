import { expect, test } from "vitest";
import { validateEvent } from "../domain/events/validate-event.js";
import { type DemoEvent, defaultDemoOptions, generateDemo } from "./generate-demo.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Deliberately not on a second or hour boundary: the generated period ends at the injected clock's now.
const end = Date.UTC(2026, 2, 4, 15, 37, 12, 345);
const options = { ...defaultDemoOptions, end };
const events = [...generateDemo(options)];

function ofType<K extends DemoEvent["type"]>(type: K): Extract<DemoEvent, { type: K }>[] {
  return events.filter((event): event is Extract<DemoEvent, { type: K }> => event.type === type);
}

const ms = (instant: string | number | undefined): number =>
  typeof instant === "string" ? Date.parse(instant) : Number.NaN;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) / 2;
  const low = sorted[Math.floor(rank)] ?? Number.NaN;
  const high = sorted[Math.ceil(rank)] ?? Number.NaN;
  return low + (high - low) * (rank - Math.floor(rank));
}

const deployments = ofType("deployment");
const production = deployments.filter((d) => d.environment === "production");
const incidents = ofType("incident");

test("the same seed yields the same organisation, another seed a different one", () => {
  expect([...generateDemo(options)]).toEqual(events);
  const other = [...generateDemo({ ...options, seed: 43 })];
  expect(other).not.toEqual(events);
  const shas = new Set(ofType("change").map((c) => c.sha));
  expect(other.filter((e) => e.type === "change").some((c) => shas.has(c.sha))).toBe(false);
});

test("teams and services come first, services spread over the teams", () => {
  const teams = events.slice(0, options.teams);
  const services = events.slice(options.teams, options.teams + options.services);
  expect(teams.every((e) => e.type === "team")).toBe(true);
  expect(services.every((e) => e.type === "service")).toBe(true);
  expect(ofType("team")).toHaveLength(options.teams);
  expect(ofType("service")).toHaveLength(options.services);
  const teamNames = new Set(ofType("team").map((t) => t.name));
  const owners = new Set(ofType("service").map((s) => s.team));
  expect(owners).toEqual(teamNames);
  for (const service of ofType("service")) {
    expect(service.repos).toEqual([`acme/${service.name}`]);
    expect(service.productionEnvironments).toEqual(["production"]);
  }
});

test("every event passes validateEvent and every instant is an ISO string with Z before the end", () => {
  const failures = events.map((e) => validateEvent(e)).filter((result) => !result.ok);
  expect(failures).toEqual([]);
  const instants = events.flatMap((event) =>
    Object.values(event).filter((v): v is string => typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v)),
  );
  expect(instants.length).toBeGreaterThan(events.length);
  expect(instants.filter((v) => !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(v))).toEqual([]);
  expect(instants.filter((v) => !(Date.parse(v) < end))).toEqual([]);
});

test("each change's parents are the repository's earlier commits (or its one pre-demo root)", () => {
  const byRepo = new Map<string, { shas: Set<string>; parents: Set<string> }>();
  for (const change of ofType("change")) {
    const repo = byRepo.get(change.repo) ?? { shas: new Set(), parents: new Set() };
    byRepo.set(change.repo, repo);
    expect(ms(change.authoredAt)).toBeLessThanOrEqual(ms(change.committedAt));
    expect(change.sha).toMatch(/^[0-9a-f]{40}$/);
    for (const parent of change.parents ?? []) repo.parents.add(parent);
    repo.shas.add(change.sha);
  }
  expect(byRepo.size).toBe(options.services);
  for (const { shas, parents } of byRepo.values()) {
    expect([...parents].filter((p) => !shas.has(p))).toHaveLength(1);
  }
});

test("deployments finish after they start, and one service's production deployments never overlap", () => {
  for (const d of deployments) expect(ms(d.finishedAt)).toBeGreaterThanOrEqual(ms(d.startedAt));
  for (const service of ofType("service")) {
    const own = production
      .filter((d) => d.service === service.name)
      .sort((a, b) => ms(a.startedAt) - ms(b.startedAt));
    for (let i = 1; i < own.length; i++) {
      expect(ms(own[i]?.startedAt)).toBeGreaterThanOrEqual(ms(own[i - 1]?.finishedAt));
    }
  }
  expect(new Set(deployments.map((d) => d.id)).size).toBe(deployments.length);
  expect(deployments.some((d) => d.environment === "staging")).toBe(true);
});

test("change lead times are positive, with a median between 2 hours and 5 days", () => {
  const committed = new Map(ofType("change").map((c) => [`${c.repo}@${c.sha}`, ms(c.committedAt)]));
  const shipped = new Set<string>();
  const leadTimes: number[] = [];
  const successful = production
    .filter((d) => d.status === "success")
    .sort((a, b) => ms(a.finishedAt) - ms(b.finishedAt));
  for (const deployment of successful) {
    for (const sha of deployment.changes ?? []) {
      const key = `${deployment.repo}@${sha}`;
      const at = committed.get(key);
      expect(at, `${key} shipped by ${deployment.id} is a generated change`).toBeDefined();
      if (at === undefined || shipped.has(key)) continue;
      shipped.add(key);
      leadTimes.push(ms(deployment.finishedAt) - at);
    }
  }
  expect(leadTimes.length).toBeGreaterThan(1000);
  expect(leadTimes.filter((t) => !(t > 0))).toEqual([]);
  const med = median(leadTimes);
  expect(med).toBeGreaterThan(2 * HOUR);
  expect(med).toBeLessThan(5 * DAY);
  // The long tail: some changes wait more than a week.
  expect(Math.max(...leadTimes)).toBeGreaterThan(7 * DAY);
});

test("there are failures, rollbacks to an earlier version, and hotfixes", () => {
  expect(production.filter((d) => d.status === "failure").length).toBeGreaterThan(0);
  const rollbacks = production.filter((d) => d.kind === "rollback");
  expect(rollbacks.length).toBeGreaterThan(0);
  for (const rollback of rollbacks) {
    const earlier = production.filter(
      (d) =>
        d.service === rollback.service &&
        d.status === "success" &&
        d.kind !== "rollback" &&
        ms(d.finishedAt) < ms(rollback.startedAt),
    );
    expect(earlier.map((d) => d.version)).toContain(rollback.version);
  }
  expect(production.filter((d) => d.kind === "hotfix").length).toBeGreaterThan(0);
  expect(ofType("build").some((b) => b.status === "failure")).toBe(true);
  expect(ofType("flag_change").length).toBeGreaterThan(0);
});

test("incidents are ordered in time, some still open, most caused by an earlier generated deployment", () => {
  const byId = new Map(deployments.map((d) => [d.id, d]));
  for (const incident of incidents) {
    const times = [incident.startedAt, incident.detectedAt, incident.acknowledgedAt, incident.resolvedAt];
    const present = times.filter((t) => t !== undefined).map(ms);
    expect(present).toEqual([...present].sort((a, b) => a - b));
    expect(incident.services).toHaveLength(1);
    expect(incident.severity).toMatch(/^sev[1-4]$/);
  }
  expect(incidents.filter((i) => i.resolvedAt === undefined).length).toBeGreaterThan(0);
  const caused = incidents.filter((i) => i.cause?.deployment !== undefined);
  expect(caused.length).toBeGreaterThan(incidents.length / 2);
  for (const incident of caused) {
    const cause = byId.get(incident.cause?.deployment ?? "");
    expect(cause, `${incident.id} names a generated deployment`).toBeDefined();
    expect(cause?.service).toBe(incident.services[0]);
    expect(cause?.environment).toBe("production");
    expect(cause?.status).toBe("success");
    expect(ms(cause?.finishedAt)).toBeLessThan(ms(incident.startedAt));
  }
  const resolved = incidents.filter((i) => i.resolvedAt !== undefined);
  const restore = median(resolved.map((i) => ms(i.resolvedAt) - ms(i.detectedAt)));
  expect(restore).toBeGreaterThan(15 * 60_000);
  expect(restore).toBeLessThan(3 * HOUR);
});

test("a large organisation streams: its first events come without generating the rest", () => {
  const large = generateDemo({ seed: 1, teams: 100, services: 1000, days: 365, end });
  const first: DemoEvent[] = [];
  for (const event of large) {
    first.push(event);
    if (first.length === 3000) break;
  }
  expect(first.filter((e) => e.type === "team")).toHaveLength(100);
  expect(first.filter((e) => e.type === "service")).toHaveLength(1000);
  expect(new Set(first.filter((e) => e.type === "service").map((e) => e.name)).size).toBe(1000);
  expect(first.some((e) => e.type === "change")).toBe(true);
});
