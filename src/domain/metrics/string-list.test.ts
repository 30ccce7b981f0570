import fc from "fast-check";
import { expect, test } from "vitest";
import { packStrings, stringList } from "./string-list.js";

test("property: packed strings read back as they were, any text", () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: "grapheme" }), { maxLength: 100 }), (values) => {
      const packed = packStrings(stringList(values));
      expect(packed.length).toBe(values.length);
      expect(Array.from({ length: packed.length }, (_, i) => packed.get(i))).toEqual(values);
    }),
  );
});
