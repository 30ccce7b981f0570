import fc from "fast-check";
import { expect, test } from "vitest";
import type { LinkedDeployment } from "../metrics/linked.js";
import { deploymentsById } from "./deployments-by-id.js";

const deployment = (id: string, n: number) => ({ id, n }) as unknown as LinkedDeployment & { n: number };

test("property: finds what a Map filled in order finds, for every id and for ids it does not have", () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ maxLength: 4 }), { maxLength: 200 }),
      fc.string({ maxLength: 4 }),
      (ids, other) => {
        const list = ids.map(deployment);
        const map = new Map(list.map((d) => [d.id, d]));
        const index = deploymentsById(list);
        for (const id of [...ids, other]) {
          expect(index.get(id)).toBe(map.get(id));
          expect(index.has(id)).toBe(map.has(id));
        }
      },
    ),
  );
});

test("a repeated id finds the last deployment with it; none finds nothing", () => {
  const index = deploymentsById([deployment("b", 0), deployment("a", 1), deployment("b", 2)]);
  expect((index.get("b") as LinkedDeployment & { n: number }).n).toBe(2);
  expect(index.get("c")).toBeUndefined();
  expect(deploymentsById([]).get("a")).toBeUndefined();
});
