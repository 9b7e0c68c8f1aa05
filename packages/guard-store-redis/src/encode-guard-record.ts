import { type GuardRecord, redactSecrets } from "@sentrail/client";

/** How an executed call's result is kept: JSON, `undefined`, or not at all (it cannot be serialised). */
export type StoredResult = { kind: "json"; value: unknown } | { kind: "undefined" } | { kind: "not_stored" };

/** An error as stored: its name and redacted message, never its stack, cause or fields. */
export interface StoredError {
  name: string;
  message: string;
}

/**
 * The JSON text of a record. Records are plain data except a settled outcome's `result` (whatever the
 * tool returned) and `error` (whatever it threw): the result is kept as JSON (what `JSON.stringify`
 * makes of it), `undefined` as such, and anything JSON cannot hold (a cycle, a BigInt) as "not stored";
 * an error becomes `{ name, message }` with secrets redacted.
 *
 * @example
 * ```ts
 * await client.eval(script, { keys, arguments: [..., encodeGuardRecord(record)] });
 * ```
 */
export function encodeGuardRecord(record: GuardRecord): string {
  if (record.state !== "settled") return JSON.stringify(record);
  const { outcome } = record;
  const stored: Record<string, unknown> = { ...outcome, error: toStoredError(outcome.error) };
  if (outcome.status === "executed") stored.result = toStoredResult(outcome.result);
  return JSON.stringify({ state: "settled", revision: record.revision, outcome: stored });
}

function toStoredResult(result: unknown): StoredResult {
  if (result === undefined) return { kind: "undefined" };
  try {
    const json = JSON.stringify(result);
    if (json !== undefined) return { kind: "json", value: JSON.parse(json) };
  } catch {
    // Cyclic, a BigInt, or a toJSON that throws: the result cannot be kept.
  }
  return { kind: "not_stored" };
}

function toStoredError(error: unknown): StoredError | null {
  if (error === null || error === undefined) return null;
  if (error instanceof Error) return { name: error.name, message: redactSecrets(error.message) };
  if (typeof error === "object") {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === "string") {
      return { name: typeof name === "string" ? name : "Error", message: redactSecrets(message) };
    }
  }
  return { name: typeof error, message: redactSecrets(describe(error)) };
}

function describe(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
