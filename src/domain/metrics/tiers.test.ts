import { describe, expect, test } from "vitest";
import {
  type Benchmark,
  benchmarks,
  benchmarkTable,
  changeFailureRateTier,
  type DeploymentCategory,
  defaultBenchmark,
  deploymentCategories,
  deploymentCategory,
  deploymentFrequencyTier,
  isBenchmark,
  leadTimeTier,
  overallTier,
  recoveryTimeTier,
  type Tier,
} from "./tiers.js";

const HOUR = 3_600;
const DAY = 86_400;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const SIX_MONTHS = 180 * DAY;

/** `n` deploy days with `count` deployments each */
const days = (n: number, count = 1): number[] => Array.from({ length: n }, () => count);

describe("deploymentCategory", () => {
  test("no deploys is 'fewer', whatever the window", () => {
    expect(deploymentCategory([], 30)).toBe("fewer");
    expect(deploymentCategory([], 1)).toBe("fewer");
    expect(deploymentCategory([0, 0, Number.NaN], 7)).toBe("fewer");
  });

  test.each([
    // [window, deploy days, expected]: each boundary exactly, and one deploy day below it
    [7, 3, "daily"], // 3 deploy days / week, exactly
    [7, 2, "weekly"],
    [7, 1, "weekly"], // 1 deploy day / week, exactly
    [28, 12, "daily"], // 12 / 4 weeks = 3 / week, exactly
    [28, 11, "weekly"],
    [28, 4, "weekly"], // 1 / week, exactly
    [28, 3, "monthly"],
    [28, 1, "monthly"],
    [30, 13, "daily"], // 3.03 / week
    [30, 12, "weekly"], // 2.8 / week
    [30, 5, "weekly"], // 1.17 / week
    [30, 4, "monthly"], // 0.93 / week
    [30, 1, "monthly"], // 1 per 30 days, exactly
    [90, 39, "daily"], // 3.03 / week
    [90, 38, "weekly"], // 2.96 / week
    [90, 13, "weekly"], // 1.01 / week
    [90, 12, "monthly"], // 0.93 / week
    [90, 3, "monthly"], // 1 per 30 days, exactly
    [90, 2, "fewer"],
    [365, 12, "fewer"], // 0.99 per 30 days
    [365, 13, "monthly"],
  ] as const)("window %d days, %d deploy days → %s", (windowDays, deployDays, expected) => {
    expect(deploymentCategory(days(deployDays), windowDays)).toBe(expected);
  });

  test("on-demand needs more than one deploy on more than half of the deploy days, at a daily cadence", () => {
    expect(deploymentCategory([2, 2, 2, 1], 7)).toBe("on-demand"); // 3 of 4
    expect(deploymentCategory([2, 2, 1], 7)).toBe("on-demand"); // 2 of 3
    expect(deploymentCategory([2, 2, 1, 1], 7)).toBe("daily"); // exactly half is not most
    expect(deploymentCategory([9, 1, 1], 7)).toBe("daily");
    expect(deploymentCategory(days(12, 2), 28)).toBe("on-demand");
    expect(deploymentCategory(days(11, 20), 28)).toBe("weekly"); // bursts, but below 3 deploy days a week
    expect(deploymentCategory(days(1, 50), 90)).toBe("fewer"); // deploy days count, not deployments
  });

  test("windows shorter than a week scale: the same per-day rates", () => {
    expect(deploymentCategory([1], 1)).toBe("daily"); // 7 deploy days / week
    expect(deploymentCategory([3], 1)).toBe("on-demand");
    expect(deploymentCategory([1], 2)).toBe("daily"); // 3.5 / week
    expect(deploymentCategory([1], 3)).toBe("weekly"); // 2.33 / week
    expect(deploymentCategory([1, 1], 3)).toBe("daily"); // 4.67 / week
    expect(deploymentCategory([2, 1], 3)).toBe("daily"); // half of the deploy days is not most
    expect(deploymentCategory([1], 0.5)).toBe("daily");
  });

  test("a window must be a positive, finite number of days", () => {
    for (const bad of [0, -7, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => deploymentCategory([1], bad)).toThrow(RangeError);
    }
  });
});

describe("deploymentFrequencyTier", () => {
  const expected: Record<Benchmark, Record<DeploymentCategory, Tier>> = {
    "2021": { "on-demand": "elite", daily: "high", weekly: "high", monthly: "high", fewer: "low" },
    "2023": { "on-demand": "elite", daily: "high", weekly: "high", monthly: "medium", fewer: "low" },
    "2024": { "on-demand": "elite", daily: "high", weekly: "high", monthly: "medium", fewer: "low" },
  };
  test.each(benchmarks.flatMap((b) => deploymentCategories.map((c) => [b, c, expected[b][c]] as const)))(
    "%s: %s → %s",
    (benchmark, category, tier) => {
      expect(deploymentFrequencyTier(category, benchmark)).toBe(tier);
    },
  );
});

describe("leadTimeTier", () => {
  const modern: [number, Tier][] = [
    [0, "elite"],
    [DAY - 1, "elite"],
    [DAY, "high"], // < 1 day is elite, so exactly 1 day is high
    [WEEK - 1, "high"],
    [WEEK, "medium"],
    [MONTH - 1, "medium"],
    [MONTH, "low"],
    [SIX_MONTHS * 2, "low"],
    [Number.POSITIVE_INFINITY, "low"],
  ];
  const cases: Record<Benchmark, [number, Tier][]> = {
    "2021": [
      [0, "elite"],
      [HOUR - 1, "elite"],
      [HOUR, "high"],
      [DAY, "high"],
      [WEEK - 1, "high"],
      [WEEK, "medium"],
      [MONTH, "medium"],
      [SIX_MONTHS - 1, "medium"],
      [SIX_MONTHS, "low"],
    ],
    "2023": modern,
    "2024": modern,
  };
  test.each(benchmarks.flatMap((b) => cases[b].map(([s, t]) => [b, s, t] as const)))(
    "%s: %d s → %s",
    (benchmark, seconds, tier) => {
      expect(leadTimeTier(seconds, benchmark)).toBe(tier);
    },
  );
});

describe("changeFailureRateTier", () => {
  const cases: Record<Benchmark, [number, Tier][]> = {
    "2021": [
      [0, "elite"],
      [0.15, "elite"],
      [3 / 20, "elite"],
      [0.1501, "high"],
      [0.2, "high"],
      [1 / 5, "high"],
      [0.2001, "medium"],
      [0.3, "medium"],
      [3 / 10, "medium"],
      [0.3001, "low"],
      [1, "low"],
    ],
    "2023": [
      [0, "elite"],
      [0.05, "elite"],
      [1 / 20, "elite"],
      [0.0501, "high"],
      [0.1, "high"],
      [2 / 20, "high"],
      [0.1001, "medium"],
      [0.15, "medium"],
      [3 / 20, "medium"],
      [0.1501, "low"],
      [1, "low"],
    ],
    "2024": [
      [0, "elite"],
      [0.05, "elite"],
      [0.0501, "high"],
      [0.1, "high"],
      [0.1001, "medium"],
      [0.15, "medium"],
      [0.2, "medium"],
      [4 / 20, "medium"],
      [0.2001, "low"],
      [0.4, "low"],
      [1, "low"],
    ],
  };
  test.each(benchmarks.flatMap((b) => cases[b].map(([r, t]) => [b, r, t] as const)))(
    "%s: %d → %s",
    (benchmark, rate, tier) => {
      expect(changeFailureRateTier(rate, benchmark)).toBe(tier);
    },
  );

  test("a rate outside [0, 1] is a programming error", () => {
    for (const bad of [-0.01, 1.01, 15, Number.NaN])
      expect(() => changeFailureRateTier(bad, "2023")).toThrow(RangeError);
  });
});

describe("recoveryTimeTier", () => {
  // the same bands in every benchmark (2024's medium: see docs/tiers.md)
  const cases: [number, Tier][] = [
    [0, "elite"],
    [HOUR - 1, "elite"],
    [HOUR, "high"],
    [DAY - 1, "high"],
    [DAY, "medium"],
    [WEEK - 1, "medium"],
    [WEEK, "low"],
    [MONTH, "low"],
  ];
  test.each(benchmarks.flatMap((b) => cases.map(([s, t]) => [b, s, t] as const)))(
    "%s: %d s → %s",
    (benchmark, seconds, tier) => {
      expect(recoveryTimeTier(seconds, benchmark)).toBe(tier);
    },
  );

  test("a negative or NaN duration is a programming error", () => {
    for (const bad of [-1, Number.NaN]) {
      expect(() => recoveryTimeTier(bad, "2023")).toThrow(RangeError);
      expect(() => leadTimeTier(bad, "2021")).toThrow(RangeError);
    }
  });
});

describe("overallTier", () => {
  test.each([
    [[], null],
    [["low"], "low"],
    [["elite"], "elite"],
    [["elite", "elite", "elite", "elite"], "elite"],
    [["elite", "elite", "elite", "high"], "elite"], // 3.75
    [["elite", "elite", "high"], "elite"], // 3.67
    [["elite", "elite", "high", "high"], "high"], // 3.5: half rounds down
    [["elite", "high"], "high"], // 3.5
    [["elite", "high", "high"], "high"], // 3.33
    [["elite", "medium"], "high"], // 3
    [["elite", "low"], "medium"], // 2.5
    [["elite", "elite", "low", "low"], "medium"], // 2.5
    [["elite", "high", "medium", "low"], "medium"], // 2.5
    [["high", "medium", "low"], "medium"], // 2
    [["medium", "low"], "low"], // 1.5
    [["medium", "medium", "low"], "medium"], // 1.67
    [["low", "low", "low", "low"], "low"],
  ] as const)("%j → %s", (metricTiers, expected) => {
    expect(overallTier(metricTiers)).toBe(expected);
  });
});

describe("benchmarks", () => {
  test("the default is 2023; isBenchmark accepts exactly the known names", () => {
    expect(defaultBenchmark).toBe("2023");
    expect(benchmarks.every(isBenchmark)).toBe(true);
    for (const bad of ["2022", "", " 2023", "2023 ", "latest"]) expect(isBenchmark(bad)).toBe(false);
  });

  test.each(benchmarks)("%s table: JSON-serializable, frozen, every category in exactly one tier", (b) => {
    const table = benchmarkTable(b);
    expect(table.benchmark).toBe(b);
    expect(JSON.parse(JSON.stringify(table))).toEqual(table);
    expect(Object.isFrozen(table.changeFailureRate)).toBe(true);
    const listed = Object.values(table.deploymentFrequency.categories).flat();
    expect([...listed].sort()).toEqual([...deploymentCategories].sort());
    for (const bands of [table.leadTime, table.changeFailureRate, table.recoveryTime]) {
      expect(bands.elite).toBeLessThan(bands.high);
      expect(bands.high).toBeLessThan(bands.medium);
    }
  });

  test("the 2024 change failure rate bands are the report's values, ranked", () => {
    expect(benchmarkTable("2024").changeFailureRate).toMatchObject({ elite: 0.05, high: 0.1, medium: 0.2 });
  });
});
