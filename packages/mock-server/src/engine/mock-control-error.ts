const BRAND = Symbol.for("sentrail.mock-server.MockControlError");

/**
 * Thrown by the programmatic control (`mock.control`) when its input breaks the contract: a seed
 * (`policies[1].mode must be one of allow, block, require_approval`), a clock change, an upstream
 * script or a fault. The message names what and where; nothing was changed. Over HTTP the same
 * message is answered as `400 { "ok": false, "error": … }`.
 *
 * @example
 * try {
 *   await mock.control.seed(seed);
 * } catch (error) {
 *   if (MockControlError.isInstance(error)) console.error(error.message);
 * }
 */
export class MockControlError extends Error {
  override readonly name = "MockControlError";
  readonly [BRAND] = true;

  /** True for a {@link MockControlError} from any copy of this package (cross-realm safe). */
  static isInstance(value: unknown): value is MockControlError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
