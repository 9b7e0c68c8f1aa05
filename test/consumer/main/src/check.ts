/** Throws (the run exits non-zero) when a consumer expectation does not hold. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`consumer check failed: ${message}`);
}

/** One line per expectation that held. */
export function passed(message: string): void {
  console.log(`  ✓ ${message}`);
}
