import { expect, test } from "vitest";
import { serviceRecord } from "../metrics/records.js";
import { serviceNames } from "./service-names.js";

const names = serviceNames([
  serviceRecord({ name: "checkout", repos: ["acme/checkout-web"], aliases: ["Checkout API", "search"] }),
  serviceRecord({ name: "billing", repos: ["acme/checkout-web", "acme/billing"], aliases: ["Checkout API"] }),
  serviceRecord({ name: "search" }),
]);

test("a service's own name wins over another's alias; an alias names its service", () => {
  expect(names.canonical("search", null)).toBe("search"); // checkout's alias "search" is another service's name
  expect(names.canonical("Checkout API", null)).toBe("billing"); // claimed twice: the first by name wins
});

test("a repository claims the deployments of a name no service has, never a known name", () => {
  expect(names.canonical("checkout-web", "acme/checkout-web")).toBe("billing"); // billing < checkout
  expect(names.canonical("billing-ui", "acme/billing")).toBe("billing");
  expect(names.canonical("search", "acme/billing")).toBe("search");
  expect(names.canonical("misc", "acme/other")).toBe("misc"); // zero configuration: a service of its own
  expect(names.canonical("misc", null)).toBe("misc");
});
