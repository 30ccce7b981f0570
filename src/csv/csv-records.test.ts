import { expect, test } from "vitest";
import { csvRecords } from "./csv-records.js";

const values = (text: string) => csvRecords(text).map((r) => [r.line, r.cells.map((c) => c.value)]);

test("quotes, doubled quotes, CRLF, line breaks inside quotes (a record keeps its first line); BOM and blank lines skipped", () => {
  expect(values('\uFEFFa,b\r\n"x, y","say ""hi"""\n\n"multi\nline",z\n')).toEqual([
    [1, ["a", "b"]],
    [2, ["x, y", 'say "hi"']],
    [4, ["multi\nline", "z"]],
  ]);
  expect(csvRecords('a,""')[0]?.cells).toEqual([
    { value: "a", quoted: false },
    { value: "", quoted: true },
  ]);
  expect(csvRecords("")).toEqual([]);
});

test("malformed quoting is an error naming the line", () => {
  expect(() => csvRecords('a,b\n1,"open\n2,3')).toThrow(/line 2: a quoted field is not closed/);
  expect(() => csvRecords('a,b\n1,x"y')).toThrow(/line 2: a quote inside an unquoted field/);
  expect(() => csvRecords('a,b\n1,"x"y')).toThrow(/line 2: text after a closing quote/);
});
