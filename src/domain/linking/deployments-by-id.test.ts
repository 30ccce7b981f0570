import fc from "fast-check";
import { expect, test } from "vitest";
import { idFinder } from "../metrics/id-finder.js";
import type { LinkedDeployment } from "../metrics/linked.js";
import { stringList } from "../metrics/string-list.js";
import { deploymentsById } from "./deployments-by-id.js";

const deployment = (id: string, n: number) => ({ id, n }) as unknown as LinkedDeployment & { n: number };
const index = (list: (LinkedDeployment & { n: number })[]) =>
  deploymentsById(idFinder(stringList(list.map((d) => d.id))), (row) => list[row] as LinkedDeployment);

test("property: finds what a Map filled in order finds, for every id and for ids it does not have", () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ maxLength: 4 }), { maxLength: 200 }),
      fc.string({ maxLength: 4 }),
      (ids, other) => {
        const list = ids.map(deployment);
        const map = new Map(list.map((d) => [d.id, d]));
        const byId = index(list);
        for (const id of [...ids, other]) {
          expect(byId.get(id)).toBe(map.get(id));
          expect(byId.has(id)).toBe(map.has(id));
        }
      },
    ),
  );
});

test("a repeated id finds the last deployment with it; none finds nothing", () => {
  const byId = index([deployment("b", 0), deployment("a", 1), deployment("b", 2)]);
  expect((byId.get("b") as LinkedDeployment & { n: number }).n).toBe(2);
  expect(byId.get("c")).toBeUndefined();
  expect(index([]).get("a")).toBeUndefined();
});
