import { existsSync, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateDemo } from "../demo/generate-demo.js";
import { scenarioEvents } from "../domain/metrics/scenario.fixture.js";
import { type Browser, launchChromium } from "../testing/browser.js";
import { freshSqliteUrl } from "../testing/test-databases.js";
import { startTestServer, type TestServer } from "../testing/test-server.js";

/**
 * The dashboard in a real Chromium (the distribution's, via playwright-core) against a real Stride server over a
 * real SQLite database, seeded through POST /api/v1/events: a small demo organisation plus the hand-checked
 * scenario week (service "api", team "core"). Every number checked here is compared with the API's own answer.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SHOTS = join(ROOT, "test-output", "screenshots");
const WINDOW = "from=2026-02-09&to=2026-03-10";
const XSS_TITLE = `<script>window.__strideXss = 1</script><img src=x onerror="window.__strideXss = 2"> db down`;

let server: TestServer;
let browser: Browser;
let page: Page;
/** Uncaught errors and Content-Security-Policy violations in the page, over the whole file. */
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(ROOT, "dist", "web", "index.html")))
    throw new Error("the dashboard is not built: run `npm run build` before the browser tests");
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer(freshSqliteUrl());
  const demo = [
    ...generateDemo({ seed: 7, teams: 2, services: 4, days: 40, end: Date.parse("2026-03-10T00:00:00Z") }),
  ];
  const xss = {
    type: "incident",
    id: "xss-1",
    services: ["api"],
    severity: "sev1",
    title: XSS_TITLE,
    detectedAt: "2026-03-08T12:00:00Z",
  };
  for (let i = 0; i < demo.length; i += 5000) await post(demo.slice(i, i + 5000));
  await post([...scenarioEvents(), xss]);
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Uncaught/i.test(m.text())) pageErrors.push(m.text());
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function post(events: unknown): Promise<void> {
  const res = await fetch(`${server.url}/api/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(events),
  });
  const body = (await res.json()) as { rejected?: number };
  expect(res.status, JSON.stringify(body).slice(0, 500)).toBeLessThan(300);
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

interface MetricsDoc {
  window: { from: string; to: string };
  benchmark: { benchmark: string };
  tiers: Record<string, string | null>;
  metrics: {
    deploymentFrequency: { count: number; perDay: number };
    leadTime: { medianSeconds: number | null };
    changeFailureRate: { rate: number | null };
    recoveryTime: { medianSeconds: number | null };
    reworkRate: { rate: number | null };
    leadTimeBreakdown: Record<string, { medianSeconds: number | null } | string | null> & {
      slowest: string | null;
    };
  };
}

/** Everything loaded and drawn: no loading notice left, a canvas in every chart. */
async function settled(): Promise<void> {
  // A string runs in the page, whose globals this Node program's types do not include; polled from here, because
  // waitForFunction would evaluate it with eval, which the page's Content-Security-Policy forbids.
  const ready = `!document.querySelector(".loading") &&
    [...document.querySelectorAll(".chart-box")].every((box) => box.querySelector("canvas") !== null)`;
  await expect.poll(() => page.evaluate(ready), { timeout: 10_000, interval: 50 }).toBe(true);
}

async function tileValue(metric: string): Promise<number | null> {
  const raw = await page.getAttribute(`[data-testid="value-${metric}"] [data-value]`, "data-value");
  return raw === null || raw === "" ? null : Number(raw);
}

async function expectTilesEqual(doc: MetricsDoc): Promise<void> {
  const m = doc.metrics;
  expect(await tileValue("deploymentFrequency")).toBeCloseTo(m.deploymentFrequency.perDay, 10);
  expect(await tileValue("leadTime")).toBe(m.leadTime.medianSeconds);
  expect(await tileValue("changeFailureRate")).toBe(m.changeFailureRate.rate);
  expect(await tileValue("recoveryTime")).toBe(m.recoveryTime.medianSeconds);
  expect(await tileValue("reworkRate")).toBe(m.reworkRate.rate);
  for (const metric of ["deploymentFrequency", "leadTime", "changeFailureRate", "recoveryTime"]) {
    const tier = doc.tiers[metric];
    const badge = page.locator(`[data-testid="tile-${metric}"] .tier`);
    expect((await badge.textContent())?.toLowerCase()).toBe(tier ?? "no tier");
  }
}

/**
 * Text whose contrast with its background is under WCAG AA (4.5:1, or 3:1 for large text): every element with
 * text of its own, its colour against the first opaque background behind it. Runs in the page (a string: see
 * settled()).
 */
const LOW_CONTRAST = `(() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const bad = [];
  for (const el of document.querySelectorAll("body *")) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== "")) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || el.getClientRects().length === 0 || el.closest(".sr-only, .skip, option")) continue;
    const [a, b] = [lum(rgb(style.color).slice(0, 3)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) bad.push(el.tagName + "." + el.className + " " + ratio.toFixed(2) + ": " + el.textContent.trim().slice(0, 40));
  }
  return bad.slice(0, 10);
})()`;

/** Each view in both themes, at 1280×720 and at phone width, for review; text contrast checked in each. */
async function screenshots(name: string): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [device, width, height] of [
      ["desktop", 1280, 720],
      ["phone", 390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(100); // charts follow their box on the next frames
      await settled();
      expect(await page.evaluate("document.documentElement.dataset.theme")).toBe(scheme);
      expect(await page.evaluate(LOW_CONTRAST), `${name} ${scheme} ${device}`).toEqual([]);
      if (device === "phone") {
        // Readable at phone width: the page itself never scrolls sideways (wide tables scroll in their own box).
        expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
      }
      await page.screenshot({ path: join(SHOTS, `${name}-${scheme}-${device}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 720 });
}

describe("dashboard in Chromium", () => {
  test("a new installation: the empty state says exactly how to send data", async () => {
    const empty = await startTestServer(freshSqliteUrl());
    try {
      await page.goto(`${empty.url}/`);
      const help = page.locator('[data-testid="empty-state"]');
      await help.waitFor();
      const text = await help.textContent();
      expect(text).toContain(`curl -X POST ${empty.url}/api/v1/events`);
      expect(text).toContain("stride import git");
      expect(await help.locator('a[href="/docs/events.md"]').count()).toBe(1);
      await screenshots("empty");
    } finally {
      await empty.close();
    }
  });

  test("executive view: tiles equal the API; a filter changes the URL and the numbers; drill-down opens the events", async () => {
    await page.goto(`${server.url}/?${WINDOW}`);
    await page.waitForSelector('[data-testid="tiles"][data-state="ready"]');
    const org = await api<MetricsDoc>(`/api/v1/metrics?${WINDOW}`);
    await expectTilesEqual(org);
    expect(await page.textContent('[data-testid="benchmark"]')).toContain(`DORA ${org.benchmark.benchmark}`);
    await settled();
    await screenshots("executive");

    // A filter: the URL carries it, and the numbers become the team's.
    const team = (await api<{ items: { name: string }[] }>("/api/v1/teams")).items[0]?.name;
    expect(team).toBeDefined();
    await page.getByLabel("Team", { exact: true }).selectOption(team ?? "");
    await page.waitForURL((url) => url.searchParams.get("team") === team);
    await page.waitForSelector('[data-testid="tiles"][data-state="ready"]');
    const scoped = await api<MetricsDoc>(`/api/v1/metrics?team=${encodeURIComponent(team ?? "")}&${WINDOW}`);
    expect(scoped.metrics.deploymentFrequency.count).not.toBe(org.metrics.deploymentFrequency.count);
    await expect
      .poll(() => tileValue("deploymentFrequency"))
      .toBeCloseTo(scoped.metrics.deploymentFrequency.perDay, 10);
    await expectTilesEqual(scoped);

    // Drill-down, by keyboard: Tab reaches the deployment-frequency number, Enter opens exactly its deployments.
    await page.focus("body");
    let focused = false;
    for (let i = 0; i < 60 && !focused; i++) {
      await page.keyboard.press("Tab");
      focused = Boolean(
        await page.evaluate(`document.activeElement?.dataset?.testid === "value-deploymentFrequency"`),
      );
    }
    expect(focused).toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/events\/deploymentFrequency\?/);
    await page.waitForSelector('[data-testid="events-total"]');
    const events = await api<{ total: number; events: { id: string }[] }>(
      `/api/v1/metrics/deploymentFrequency/events?team=${encodeURIComponent(team ?? "")}&from=${scoped.window.from}&to=${scoped.window.to}&limit=100`,
    );
    expect(Number(await page.getAttribute('[data-testid="events-total"]', "data-value"))).toBe(events.total);
    expect(events.total).toBe(scoped.metrics.deploymentFrequency.count);
    const ids = await page
      .locator('[data-testid="table-events-deploymentFrequency"] tbody tr td:first-child')
      .allTextContents();
    expect(ids).toEqual(events.events.map((e) => e.id));
    await screenshots("drill-down");

    // CSV: every event behind the number, not only the page shown.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click('[data-testid="csv-events-deploymentFrequency"]'),
    ]);
    const csv = (await readFile(await download.path(), "utf8"))
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(csv[0]).toMatch(/^deployment,service,environment,/);
    expect(csv.length - 1).toBe(events.total);
    expect(csv.slice(1).map((line) => line.split(",")[0])).toContain(events.events[0]?.id);
    // Back and forward keep working: the filters live in the URL.
    await page.goBack();
    await page.waitForSelector('[data-testid="tiles"][data-state="ready"]');
    expect(new URL(page.url()).searchParams.get("team")).toBe(team);
  });

  test("on-call view: a deployment posted now appears in the live stream within 2 s; HTML in titles stays text", async () => {
    await page.goto(`${server.url}/on-call?${WINDOW}`);
    await page.waitForSelector('[data-testid="live-status"][data-status="live"]');
    await settled();

    // The seeded incident's title is shown as the text it is; neither its script nor its onerror ran.
    const incidents = page.locator('[data-testid="table-open-incidents"]');
    await expect.poll(() => incidents.textContent()).toContain("<script>window.__strideXss = 1</script>");
    expect(await page.evaluate("window.__strideXss")).toBeUndefined();
    expect(
      await page
        .locator('[data-testid="table-open-incidents"] script, [data-testid="table-open-incidents"] img')
        .count(),
    ).toBe(0);
    // Open incidents have their runbook: the demo's services register one.
    const open = await api<{ items: { services: string[] }[] }>("/api/v1/incidents?open=true&limit=1000");
    expect(await page.locator('[data-testid="table-open-incidents"] tbody tr').count()).toBe(
      open.items.length,
    );

    const id = `live-${Date.now()}`;
    const posted = Date.now();
    await post({
      type: "deployment",
      id,
      service: "api",
      environment: "production",
      status: "success",
      finishedAt: new Date().toISOString(),
      version: "9.9.9",
    });
    await page.waitForSelector(`[data-testid="table-live-deployments"] tr.fresh >> text=${id}`, {
      timeout: 2000,
    });
    expect(Date.now() - posted).toBeLessThan(2000);

    // Failed deployments: as many as the change failure rate counts in the same window.
    const cfr = await api<MetricsDoc & { metrics: { changeFailureRate: { failed: number } } }>(
      `/api/v1/metrics?${WINDOW}`,
    );
    expect(await page.textContent('[data-testid="table-failed-deployments"] caption')).toContain(
      `(CSV: all ${cfr.metrics.changeFailureRate.failed})`,
    );
    await screenshots("on-call");
  });

  test("deployment view: what it shipped and why, the incident blamed on it, CI runs, neighbours", async () => {
    await page.goto(`${server.url}/deployments/d2`);
    await page.waitForSelector('[data-testid="deployment-view"]');
    await settled();
    const links = await api<{
      changes: { sha: string; leadTimeSeconds: number }[];
      incidents: { id: string; attribution: { method: string; evidence: string } }[];
      previous: { id: string } | null;
      next: { id: string } | null;
    }>("/api/v1/deployments/d2/links");
    const changeRows = page.locator('[data-testid="table-shipped-changes"] tbody tr');
    expect(await changeRows.count()).toBe(links.changes.length);
    const leadTimes = await page
      .locator('[data-testid="table-shipped-changes"] tbody tr td [data-value]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-value"))));
    expect(leadTimes).toEqual(links.changes.map((c) => c.leadTimeSeconds));
    const blamed = await page.textContent('[data-testid="table-blamed-incidents"]');
    for (const i of links.incidents) {
      expect(blamed).toContain(i.attribution.method);
      expect(blamed).toContain(i.attribution.evidence);
    }
    const builds = await api<{ items: unknown[] }>(`/api/v1/builds?sha=${links.changes[0]?.sha}`);
    expect(builds.items.length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="table-ci-runs"] tbody tr').count()).toBe(builds.items.length);
    const neighbours = await page.textContent('[data-testid="neighbours"]');
    expect(neighbours).toContain(links.previous?.id ?? "none");
    expect(neighbours).toContain(links.next?.id ?? "none");
    await screenshots("deployment");
  });

  test("value-stream view: stage medians equal the API's, the slowest stage is marked", async () => {
    const query = "service=api&from=2026-03-02&to=2026-03-09";
    await page.goto(`${server.url}/value-stream?${query}`);
    await page.waitForSelector('[data-testid="flow"]');
    await settled();
    const doc = await api<MetricsDoc>(`/api/v1/metrics?${query}`);
    const b = doc.metrics.leadTimeBreakdown;
    for (const stage of ["coding", "pickup", "review", "deploy"]) {
      const raw = await page.getAttribute(`[data-testid="stage-${stage}"] [data-value]`, "data-value");
      const expected = (b[stage] as { medianSeconds: number | null }).medianSeconds;
      expect(raw === "" ? null : Number(raw)).toBe(expected);
    }
    expect(b.slowest).not.toBeNull();
    expect(await page.getAttribute(`[data-testid="stage-${b.slowest}"]`, "class")).toContain("stage-slowest");
    await screenshots("value-stream");
  });

  test("bad input: broken URLs say what is wrong and offer a way back; API errors say what failed", async () => {
    await page.goto(`${server.url}/?team=Nope&from=2026-02-31&bucket=year`);
    const bad = page.locator('[data-testid="bad-url"]');
    await bad.waitFor();
    const text = await bad.textContent();
    expect(text).toContain('No team named "Nope"');
    expect(text).toContain('from "2026-02-31" is not a date');
    expect(text).toContain('bucket "year"');
    await screenshots("bad-url");
    await page.click("text=Remove “team”");
    await page.waitForURL((url) => !url.searchParams.has("team"));
    await page.click("text=Show this view without filters");
    await page.waitForSelector('[data-testid="tiles"][data-state="ready"]');

    // Valid-looking dates the API refuses (a window over the limit): the API's error is shown, with the request.
    await page.goto(`${server.url}/?from=2020-01-01&to=2026-01-01`);
    const error = page.locator('[data-testid="error-panel"]').first();
    await error.waitFor();
    expect(await error.textContent()).toContain("window_too_large");
    expect(await error.textContent()).toContain("GET /api/v1/metrics?");

    await page.goto(`${server.url}/events/noSuchMetric`);
    await page.locator('[data-testid="error-panel"]').waitFor();
    expect(await page.textContent('[data-testid="error-panel"]')).toContain("unknown_metric");

    await page.goto(`${server.url}/no/such/page`);
    await page.locator('[data-testid="not-found"]').waitFor();

    await page.goto(`${server.url}/deployments/no-such-deployment`);
    await page.locator('[data-testid="error-panel"]').waitFor();
    expect(await page.textContent('[data-testid="error-panel"]')).toContain("not_found");
    await page.click("text=Choose another deployment");
    await page.waitForURL((url) => url.pathname === "/deployments");
  });

  test("no page error and no Content-Security-Policy violation on any view", () => {
    expect(pageErrors).toEqual([]);
  });
});
