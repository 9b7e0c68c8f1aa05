/**
 * Serialises a value as canonical JSON: object keys sorted by code unit, no whitespace, and otherwise
 * the same rules as `JSON.stringify` (`toJSON` is honoured, `undefined`/functions/symbols are dropped
 * from objects and become `null` in arrays, non-finite numbers become `null`). Two values that
 * `JSON.stringify` would serialise to the same data, in any key order, give the same text, so the text
 * can be hashed into a stable identity (the guard's call key).
 *
 * A `bigint` is written as a decimal string (JSON has no bigint). A top-level `undefined` is written
 * as `null`. Throws a `TypeError` for a cyclic structure, as `JSON.stringify` does.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, undefined] }); // => '{"a":[true,null],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set<object>()) ?? "null";
}

/** `undefined` means "leave this member out" (JSON.stringify's rule for object members). */
function write(value: unknown, ancestors: Set<object>): string | undefined {
  if (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  ) {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return JSON.stringify(value.toString());
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return "null";
  const object = value as object;
  if (ancestors.has(object)) throw new TypeError("Cannot serialise a cyclic structure as canonical JSON");
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      return `[${object.map((item) => write(item, ancestors) ?? "null").join(",")}]`;
    }
    const members: string[] = [];
    for (const key of Object.keys(object).sort()) {
      const member = write((object as Record<string, unknown>)[key], ancestors);
      if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
    }
    return `{${members.join(",")}}`;
  } finally {
    ancestors.delete(object);
  }
}
