import { describe, expect, test } from "vitest";
import { canonicalJson } from "../domain/events/merge-event.js";
import { checkItem } from "../ingest/check-item.js";
import { decodeOne } from "../ingest/decode-body.js";
import { packCheckedItems, unpackCheckedItems } from "./pack-checked-items.js";

describe("packCheckedItems", () => {
  test("valid and rejected items come back equal, in their order; events with their canonical JSON unchanged", () => {
    const items = [
      checkItem({
        raw: "",
        value: {
          type: "change",
          repo: "acme/web",
          sha: "abcdef1",
          parents: [],
          authoredAt: "2026-03-01T10:00:00Z",
          committedAt: "2026-03-01T10:00:00+01:00",
          author: "Ana \u0000 Dev",
          title: 'quotes " and \\ and \n and ✓',
        },
      }),
      checkItem({ raw: "", value: { type: "change", repo: "acme/web" } }),
      checkItem(decodeOne("{not json")),
      checkItem({ raw: "", value: { type: "service", name: "web" } }),
    ];
    expect(items.map((i) => i.result.ok)).toEqual([true, false, false, true]);
    const back = unpackCheckedItems(structuredClone(packCheckedItems(items)));
    expect(back).toEqual(items);
    for (const item of back)
      if (item.result.ok) expect(canonicalJson(item.result.event)).toBe(item.eventJson);
    expect(unpackCheckedItems(packCheckedItems([]))).toEqual([]);
  });
});
