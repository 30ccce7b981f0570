import type { CheckedItem } from "../ingest/check-item.js";

/**
 * Checked items as they cross from the worker to the main thread. A structured clone of thousands of small objects
 * (each event with its fields and parents) cost the worker more than checking them; one string is copied whole.
 * A valid item is its body, hash, timeless flag and the event's canonical JSON, NUL-separated (canonical JSON
 * escapes NUL, and a hash has none); its event is parsed back from that JSON, which gives the same event with its
 * keys in sorted order (everything stored from it is canonical JSON or read by name). A rejected item is sent as
 * it is, with its position.
 */
export interface PackedItems {
  count: number;
  text: string;
  rejected: { index: number; item: CheckedItem }[];
}

const NUL = "\u0000";

export function packCheckedItems(items: readonly CheckedItem[]): PackedItems {
  const parts: string[] = [];
  const rejected: PackedItems["rejected"] = [];
  items.forEach((item, index) => {
    if (item.result.ok && item.eventJson !== undefined) {
      parts.push(item.body, item.hash, item.timeless ? "1" : "0", item.eventJson);
    } else {
      rejected.push({ index, item });
    }
  });
  return { count: items.length, text: parts.join(NUL), rejected };
}

export function unpackCheckedItems(packed: PackedItems): CheckedItem[] {
  const items = new Array<CheckedItem>(packed.count);
  for (const { index, item } of packed.rejected) items[index] = item;
  const parts = packed.text === "" ? [] : packed.text.split(NUL);
  let p = 0;
  for (let index = 0; index < packed.count; index++) {
    if (items[index] !== undefined) continue;
    const body = parts[p++] as string;
    const hash = parts[p++] as string;
    const timeless = parts[p++] === "1";
    const eventJson = parts[p++] as string;
    items[index] = { result: { ok: true, event: JSON.parse(eventJson) }, body, hash, timeless, eventJson };
  }
  return items;
}
