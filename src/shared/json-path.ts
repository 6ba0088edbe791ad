/**
 * Reading a value out of a parsed JSON document by a dotted path — `status`, `checks.db.status`,
 * `items[0].id` or `items.0.id` — for the gate's `expect_json` and the json and command metric
 * providers. Only the document's own data is read: a key must be an own property of an object
 * (`constructor`, `__proto__`, `toString` never reach the prototype), an index must be a position in a
 * list (`length` is not one), and `[n]` indexes lists only.
 */
export type PathLookup = { found: true; value: unknown } | { found: false };

const NOT_FOUND: PathLookup = { found: false };

export function readPath(doc: unknown, path: string): PathLookup {
  let cur: unknown = doc;
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (cur === null || typeof cur !== 'object') return NOT_FOUND;
    const bracket = m[2] !== undefined;
    const key = m[1] ?? m[2]!;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(key) || Number(key) >= cur.length) return NOT_FOUND;
      cur = cur[Number(key)];
    } else {
      if (bracket) return NOT_FOUND;
      const own = Object.getOwnPropertyDescriptor(cur, key);
      if (!own || !('value' in own)) return NOT_FOUND;
      cur = own.value;
    }
  }
  return { found: true, value: cur };
}
